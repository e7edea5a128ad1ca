"""Each domain change named in the webhook contract writes one delivery per subscribed endpoint, with its data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from core.models import WebhookDelivery
from core.webhooks import EVENTS, webhook_endpoint_create
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_event(persona, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_WEBHOOKS_ALLOW_PRIVATE = True
    webhook_endpoint_create(url="http://127.0.0.1:8263/hook", events=list(EVENTS), actor=persona("admin"))


def test_a_hire_emits_candidate_hired() -> None:
    from assessments.hiring.models import Stage
    from assessments.hiring.services import candidate_decide
    from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

    requisition = make_requisition()
    manager = requisition.hiring_manager
    candidate = make_candidate(requisition)
    submit_scorecard(make_interview(candidate, manager), 4)
    candidate_decide(candidate=candidate, decision=Stage.HIRED, reason="Strong panel", actor=manager)
    [delivery] = WebhookDelivery.objects.all()
    candidate.refresh_from_db()
    assert delivery.event == "candidate.hired"
    assert delivery.payload["data"]["candidate_id"] == candidate.pk
    assert delivery.payload["data"]["user_id"] == candidate.user_id is not None
    assert delivery.payload["data"]["email"] == candidate.email


def test_a_rejection_emits_nothing() -> None:
    from assessments.hiring.models import Stage
    from assessments.hiring.services import candidate_decide
    from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard

    requisition = make_requisition()
    candidate = make_candidate(requisition)
    submit_scorecard(make_interview(candidate, requisition.hiring_manager), 2)
    candidate_decide(
        candidate=candidate, decision=Stage.REJECTED, reason="Below the bar", actor=requisition.hiring_manager
    )
    assert not WebhookDelivery.objects.exists()


def test_an_approved_qualification_emits_qualification_granted() -> None:
    from coaching.models import QualificationLevel
    from coaching.services import qualification_apply, qualification_decide

    now = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))
    seller = UserFactory(roles=[Role.LEARNER])
    level = QualificationLevel.objects.create(name="Associate", rank=1)
    application = qualification_apply(seller=seller, level=level, now=now)
    qualification_decide(
        application=application, panelist=UserFactory(), decision="approve", rationale="ok", now=now
    )
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.event == "qualification.granted"
    assert delivery.payload["data"]["level"] == "Associate"
    assert delivery.payload["data"]["user_id"] == seller.pk


def test_an_adopted_proposal_emits_proposal_adopted(persona) -> None:  # type: ignore[no-untyped-def]
    from analytics.models import Metric, WeightProposal
    from analytics.services import proposal_adopt, study_create, study_run
    from tests.factories.analytics import WINDOW, make_history

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
    weights = {"Discovery": 0.45, "Coachability": 0.45, "Charisma": 0.1}
    proposal = WeightProposal.objects.create(study=study, weights=weights, fairness={"introduced": []})
    adopted = proposal_adopt(
        proposal=proposal, reason="Charisma does not predict quota.", actor=persona("analyst")
    )
    delivery = WebhookDelivery.objects.get(event="proposal.adopted")
    assert delivery.payload["data"]["proposal_id"] == proposal.pk
    assert delivery.payload["data"]["rubric_version_id"] == adopted.rubric_version_id
    assert delivery.payload["data"]["weights"] == weights
