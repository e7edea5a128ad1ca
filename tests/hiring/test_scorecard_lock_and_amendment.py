"""Submitting needs every rating and a recommendation, locks the card and the rubric version; corrections are amendments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from assessments.hiring.models import Rating, ScorecardAmendment
from assessments.hiring.services import scorecard_amend, scorecard_for_interview, scorecard_save
from assessments.rubrics.services import rubric_version_is_locked
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def test_an_incomplete_scorecard_cannot_be_submitted_but_saves_as_a_draft(roles) -> None:  # type: ignore[no-untyped-def]
    interview = make_interview(make_candidate(make_requisition()))
    card = scorecard_for_interview(interview=interview)
    first = card.ratings.first()
    with pytest.raises(ValidationError) as info:
        scorecard_save(
            scorecard=card,
            ratings={first.criterion_id: (4, "good")},
            recommendation="",
            submit=True,
            actor=interview.interviewer,
        )
    assert "recommendation" in info.value.message_dict
    scorecard_save(
        scorecard=card,
        ratings={first.criterion_id: (4, "good")},
        recommendation="",
        submit=False,
        actor=interview.interviewer,
    )
    first.refresh_from_db()
    assert (first.value, first.evidence) == (4, "good")
    card.refresh_from_db()
    assert not card.locked and not rubric_version_is_locked(version=card.rubric_version)


def test_submitting_locks_the_scorecard_and_the_rubric_version(roles) -> None:  # type: ignore[no-untyped-def]
    interview = make_interview(make_candidate(make_requisition()))
    card = submit_scorecard(interview, 4)
    assert card.locked and card.submitted_at is not None
    assert rubric_version_is_locked(version=card.rubric_version)
    with pytest.raises(ValidationError):
        scorecard_save(
            scorecard=card, ratings={}, recommendation="no", submit=False, actor=interview.interviewer
        )
    assert AuditEvent.objects.filter(verb="scorecard.submit").count() == 1


def test_a_rating_outside_the_scale_is_refused(roles) -> None:  # type: ignore[no-untyped-def]
    interview = make_interview(make_candidate(make_requisition()))
    with pytest.raises(ValidationError):
        submit_scorecard(interview, 6)


def test_a_correction_keeps_the_old_value_and_is_audited(roles) -> None:  # type: ignore[no-untyped-def]
    interview = make_interview(make_candidate(make_requisition()))
    card = submit_scorecard(interview, 4)
    rating = card.ratings.select_related("criterion").first()
    scorecard_amend(
        scorecard=card,
        criterion=rating.criterion,
        value=2,
        reason="Typo: meant 2",
        actor=interview.interviewer,
    )
    assert Rating.objects.get(pk=rating.pk).value == 2
    amendment = ScorecardAmendment.objects.get()
    assert (amendment.before, amendment.after, amendment.reason) == ("4", "2", "Typo: meant 2")
    event = AuditEvent.objects.get(verb="scorecard.amend")
    assert event.before["value"] == "4" and event.after["value"] == "2"
    with pytest.raises(ValidationError):
        scorecard_amend(
            scorecard=card, criterion=rating.criterion, value=3, reason="", actor=interview.interviewer
        )
