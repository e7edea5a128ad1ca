"""The scorecard page: a failed submit keeps what was typed as a draft; a complete submit locks and shows the others."""

from __future__ import annotations

import pytest

from assessments.hiring.models import Scorecard
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def test_a_failed_submit_keeps_the_draft_and_a_full_submit_locks(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    candidate = make_candidate(make_requisition())
    submit_scorecard(make_interview(candidate), 5)
    make_interview(candidate, persona("coach"))
    client = login_as("coach")
    url = f"/hiring/candidates/{candidate.pk}/scorecard/"
    page = client.get(url)
    assert page.status_code == 200
    ratings = [r for r, _errors in page.context["ratings"]]
    first = ratings[0].criterion_id
    response = client.post(
        url, {f"rating_{first}": "3", f"evidence_{first}": "asked good questions", "action": "submit"}
    )
    assert response.status_code == 200 and response.context["errors"]
    card = Scorecard.objects.get(interviewer=persona("coach"))
    assert not card.locked
    assert card.ratings.get(criterion_id=first).evidence == "asked good questions"
    assert "asked good questions" in response.content.decode()
    full = {f"rating_{r.criterion_id}": "4" for r in ratings} | {"recommendation": "yes", "action": "submit"}
    response = client.post(url, full)
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.locked
    detail = client.get(f"/hiring/candidates/{candidate.pk}/")
    assert len(detail.context["page"].scorecards) == 2
