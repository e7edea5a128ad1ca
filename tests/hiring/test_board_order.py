"""The board and its stage lists rank by the stored composite in the database: best first, ties by name, then
the candidates without a score (or held from the viewer) by name, the same across pages."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.roles import Role
from assessments.hiring.models import Candidate, Stage
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def _column(response, stage: str = Stage.APPLIED):  # type: ignore[no-untyped-def]
    return next(col for col in response.context["columns"] if col.stage == stage)


def _names(column) -> list[str]:  # type: ignore[no-untyped-def]
    return [card.candidate.name for card in column.cards]


@pytest.fixture
def rated(persona):  # type: ignore[no-untyped-def]
    """Cy rated 5, Abe and Bea both 3 (a tie), Al and Dee not rated."""
    requisition = make_requisition(recruiter=persona("recruiter"))
    rater = UserFactory(roles=[Role.COACH])
    by_name = {}
    for name, value in (("Bea", 3), ("Cy", 5), ("Dee", None), ("Abe", 3), ("Al", None)):
        by_name[name] = make_candidate(requisition, name=name)
        if value is not None:
            submit_scorecard(make_interview(by_name[name], rater), value)
    return requisition, by_name


def test_the_board_ranks_by_composite_ties_by_name_and_unscored_last(rated, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition, _ = rated
    applied = _column(login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/"))
    assert _names(applied) == ["Cy", "Abe", "Bea", "Al", "Dee"]
    scores = [card.composite.score for card in applied.cards]
    assert scores[0] > scores[1] == scores[2] and scores[3:] == [None, None]


def test_the_stage_list_ranks_the_same_way(rated, login_as) -> None:  # type: ignore[no-untyped-def]
    requisition, _ = rated
    response = login_as("recruiter").get(f"/hiring/requisitions/{requisition.pk}/?stage=applied")
    assert _names(_column(response)) == ["Cy", "Abe", "Bea", "Al", "Dee"]


def test_a_candidate_held_from_the_viewer_ranks_with_the_unscored(rated, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition, by_name = rated
    make_interview(by_name["Cy"], persona("recruiter"))  # the recruiter's own scorecard for Cy is pending
    client = login_as("recruiter")
    for url in (
        f"/hiring/requisitions/{requisition.pk}/",
        f"/hiring/requisitions/{requisition.pk}/?stage=applied",
    ):
        applied = _column(client.get(url))
        assert _names(applied) == ["Abe", "Bea", "Al", "Cy", "Dee"], url
        cy = next(card for card in applied.cards if card.candidate.name == "Cy")
        assert cy.composite is None and cy.interviews == 2 and cy.submitted == 1


def test_the_stage_list_pages_in_composite_order(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition(recruiter=persona("recruiter"))
    now = timezone.now()
    Candidate.objects.bulk_create(
        [
            Candidate(
                requisition=requisition,
                name=f"Cand {i:03d}",
                email=f"cand{i:03d}@example.com",
                stage=Stage.APPLIED,
                stage_changed_at=now,
                # Few distinct scores, so most candidates tie; every fifth has none.
                composite_score=None if i % 5 == 0 else (i * 7 % 4) / 4,
                composite_coverage=0.0 if i % 5 == 0 else 1.0,
            )
            for i in range(70)
        ]
    )
    rows = Candidate.objects.filter(requisition=requisition).values_list("name", "composite_score")
    expected = [
        name for name, score in sorted(rows, key=lambda r: (-(r[1] if r[1] is not None else -1), r[0]))
    ]
    client = login_as("recruiter")
    url = f"/hiring/requisitions/{requisition.pk}/?stage=applied"
    shown = _names(_column(client.get(url))) + _names(_column(client.get(url + "&page=2")))
    assert shown == expected
    board = _column(client.get(f"/hiring/requisitions/{requisition.pk}/"))
    assert _names(board) == expected[:20] and board.total == 70
