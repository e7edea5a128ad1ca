"""The recruiter's dashboard card counts their open requisitions, candidates in progress and scorecards to do."""

from __future__ import annotations

import pytest

from assessments.hiring.selectors import hiring_dashboard_card
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def test_the_card_shows_real_figures(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    recruiter = persona("recruiter")
    requisition = make_requisition(recruiter=recruiter)
    first, second = make_candidate(requisition), make_candidate(requisition)
    make_interview(first, recruiter)
    submit_scorecard(make_interview(second, recruiter), 3)
    card = hiring_dashboard_card(recruiter)
    assert card.value == 1
    assert [value for _label, value in card.rows] == [2, 1]
    assert "Scorecards for you to submit" in login_as("recruiter").get("/dashboard/").content.decode()


def test_without_requisitions_the_card_says_so(persona) -> None:  # type: ignore[no-untyped-def]
    card = hiring_dashboard_card(persona("recruiter"))
    assert card.value is None and "No requisitions" in str(card.empty)
