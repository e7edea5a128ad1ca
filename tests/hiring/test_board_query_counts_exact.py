"""The board and its stage list run an exact, fixed number of queries: 3 candidates or 12, rated or not."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from assessments.hiring.models import Candidate, Stage
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db

# The request's own (session, user, MFA) and the requisition, then: the candidates held from the viewer, every
# column's top with its cards' counts (one query over the stored composites), and the stage counts.
BOARD_QUERIES = 7
# The request's own and the requisition, the held candidates, the stage's size, the page's ids, and its cards:
# by composite or by name alike.
STAGE_QUERIES = 8


def _fill(requisition, n: int) -> None:  # type: ignore[no-untyped-def]
    raters = [UserFactory(roles=[Role.COACH]) for _ in range(2)]
    for i in range(n):
        candidate = make_candidate(requisition, name=f"Cand {i:02d}")
        if i % 3 == 0:
            Candidate.objects.filter(pk=candidate.pk).update(stage=Stage.SCREEN)
        if i % 2 == 0:
            for rater in raters:
                submit_scorecard(make_interview(candidate, rater), 1 + i % 5)


def _hold(requisition, viewer) -> None:  # type: ignore[no-untyped-def]
    """The viewer interviews the first candidate and has not submitted: its scores are held from them."""
    make_interview(Candidate.objects.filter(requisition=requisition).order_by("pk").first(), viewer)


@pytest.mark.parametrize("held", [False, True])
@pytest.mark.parametrize("size", [3, 12])
def test_the_board_runs_a_fixed_number_of_queries(
    size, held, login_as, persona, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _fill(requisition, size)
    if held:
        _hold(requisition, persona("recruiter"))
    client = login_as("recruiter")
    url = f"/hiring/requisitions/{requisition.pk}/"
    client.get(url)  # the session's first request records the MFA check
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(url)
    assert sum(column.total for column in response.context["columns"]) == size


@pytest.mark.parametrize("held", [False, True])
@pytest.mark.parametrize("size", [3, 12])
@pytest.mark.parametrize("sort", ["composite", "name"])
def test_the_stage_list_runs_a_fixed_number_of_queries(
    size, sort, held, login_as, persona, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    _fill(requisition, size)
    if held:
        _hold(requisition, persona("recruiter"))
    client = login_as("recruiter")
    url = f"/hiring/requisitions/{requisition.pk}/?stage=applied&sort={sort}"
    client.get(url)
    with django_assert_num_queries(STAGE_QUERIES):
        response = client.get(url)
    applied = response.context["columns"][0]
    assert applied.total == len(applied.cards) == size - len(range(0, size, 3))
