"""Decisions: a hire becomes a learner in the team (new or linked account); rejections keep their scores."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent, Membership, User
from accounts.roles import Role
from assessments.hiring.models import Rating, Stage, StageChange
from assessments.hiring.services import candidate_decide, candidate_stage_move
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

pytestmark = pytest.mark.django_db


def test_hiring_creates_a_verified_learner_in_the_team_and_links_it(
    roles, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    candidate = make_candidate(requisition, name="Mei Lin", email="Mei.Lin@Example.com")
    with django_capture_on_commit_callbacks(execute=True):
        candidate_decide(
            candidate=candidate,
            decision=Stage.HIRED,
            reason="Strong panel",
            actor=requisition.hiring_manager,
            start_date=dt.date(2026, 12, 1),
        )
    user = User.objects.get(email="mei.lin@example.com")
    assert candidate.user == user and candidate.stage == Stage.HIRED
    assert (user.first_name, user.last_name, user.start_date) == ("Mei", "Lin", dt.date(2026, 12, 1))
    assert user.groups.filter(name=Role.LEARNER).exists()
    assert user.emailaddress_set.get().verified
    assert Membership.objects.filter(user=user, org_unit=requisition.team).exists()
    event = AuditEvent.objects.get(verb="candidate.hired")
    assert event.actor == requisition.hiring_manager and event.note == "Strong panel"
    assert StageChange.objects.filter(candidate=candidate, to_stage=Stage.HIRED).exists()


def test_hiring_someone_who_already_has_an_account_links_it(roles) -> None:  # type: ignore[no-untyped-def]
    existing = UserFactory(email="back@example.com")
    requisition = make_requisition()
    candidate = make_candidate(requisition, email="back@example.com")
    candidate_decide(
        candidate=candidate, decision=Stage.HIRED, reason="Rehire", actor=requisition.hiring_manager
    )
    assert candidate.user == existing and User.objects.filter(email="back@example.com").count() == 1
    assert existing.groups.filter(name=Role.LEARNER).exists()


def test_rejected_candidates_keep_their_scores(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    candidate = make_candidate(requisition)
    submit_scorecard(make_interview(candidate), 2)
    candidate_decide(
        candidate=candidate,
        decision=Stage.REJECTED,
        reason="Weak discovery",
        actor=requisition.hiring_manager,
    )
    assert Rating.objects.filter(scorecard__candidate=candidate, value=2).count() == 3
    assert candidate.user is None and candidate.stage_reason == "Weak discovery"


def test_a_decision_needs_a_reason_the_hiring_manager_and_an_open_candidate(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    candidate = make_candidate(requisition)
    with pytest.raises(ValidationError):
        candidate_decide(
            candidate=candidate, decision=Stage.DECLINED, reason=" ", actor=requisition.hiring_manager
        )
    with pytest.raises(PermissionDenied):
        candidate_decide(
            candidate=candidate, decision=Stage.DECLINED, reason="x", actor=requisition.recruiter
        )
    candidate_decide(
        candidate=candidate,
        decision=Stage.DECLINED,
        reason="Took another offer",
        actor=requisition.hiring_manager,
    )
    with pytest.raises(ValidationError):
        candidate_decide(
            candidate=candidate, decision=Stage.HIRED, reason="x", actor=requisition.hiring_manager
        )
    with pytest.raises(ValidationError):
        candidate_stage_move(candidate=candidate, stage=Stage.OFFER, actor=requisition.recruiter)


def test_the_team_manager_may_decide_for_a_requisition_in_their_team(roles) -> None:  # type: ignore[no-untyped-def]
    requisition = make_requisition()
    team_manager = UserFactory(roles=[Role.COACH])
    requisition.team.manager = team_manager
    requisition.team.save()
    candidate = make_candidate(requisition)
    candidate_decide(candidate=candidate, decision=Stage.REJECTED, reason="No", actor=team_manager)
    assert candidate.stage == Stage.REJECTED
