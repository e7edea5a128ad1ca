"""An interviewer sees only their own scorecard for a candidate until they submit it (enforced in the selector)."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from assessments.hiring.selectors import candidate_page, scorecards_visible_to
from assessments.hiring.services import scorecard_for_interview
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(roles):  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    candidate = make_candidate(requisition)
    alice, bob, carol = (UserFactory(roles=[Role.COACH]) for _ in range(3))
    interviews = {u: make_interview(candidate, u) for u in (alice, bob, carol)}
    return candidate, alice, bob, carol, interviews


def test_before_submitting_an_interviewer_sees_only_their_own_draft(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, alice, bob, carol, interviews = panel
    submit_scorecard(interviews[bob], 5)
    submit_scorecard(interviews[carol], 4)
    scorecard_for_interview(interview=interviews[alice])
    visible = list(scorecards_visible_to(user=alice, candidate=candidate))
    assert [s.interviewer for s in visible] == [alice]
    page = candidate_page(user=alice, candidate=candidate)
    assert page.independence_hold and page.composite.score is None
    assert sum(page.recommendations.values()) == 0


def test_after_submitting_the_others_submitted_scorecards_appear(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, alice, bob, carol, interviews = panel
    submit_scorecard(interviews[bob], 5)
    scorecard_for_interview(interview=interviews[carol])  # carol's draft stays private
    submit_scorecard(interviews[alice], 3)
    visible = {s.interviewer for s in scorecards_visible_to(user=alice, candidate=candidate)}
    assert visible == {alice, bob}


def test_an_interviewer_without_a_scorecard_yet_sees_none_of_the_others(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, alice, bob, _carol, interviews = panel
    submit_scorecard(interviews[bob], 5)
    assert list(scorecards_visible_to(user=alice, candidate=candidate)) == []


def test_the_recruiter_sees_submitted_scorecards_but_never_drafts(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, alice, bob, _carol, interviews = panel
    submit_scorecard(interviews[bob], 5)
    scorecard_for_interview(interview=interviews[alice])
    visible = list(scorecards_visible_to(user=candidate.requisition.recruiter, candidate=candidate))
    assert [s.interviewer for s in visible] == [bob]


def test_a_stranger_sees_nothing(panel) -> None:  # type: ignore[no-untyped-def]
    candidate, _alice, bob, _carol, interviews = panel
    submit_scorecard(interviews[bob], 5)
    assert list(scorecards_visible_to(user=UserFactory(roles=[Role.COACH]), candidate=candidate)) == []


def test_the_scorecards_api_applies_the_same_rule(panel, settings, client) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    candidate, alice, bob, _carol, interviews = panel
    submit_scorecard(interviews[bob], 5)
    client.force_login(alice)
    url = f"/hiring/candidates/{candidate.pk}/scorecards.json"
    assert client.get(url).json()["scorecards"] == []
    submit_scorecard(interviews[alice], 2)
    names = {s["interviewer"] for s in client.get(url).json()["scorecards"]}
    assert names == {alice.display_name, bob.display_name}
