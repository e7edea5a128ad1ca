"""A certificate past its expiry date counts as certified nowhere on the dashboards (funnel and readiness).

Certification has no "expired" status: expiry is the date. Counting status alone showed people whose
certificate ran out a year ago as certified.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from accounts.models import Membership
from analytics.selectors import funnel_by_requisition, readiness_by_team
from assessments.exams.models import Certification
from tests.analytics.test_dashboard_onboarding import onboard
from tests.factories.accounts import TeamFactory
from tests.factories.analytics import make_history
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _certify(user, exam, *, expires_in_days: int | None) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    Certification.objects.create(
        user=user,
        exam=exam,
        code=uuid.uuid4().hex[:12],
        issued_at=now - dt.timedelta(days=400),
        expires_at=None if expires_in_days is None else now + dt.timedelta(days=expires_in_days),
    )


def test_funnel_and_readiness_count_only_certificates_still_held() -> None:
    history = make_history(hires=3, others=0, months=0, signal=False)
    held, ran_out, open_ended = (h.user for h in history.hires)
    onboard([held, ran_out, open_ended], finished=3)
    exam = ExamFactory()
    _certify(held, exam, expires_in_days=30)
    _certify(ran_out, exam, expires_in_days=-35)
    _certify(open_ended, exam, expires_in_days=None)
    team = TeamFactory(name="Expiry Team")
    Membership.objects.bulk_create([Membership(user=u, org_unit=team) for u in (held, ran_out, open_ended)])

    funnel = next(r for r in funnel_by_requisition() if r["requisition"] == history.requisition.title)
    readiness = next(r for r in readiness_by_team() if r["team"] == "Expiry Team")

    assert (funnel["onboarded"], funnel["certified"]) == (3, 2)
    assert (readiness["members"], readiness["certified"]) == (3, 2)
