"""The hiring home puts what is waiting on you first; finished scorecards are folded away and paginated."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from assessments.hiring.models import Stage
from assessments.hiring.services import candidate_stage_move
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

# Session and user, hiring access, requisitions summary, calibration list, the two to-do lists, the finished
# page (count + rows), may-create: the same at every size.
HOME_QUERIES = 9


def _world(n: int, settings) -> tuple[Client, object]:  # type: ignore[no-untyped-def]
    """A hiring manager with `n` finished scorecards, `n` to write and `n` candidates ready for a decision."""
    settings.RAMPWAY_ENFORCE_MFA = False
    manager = UserFactory(roles=[Role.COACH, Role.RECRUITER])
    requisition = make_requisition(hiring_manager=manager, title="Account Executive")
    other = UserFactory(roles=[Role.COACH])
    for i in range(n):
        finished = make_candidate(requisition, name=f"Finished {i:02d}")
        submit_scorecard(make_interview(finished, manager), 3)
        make_interview(finished, other)  # still open: not a decision yet
        make_interview(make_candidate(requisition, name=f"Pending {i:02d}"), manager)
        ready = make_candidate(requisition, name=f"Ready {i:02d}")
        submit_scorecard(make_interview(ready, other), 4)
        candidate_stage_move(candidate=ready, stage=Stage.OFFER, actor=manager)
    client = Client()
    client.force_login(manager)
    return client, requisition


def test_to_do_comes_first_and_finished_work_is_folded(roles, settings) -> None:  # type: ignore[no-untyped-def]
    client, _requisition = _world(25, settings)
    html = client.get("/hiring/").content.decode()
    order = [
        html.index('id="to-do"'),
        html.index("Pending 00"),
        html.index("Ready 00"),
        html.index('id="my-requisitions"'),
        html.index('<details class="hiring-done">'),
    ]
    assert order == sorted(order)
    assert "25 interviews awaiting your scorecard" in html and "25 decisions waiting on you" in html
    assert 'href="#my-requisitions"' in html.split('id="to-do"')[0]
    folded = html.split('<details class="hiring-done">')[1].split("</details>")[0]
    assert "Finished: 25 submitted scorecards" in folded
    assert folded.count("Finished 2") == 5  # newest first: 24…20 on page one of 20 rows
    assert folded.count("<tr>") == 21  # header + 20
    assert "Finished 00" not in html.split('<details class="hiring-done">')[0]


def test_the_second_page_of_finished_work_opens_folded_list(roles, settings) -> None:  # type: ignore[no-untyped-def]
    client, _requisition = _world(25, settings)
    html = client.get("/hiring/?page=2").content.decode()
    assert '<details class="hiring-done" open>' in html
    folded = html.split('<details class="hiring-done" open>')[1].split("</details>")[0]
    assert folded.count("<tr>") == 6 and "Finished 00" in folded


def test_a_candidate_with_a_missing_scorecard_is_not_a_decision_yet(roles, settings) -> None:  # type: ignore[no-untyped-def]
    client, _requisition = _world(1, settings)
    html = client.get("/hiring/").content.decode()
    todo = html.split('id="to-do"')[1].split('id="my-requisitions"')[0]
    assert "Ready 00" in todo and "Finished 00" not in todo


@pytest.mark.parametrize("n", [2, 12])
def test_the_home_page_runs_a_fixed_number_of_queries(roles, settings, django_assert_num_queries, n) -> None:  # type: ignore[no-untyped-def]
    client, _requisition = _world(n, settings)
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/hiring/").status_code == 200
