"""A qualification grant stays true: re-checked at the panel decision and when a certification changes;
a lapsed requirement suspends the grant (holder and manager told, audited) until it is met again."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.exams.models import Certification
from assessments.exams.services import certification_revoke
from coaching.models import QualificationGrant, QualificationLevel
from coaching.qualification import qualification_grants_recheck
from coaching.selectors import current_grant
from coaching.services import qualification_apply, qualification_decide
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _certify(user, exam, *, expires: dt.datetime | None = None) -> Certification:  # type: ignore[no-untyped-def]
    return Certification.objects.create(
        user=user,
        exam=exam,
        code=uuid.uuid4().hex[:12],
        issued_at=timezone.now() - dt.timedelta(days=10),
        expires_at=expires,
    )


@pytest.fixture
def granted(roles, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """A seller in Mia's team holding a level that requires the Cloud certification."""
    seller, panelist = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.COACH])
    mia = UserFactory(roles=[Role.COACH])
    MembershipFactory(user=seller, org_unit=TeamFactory(manager=mia))
    exam = ExamFactory(title="Cloud")
    level = QualificationLevel.objects.create(name="Professional", rank=2, grant_valid_days=365)
    level.required_exams.add(exam)
    cert = _certify(seller, exam, expires=timezone.now() + dt.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        application = qualification_apply(seller=seller, level=level)
        qualification_decide(application=application, panelist=panelist, decision="approve", rationale="ok")
    mail.outbox.clear()
    return {"seller": seller, "mia": mia, "exam": exam, "cert": cert, "grant": application.grant}


def test_revoking_the_certification_suspends_the_grant_and_tells_holder_and_manager(
    granted, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        certification_revoke(certification=granted["cert"], actor=UserFactory(), reason="Cheating")
    grant = QualificationGrant.objects.get(pk=granted["grant"].pk)
    assert grant.suspended_at is not None and "Cloud" in grant.suspension_reason
    assert current_grant(user=granted["seller"], now=timezone.now()) is None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([granted["seller"].email, granted["mia"].email])
    assert all("suspended" in m.subject for m in mail.outbox)
    assert AuditEvent.objects.filter(verb="coaching.qualification_suspend", object_id=str(grant.pk)).exists()


def test_a_new_certification_restores_the_suspended_grant(
    granted, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        certification_revoke(certification=granted["cert"], actor=UserFactory(), reason="Cheating")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _certify(granted["seller"], granted["exam"])
    grant = QualificationGrant.objects.get(pk=granted["grant"].pk)
    assert grant.suspended_at is None and grant.suspension_reason == ""
    assert current_grant(user=granted["seller"], now=timezone.now()) == grant
    assert len(mail.outbox) == 2 and all("restored" in m.subject for m in mail.outbox)
    assert AuditEvent.objects.filter(verb="coaching.qualification_restore", object_id=str(grant.pk)).exists()


def test_the_daily_recheck_suspends_on_expiry_and_is_idempotent(
    granted, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    later = timezone.now() + dt.timedelta(
        days=31
    )  # the certification expired by the clock, nothing was saved
    with django_capture_on_commit_callbacks(execute=True):
        assert qualification_grants_recheck(now=later) == {"suspended": 1, "restored": 0}
        assert qualification_grants_recheck(now=later) == {"suspended": 0, "restored": 0}
    assert len(mail.outbox) == 2
    assert QualificationGrant.objects.get(pk=granted["grant"].pk).suspended_at == later


def test_the_panel_decision_rechecks_requirements(roles) -> None:  # type: ignore[no-untyped-def]
    seller = UserFactory()
    exam = ExamFactory(title="Cloud")
    level = QualificationLevel.objects.create(name="Professional", rank=2)
    level.required_exams.add(exam)
    cert = _certify(seller, exam)
    application = qualification_apply(seller=seller, level=level)
    assert application.all_met
    certification_revoke(certification=cert, actor=UserFactory(), reason="Cheating")
    with pytest.raises(ValidationError, match="Not every requirement"):
        qualification_decide(
            application=application, panelist=UserFactory(), decision="approve", rationale="ok"
        )
    assert not QualificationGrant.objects.filter(seller=seller).exists()
