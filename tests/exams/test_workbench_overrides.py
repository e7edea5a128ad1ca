"""Overrides per learner and per team: set and removed on the workbench, audited, and shown on the learner's exam page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.exams.authoring import exam_terms_for
from assessments.exams.models import ExamOverride
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _url(exam) -> str:  # type: ignore[no-untyped-def]
    return f"/exams/workbench/exams/{exam.slug}/overrides/"


def test_a_learner_override_is_audited_and_shown_to_them(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(time_limit_minutes=30, attempts_allowed=1)
    learner = persona("learner")
    closes = (timezone.now() + dt.timedelta(days=9)).replace(second=0, microsecond=0)
    response = login_as("trainer").post(
        _url(exam),
        {
            "email": learner.email,
            "closes_at": timezone.localtime(closes).strftime("%Y-%m-%dT%H:%M"),
            "time_limit_minutes": "45",
            "attempts_allowed": "3",
            "reason": "Travelling for the launch",
        },
    )
    assert response.status_code == 302
    override = ExamOverride.objects.get(exam=exam, user=learner)
    assert override.time_limit_minutes == 45 and override.closes_at == closes
    event = AuditEvent.objects.get(verb="exam.override")
    assert event.after["user"] == learner.pk and event.note == "Travelling for the launch"
    terms = exam_terms_for(exam=exam, user=learner)
    assert (terms.time_limit_minutes, terms.attempts_allowed, terms.closes_at) == (45, 3, closes)
    page = login_as("learner").get(f"/exams/{exam.slug}/").content.decode()
    assert "Your time limit: 45 minutes." in page and "3 times" in page


def test_a_team_override_applies_to_members_and_an_own_override_wins(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(time_limit_minutes=30)
    team = TeamFactory()
    member, outsider = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.LEARNER])
    MembershipFactory(user=member, org_unit=team)
    client = login_as("trainer")
    client.post(_url(exam), {"team": team.pk, "time_limit_minutes": "60", "reason": "Night shift"})
    assert exam_terms_for(exam=exam, user=member).time_limit_minutes == 60
    assert exam_terms_for(exam=exam, user=outsider).time_limit_minutes == 30
    client.post(_url(exam), {"email": member.email, "time_limit_minutes": "90", "reason": "Own"})
    assert exam_terms_for(exam=exam, user=member).time_limit_minutes == 90
    own = ExamOverride.objects.get(user=member)
    client.post(_url(exam), {"remove": own.pk})
    assert exam_terms_for(exam=exam, user=member).time_limit_minutes == 60
    assert AuditEvent.objects.filter(verb="exam.override_remove").count() == 1


def test_an_override_needs_one_target_and_a_change(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam()
    client = login_as("trainer")
    assert client.post(_url(exam), {"reason": "x", "time_limit_minutes": "5"}).status_code == 200
    assert client.post(_url(exam), {"email": persona("learner").email, "reason": "x"}).status_code == 200
    assert not ExamOverride.objects.exists()


@pytest.mark.parametrize("name", ["learner", "coach"])
def test_overrides_refuse_non_trainers(login_as, persona, name: str) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam()
    client = login_as(name)
    assert client.get(_url(exam)).status_code == 403
    posted = client.post(
        _url(exam), {"email": persona("learner").email, "attempts_allowed": "9", "reason": "x"}
    )
    assert posted.status_code == 403 and not ExamOverride.objects.exists()
