"""Coaching tells people through the notification layer: registered kinds, once per event, in their language."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.models import Certification
from coaching.models import QualificationLevel
from coaching.notices import QUALIFICATION_CHANGE, SELF_RATING
from coaching.qualification import qualification_grants_recheck
from coaching.services import qualification_apply, qualification_decide, session_self_rating_reminders_send
from core.models import Notification
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.coaching import make_engagement, make_session
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db

HELD = dt.date(2026, 3, 4)


def test_the_self_rating_request_and_reminder_are_notifications_in_the_sellers_language(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    seller = UserFactory(language="zh-hans")
    with django_capture_on_commit_callbacks(execute=True):
        session = make_session(make_engagement(seller=seller), held_on=HELD)
        due = session.self_rating_deadline
        assert session_self_rating_reminders_send(today=due) == 1
        assert session_self_rating_reminders_send(today=due) == 0

    notes = list(Notification.objects.filter(recipient=seller).order_by("pk"))
    assert [n.kind for n in notes] == [SELF_RATING, SELF_RATING]
    assert [n.event_key for n in notes] == [
        f"coaching.session:{session.pk}:self-rating-request",
        f"coaching.session:{session.pk}:self-rating-reminder",
    ]
    assert all(n.link == f"/coaching/sessions/{session.pk}/" for n in notes)
    assert notes[0].title == "请为 2026-03-04 的辅导会谈完成自评"
    assert [m.to for m in mail.outbox] == [[seller.email], [seller.email]]
    assert mail.outbox[0].subject == notes[0].title


def test_a_suspension_and_a_restore_tell_holder_and_manager_once_each(
    roles, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    seller, mia = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.COACH], language="zh-hans")
    MembershipFactory(user=seller, org_unit=TeamFactory(manager=mia))
    exam = ExamFactory(title="Cloud")
    level = QualificationLevel.objects.create(name="Professional", rank=2, grant_valid_days=365)
    level.required_exams.add(exam)
    expires = timezone.now() + dt.timedelta(days=30)
    Certification.objects.create(
        user=seller, exam=exam, code=uuid.uuid4().hex[:12], issued_at=timezone.now(), expires_at=expires
    )
    application = qualification_apply(seller=seller, level=level)
    qualification_decide(application=application, panelist=UserFactory(), decision="approve", rationale="ok")

    lapsed = expires + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        qualification_grants_recheck(now=lapsed)
        qualification_grants_recheck(now=lapsed)
    changes = Notification.objects.filter(kind=QUALIFICATION_CHANGE)
    assert sorted(changes.values_list("recipient_id", flat=True)) == sorted([seller.pk, mia.pk])
    assert changes.get(recipient=mia).title.startswith("任职资格已暂停")
    assert changes.get(recipient=seller).title.startswith("Qualification suspended")

    Certification.objects.create(
        user=seller,
        exam=exam,
        code=uuid.uuid4().hex[:12],
        issued_at=lapsed,
        expires_at=lapsed + dt.timedelta(days=365),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert qualification_grants_recheck(now=lapsed)["restored"] == 1
    assert changes.count() == 4
    assert changes.filter(event_key__contains=":restored:").count() == 2
    assert len(mail.outbox) == 4
