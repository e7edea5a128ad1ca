"""Calibration keeps scoring independent: while a viewer's own scorecard is pending, others' submissions don't show."""

from __future__ import annotations

import re

import pytest

from accounts.roles import Role
from assessments.hiring.calibration import requisition_calibration
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _page(client, requisition) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/hiring/requisitions/{requisition.pk}/calibration/")
    assert response.status_code == 200
    # The CSRF token is masked afresh on every response; everything else must be the same bytes.
    return CSRF.sub("csrf", response.content.decode())


@pytest.fixture
def panel(roles, client, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    requisition = make_requisition()
    manager = requisition.hiring_manager
    bob, cleo = (UserFactory(roles=[Role.COACH], first_name=n, last_name="Q") for n in ("Bob", "Cleo"))
    # Already scored before the manager joins any panel: visible to the manager throughout.
    earlier = make_candidate(requisition)
    submit_scorecard(make_interview(earlier, bob), 2)
    submit_scorecard(make_interview(earlier, cleo), 3)
    # The manager interviews this one too, and has not submitted.
    held = make_candidate(requisition)
    mine = make_interview(held, manager)
    client.force_login(manager)
    return requisition, manager, bob, held, mine, client


def test_another_interviewers_submission_leaves_the_managers_page_unchanged(panel) -> None:  # type: ignore[no-untyped-def]
    requisition, manager, bob, held, mine, client = panel
    before = _page(client, requisition)
    submit_scorecard(make_interview(held, bob), 5, recommendation="strong_yes")
    assert _page(client, requisition) == before
    # The same holds with a draft of their own started.
    submit_scorecard(mine, 1, submit=False)
    assert _page(client, requisition) == before
    submit_scorecard(mine, 4)
    after = _page(client, requisition)
    assert after != before
    counts = [
        n for c in requisition_calibration(requisition=requisition, viewer=manager) for n in [c.n_ratings]
    ]
    assert counts == [
        c.n_ratings for c in requisition_calibration(requisition=requisition, viewer=requisition.recruiter)
    ]


def test_held_candidates_are_left_out_of_every_criterion(panel) -> None:  # type: ignore[no-untyped-def]
    requisition, manager, bob, held, _mine, _client = panel
    submit_scorecard(make_interview(held, bob), 5)
    for mine, everyone in zip(
        requisition_calibration(requisition=requisition, viewer=manager),
        requisition_calibration(requisition=requisition, viewer=requisition.recruiter),
        strict=True,
    ):
        assert (mine.n_ratings, everyone.n_ratings) == (2, 3)
        assert {r.name for r in mine.raters} == {"Bob Q", "Cleo Q"}
        assert [count for _v, count, _pct in mine.distribution] == [0, 1, 1, 0, 0]


def test_the_page_says_how_many_candidates_are_held_back(panel) -> None:  # type: ignore[no-untyped-def]
    requisition, _manager, _bob, _held, _mine, client = panel
    assert "Your scorecard for 1 candidate is not submitted yet" in _page(client, requisition)
