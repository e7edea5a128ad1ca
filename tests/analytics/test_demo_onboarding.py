"""The demo history's hires have onboarding records, so the funnel shows them onboarded, certified and ramped."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from accounts.models import User
from analytics.demo_onboarding import onboarding_plan, seed_onboarding
from assessments.exams.models import Certification
from courses.selectors import path_completion_by_user
from tests.analytics.test_dashboard_onboarding import _path
from tests.factories.accounts import UserFactory
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def test_most_history_hires_finish_and_hold_a_current_certificate(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = _path()
    exam = ExamFactory(certifying=True, practice=False, validity_months=12)
    lessons = list(path.steps.first().course.get_children().specific().order_by("path"))  # type: ignore[union-attr]
    today = timezone.localdate()
    users = [UserFactory(start_date=today - dt.timedelta(days=30 * (2 + i % 18))) for i in range(60)]
    leaver = users[-1]
    leaver.deactivated_on = today - dt.timedelta(days=20)

    seed_onboarding(users=users, plan=(path, lessons, [exam]), today=today, rng=np.random.default_rng(5))

    done = path_completion_by_user([u.pk for u in users])
    finished = [u for u in users if done[u.pk].done == len(lessons)]
    assert 0.75 * len(users) <= len(finished) < len(users)  # most, not all
    now = timezone.now()
    for user in finished:
        held = Certification.objects.filter(user=user, exam=exam, status=Certification.Status.VALID)
        assert held.count() == 1
        cert = held.get()
        if user is not leaver:
            assert cert.expires_at > now  # recertified in time: never a lapsed "valid" one
    # People who joined more than a year ago were recertified: their first certificate is superseded.
    veteran = next(u for u in finished if (today - u.start_date).days > 400 and u is not leaver)
    superseded = Certification.objects.filter(user=veteran, status=Certification.Status.SUPERSEDED)
    assert superseded.count() >= 1
    assert User.objects.filter(pk__in=[u.pk for u in users], enrollments__path=path).count() == len(users)


def test_no_plan_without_the_demo_path() -> None:
    assert onboarding_plan() is None
