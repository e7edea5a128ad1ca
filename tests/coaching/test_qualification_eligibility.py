"""Each requirement of a qualification level is checked with its evidence; panel decision, expiry and appeal."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import Certification
from coaching.models import LedDeal, QualificationLevel
from coaching.selectors import qualification_check
from coaching.services import (
    qualification_appeal,
    qualification_apply,
    qualification_decide,
    session_coach_rate,
)
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_field_day, make_session, ratings_for, visit_data
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))


def _certify(user, exam, *, expires: dt.datetime | None, status: str = Certification.Status.VALID) -> None:  # type: ignore[no-untyped-def]
    Certification.objects.create(
        user=user,
        exam=exam,
        code=uuid.uuid4().hex[:12],
        issued_at=NOW - dt.timedelta(days=30),
        expires_at=expires,
        status=status,
    )


def _by_key(seller, level):  # type: ignore[no-untyped-def]
    return {c.key: c for c in qualification_check(seller=seller, level=level, now=NOW)}


def test_certification_requirement_needs_a_valid_unexpired_certificate() -> None:
    seller, exam = UserFactory(), ExamFactory(title="Cloud storage")
    level = QualificationLevel.objects.create(name="Professional", rank=2)
    level.required_exams.add(exam)
    assert not _by_key(seller, level)["certifications"].met
    _certify(seller, exam, expires=NOW - dt.timedelta(days=1))  # expired yesterday
    check = _by_key(seller, level)["certifications"]
    assert not check.met and "Cloud storage" in check.evidence
    _certify(seller, exam, expires=NOW + dt.timedelta(days=200), status=Certification.Status.REVOKED)
    assert not _by_key(seller, level)["certifications"].met
    _certify(seller, exam, expires=NOW + dt.timedelta(days=200))
    assert _by_key(seller, level)["certifications"].met


def test_tenure_requirement_counts_from_the_start_date() -> None:
    level = QualificationLevel.objects.create(name="Senior", rank=3, min_tenure_days=365)
    assert not _by_key(UserFactory(start_date=dt.date(2025, 6, 2)), level)["tenure"].met  # 364 days
    assert _by_key(UserFactory(start_date=dt.date(2025, 6, 1)), level)["tenure"].met


def test_rating_requirement_uses_the_coachs_mean_on_the_named_criteria() -> None:
    engagement = make_engagement()
    level = QualificationLevel.objects.create(
        name="Professional", rank=2, rating_criteria=["Discovery"], min_mean_rating=3.5
    )
    assert not _by_key(engagement.seller, level)["rating"].met  # no ratings yet
    for value in (3, 4, 5):
        session = make_session(engagement)
        ratings = ratings_for(session, 1)
        discovery = session.rubric_version.criteria.get(name="Discovery")
        ratings[discovery.pk] = (value, "")
        session_coach_rate(session=session, coach=engagement.coach, ratings=ratings)
    check = _by_key(engagement.seller, level)["rating"]
    assert check.met and "4.00" in check.evidence  # Preparation/Next step ratings of 1 do not count


def test_visits_and_deals_led_requirements() -> None:
    engagement = make_engagement()
    level = QualificationLevel.objects.create(name="Senior", rank=3, min_visits=3, min_deals_led=1)
    make_field_day(engagement, date=dt.date(2026, 3, 3), visits=[visit_data(), visit_data()])
    checks = _by_key(engagement.seller, level)
    assert not checks["visits"].met and checks["visits"].evidence == "2 visits logged"
    assert not checks["deals"].met
    make_field_day(engagement, date=dt.date(2026, 3, 4))
    LedDeal.objects.create(seller=engagement.seller, name="Bank rollout", closed_on=dt.date(2026, 4, 1))
    checks = _by_key(engagement.seller, level)
    assert checks["visits"].met and checks["deals"].met


def test_approval_grants_with_expiry_and_appeal_reopens_all_audited() -> None:
    seller, panelist = UserFactory(start_date=dt.date(2020, 1, 1)), UserFactory()
    level = QualificationLevel.objects.create(
        name="Senior", rank=3, min_tenure_days=30, max_deal_size=Decimal("500000"), grant_valid_days=365
    )
    application = qualification_apply(seller=seller, level=level, now=NOW)
    assert application.all_met and application.checks[0]["met"]
    qualification_decide(
        application=application, panelist=panelist, decision="reject", rationale="Too early", now=NOW
    )
    qualification_appeal(application=application, seller=seller, reason="New evidence")
    application.refresh_from_db()
    assert application.status == "in_review"
    with pytest.raises(ValidationError):
        qualification_decide(
            application=application, panelist=panelist, decision="approve", rationale="", now=NOW
        )
    qualification_decide(
        application=application, panelist=panelist, decision="approve", rationale="Strong", now=NOW
    )
    grant = application.grant
    assert grant.expires_at == NOW + dt.timedelta(days=365)
    verbs = set(
        AuditEvent.objects.filter(verb__startswith="coaching.qualification").values_list("verb", flat=True)
    )
    assert verbs == {
        "coaching.qualification_apply",
        "coaching.qualification_decide",
        "coaching.qualification_appeal",
    }


def test_unmet_requirements_block_approval() -> None:
    level = QualificationLevel.objects.create(name="Senior", rank=3, min_visits=10)
    application = qualification_apply(seller=UserFactory(), level=level, now=NOW)
    assert not application.all_met
    with pytest.raises(ValidationError, match="Not every requirement"):
        qualification_decide(
            application=application, panelist=UserFactory(), decision="approve", rationale="ok", now=NOW
        )
