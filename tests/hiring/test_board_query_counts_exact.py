"""The board and its stage list run an exact, fixed number of queries: 3 candidates or 12, rated or not."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from assessments.hiring.models import Candidate, Stage
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

# The request's own and the requisition, then: the criteria, the ranked top of every stage (one window query),
# the stage counts, and the shown cards with their scorecards and ratings.
BOARD_QUERIES = 11
# By name; by composite one more (the criteria the ranking is built from).
STAGE_QUERIES = 10


def _fill(requisition, n: int) -> None:  # type: ignore[no-untyped-def]
    raters = [UserFactory(roles=[Role.COACH]) for _ in range(2)]
    for i in range(n):
        candidate = make_candidate(requisition, name=f"Cand {i:02d}")
        if i % 3 == 0:
            Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.SCREEN)
        if i % 2 == 0:
            for rater in raters:
                submit_scorecard(make_interview(candidate, rater), 1 + i % 5)


@pytest.mark.parametrize("size", [3, 12])
def test_the_board_runs_a_fixed_number_of_queries(size, login_as, persona, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _fill(requisition, size)
    client = login_as("recruiter")
    url = f"/hiring/requisitions/{requisition.pk}/"
    client.get(url)  # the session's first request records the MFA check
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(url)
    assert sum(column.total for column in response.context["columns"]) == size


@pytest.mark.parametrize("size", [3, 12])
@pytest.mark.parametrize("sort", ["composite", "name"])
def test_the_stage_list_runs_a_fixed_number_of_queries(
    size, sort, login_as, persona, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _fill(requisition, size)
    client = login_as("recruiter")
    url = f"/hiring/requisitions/{requisition.pk}/?stage=applied&sort={sort}"
    client.get(url)
    with django_assert_num_queries(STAGE_QUERIES + (1 if sort == "composite" else 0)):
        response = client.get(url)
    applied = response.context["columns"][0]
    assert applied.total == len(applied.cards) == size - len(range(0, size, 3))
