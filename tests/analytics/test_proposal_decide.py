"""Adopting a weight proposal creates a new rubric version; adverse impact blocks it unless an analyst overrides."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEvent
from analytics.models import Metric, WeightProposal
from analytics.services import proposal_adopt, proposal_reject, study_create, study_run
from assessments.hiring.models import Scorecard
from tests.factories.analytics import WINDOW, make_history
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db

NEW_WEIGHTS = {"Discovery": 0.45, "Coachability": 0.45, "Charisma": 0.1}


def _proposal(introduced: list[str] | None = None):  # type: ignore[no-untyped-def]
    history = make_history(hires=12, others=4)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
        n_bootstrap=50,
    )
    study_run(study_id=study.pk)
    proposal = WeightProposal.objects.create(
        study=study, weights=NEW_WEIGHTS, fairness={"introduced": introduced or []}
    )
    return history, proposal


def test_adopting_creates_a_new_version_and_leaves_scored_candidates_alone(persona) -> None:  # type: ignore[no-untyped-def]
    analyst = persona("analyst")
    history, proposal = _proposal()
    old_version = history.version

    adopted = proposal_adopt(proposal=proposal, reason="Charisma does not predict quota.", actor=analyst)

    new_version = adopted.rubric_version
    assert adopted.status == WeightProposal.Status.ADOPTED
    assert new_version.rubric_id == old_version.rubric_id
    assert new_version.number == old_version.number + 1
    weights = {c.name: round(c.weight, 3) for c in new_version.criteria.all()}
    assert weights == {"Discovery": 0.45, "Coachability": 0.45, "Charisma": 0.1}
    assert f"#{proposal.study_id}" in new_version.change_note
    history.requisition.refresh_from_db()
    assert history.requisition.rubric_version_id == old_version.pk
    assert not Scorecard.objects.filter(rubric_version=new_version).exists()
    assert make_requisition(rubric_version=new_version).rubric_version_id == new_version.pk
    assert AuditEvent.objects.filter(verb="weight_proposal.adopt", actor=analyst).count() == 1


def test_adoption_needs_a_reason(persona) -> None:  # type: ignore[no-untyped-def]
    _history, proposal = _proposal()
    with pytest.raises(ValidationError):
        proposal_adopt(proposal=proposal, reason="  ", actor=persona("analyst"))
    proposal.refresh_from_db()
    assert proposal.status == WeightProposal.Status.PROPOSED


def test_adverse_impact_blocks_adoption_without_override(persona) -> None:  # type: ignore[no-untyped-def]
    _history, proposal = _proposal(introduced=["sex: female"])
    with pytest.raises(ValidationError) as info:
        proposal_adopt(proposal=proposal, reason="Better validity.", actor=persona("analyst"))
    assert "override" in str(info.value)
    proposal.refresh_from_db()
    assert proposal.status == WeightProposal.Status.PROPOSED
    assert proposal.rubric_version is None


def test_analyst_override_is_recorded_and_audited(persona) -> None:  # type: ignore[no-untyped-def]
    analyst = persona("analyst")
    _history, proposal = _proposal(introduced=["sex: female"])

    adopted = proposal_adopt(
        proposal=proposal,
        reason="Better validity.",
        override_reason="The flagged group has 9 applicants; the ratio's interval spans 0.8.",
        actor=analyst,
    )

    assert adopted.status == WeightProposal.Status.ADOPTED
    assert adopted.override_reason.startswith("The flagged group")
    event = AuditEvent.objects.get(verb="weight_proposal.override")
    assert event.actor == analyst
    assert event.after == {"groups": ["sex: female"]}


def test_admin_without_analyst_role_cannot_override(persona) -> None:  # type: ignore[no-untyped-def]
    _history, proposal = _proposal(introduced=["sex: female"])
    with pytest.raises(PermissionDenied):
        proposal_adopt(proposal=proposal, reason="r", override_reason="o", actor=persona("admin"))


def test_people_outside_analytics_cannot_decide(persona) -> None:  # type: ignore[no-untyped-def]
    _history, proposal = _proposal()
    with pytest.raises(PermissionDenied):
        proposal_adopt(proposal=proposal, reason="r", actor=persona("recruiter"))
    with pytest.raises(PermissionDenied):
        proposal_reject(proposal=proposal, reason="r", actor=persona("coach"))


def test_rejecting_records_the_reason_and_cannot_be_decided_twice(persona) -> None:  # type: ignore[no-untyped-def]
    admin = persona("admin")
    _history, proposal = _proposal()

    rejected = proposal_reject(proposal=proposal, reason="Too few hires from the new region.", actor=admin)

    assert (rejected.status, rejected.reviewer) == (WeightProposal.Status.REJECTED, admin)
    assert AuditEvent.objects.filter(verb="weight_proposal.reject").exists()
    with pytest.raises(ValidationError):
        proposal_adopt(proposal=proposal, reason="changed my mind", actor=admin)
