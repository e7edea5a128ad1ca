"""The pipeline board runs the same number of queries for 5 and 100 candidates, and sorts by composite."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from assessments.hiring.models import Candidate, Stage
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def _fill(requisition, n, interviewers):  # type: ignore[no-untyped-def]
    for i in range(n):
        candidate = make_candidate(requisition)
        if i % 3 == 0:
            Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.INTERVIEWS)
        for rater in interviewers[: 2 + i % 2]:
            submit_scorecard(make_interview(candidate, rater), 1 + (i + rater.pk) % 5)


def _board_queries(client, requisition) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/hiring/requisitions/{requisition.pk}/").status_code == 200
    return len(ctx.captured_queries)


def test_board_query_count_does_not_grow_with_candidates(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("recruiter")
    interviewers = [UserFactory(roles=[Role.COACH]) for _ in range(3)]
    small = make_requisition(recruiter=persona("recruiter"))
    large = make_requisition(recruiter=persona("recruiter"))
    _fill(small, 5, interviewers)
    _fill(large, 100, interviewers)
    _board_queries(client, small)  # warm per-session caches
    assert _board_queries(client, small) == _board_queries(client, large)


def test_board_sorts_each_column_by_composite(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    rater = UserFactory(roles=[Role.COACH])
    for value in (2, 5, 3):
        submit_scorecard(make_interview(make_candidate(requisition, name=f"Rated {value}"), rater), value)
    response = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/")
    applied = next(col.cards for col in response.context["columns"] if col.stage == Stage.APPLIED)
    assert [c.candidate.name for c in applied] == ["Rated 5", "Rated 3", "Rated 2"]
    by_name = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/?sort=name")
    applied = next(col.cards for col in by_name.context["columns"] if col.stage == Stage.APPLIED)
    assert [c.candidate.name for c in applied] == ["Rated 2", "Rated 3", "Rated 5"]


def test_a_board_viewer_with_a_pending_scorecard_sees_no_score_for_that_candidate(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(hiring_manager=persona("coach"))
    candidate = make_candidate(requisition)
    submit_scorecard(make_interview(candidate), 5)
    make_interview(candidate, persona("coach"))
    response = login_as("coach").get(f"/hiring/requisitions/{requisition.pk}/")
    applied = next(col.cards for col in response.context["columns"] if col.stage == Stage.APPLIED)
    assert applied[0].composite is None
