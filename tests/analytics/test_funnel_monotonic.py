"""Each funnel stage is a subset of the one before: hired ≥ onboarding complete ≥ certified ≥ ramped."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from analytics.models import Metric, PerformanceRecord
from analytics.selectors import funnel_by_requisition
from assessments.exams.models import Certification
from tests.analytics.test_dashboard_onboarding import onboard
from tests.factories.analytics import make_history
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _certify(user, exam) -> None:  # type: ignore[no-untyped-def]
    Certification.objects.create(user=user, exam=exam, code=uuid.uuid4().hex[:12], issued_at=timezone.now())


def _at_quota(user) -> None:  # type: ignore[no-untyped-def]
    PerformanceRecord.objects.create(
        person=user,
        metric=Metric.objects.get(code="quota_attainment"),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31),
        value=110,
    )


def test_people_who_skipped_a_stage_are_not_counted_in_later_ones() -> None:
    history = make_history(hires=5, others=2, months=0, signal=False)
    a, b, c, d, e = (h.user for h in history.hires)
    onboard([a, c, d], finished=3)  # a, c, d finished the path; b and e did not
    exam = ExamFactory()
    for user in (a, b, d, e):  # b and e are certified without finishing onboarding
        _certify(user, exam)
    for user in (a, b, c, e):  # b and e skipped onboarding, c is at quota without a certification
        _at_quota(user)

    row = next(r for r in funnel_by_requisition() if r["requisition"] == history.requisition.title)

    # Each stage counted on its own gave onboarded 3 < certified 4 = ramped 4.
    assert (row["hired"], row["onboarded"], row["certified"], row["ramped"]) == (5, 3, 2, 1)
    assert row["hired"] >= row["onboarded"] >= row["certified"] >= row["ramped"]
