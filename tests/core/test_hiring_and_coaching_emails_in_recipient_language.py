"""The hiring, field-day and analytics emails follow their recipient's preferred language too, whatever language
the request or task sending them runs in: interview invitations, overdue-scorecard reminders and digests, new
careers-site applicants, field-day invitations, coaching action items and content review reminders.
(The other emails: tests/core/test_every_email_in_recipient_language.py and the files it names.)"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from accounts.roles import Role
from assessments.hiring.applications import application_submit
from assessments.hiring.reminders import scorecard_digests_send, scorecard_reminders_send
from assessments.hiring.scheduling import interview_schedule
from assessments.hiring.services import plan_step_add
from coaching.reminders import coaching_reminders_send
from coaching.services import fieldday_save, session_coach_rate
from courses.services import review_reminders_send
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_session, ratings_for, visit_data
from tests.factories.courses import product_page
from tests.factories.hiring import make_candidate, make_requisition

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
END = START + dt.timedelta(hours=1)


def _pattern(message: str, language: str) -> re.Pattern[str]:
    """The catalog's sentence in `language`, each %(name)s placeholder matching any text."""
    with translation.override(language):
        text = translation.gettext(message)
    parts = re.split(r"%\(\w+\)s", text)
    return re.compile(".+".join(re.escape(part) for part in parts))


def _zh_and_en(message: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    zh, en = _pattern(message, "zh-hans"), _pattern(message, "en")
    assert zh.pattern != en.pattern, "the test needs a translated message"
    return zh, en


def _subjects(to: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [to]]


@pytest.fixture
def booked(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """A Chinese-speaking recruiter and interviewer, an English-speaking one; scheduled from an English request."""
    recruiter = UserFactory(roles=[Role.RECRUITER], email="rui@example.com", language="zh-hans")
    requisition = make_requisition(recruiter=recruiter)
    mei = UserFactory(roles=[Role.COACH], email="mei@example.com", language="zh-hans")
    sam = UserFactory(roles=[Role.COACH], email="sam@example.com", language="en")
    step = plan_step_add(
        requisition=requisition,
        name="Role play",
        criteria=list(requisition.rubric_version.criteria.all()[:2]),
        interviewers=[mei, sam],
    )
    candidate = make_candidate(requisition, name="Casey Wong")
    mail.outbox.clear()
    with (
        time_machine.travel(START - dt.timedelta(days=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
        translation.override("en"),
    ):
        interview_schedule(
            candidate=candidate,
            step=step,
            starts_at=START,
            ends_at=END,
            time_zone="UTC",
            location="Room 4",
            video_link="",
            interviewers=[mei, sam],
            actor=recruiter,
        )
    return {"recruiter": recruiter, "requisition": requisition}


def test_an_interview_invitation_reaches_each_interviewer_in_their_language(booked) -> None:  # type: ignore[no-untyped-def]
    zh, en = _zh_and_en("Interview scheduled: %(candidate)s")
    [to_mei] = _subjects("mei@example.com")
    [to_sam] = _subjects("sam@example.com")
    assert zh.fullmatch(to_mei) and "Casey Wong" in to_mei
    assert en.fullmatch(to_sam) and "Casey Wong" in to_sam


def test_the_overdue_scorecard_reminder_and_digest_are_in_each_readers_language(
    booked, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    mail.outbox.clear()
    with (
        time_machine.travel(END + dt.timedelta(hours=25), tick=False),
        django_capture_on_commit_callbacks(execute=True),
        translation.override("zh-hans"),  # the task's language must not leak into the English reminder
    ):
        assert scorecard_reminders_send() == 2
        assert scorecard_digests_send() == 1
    zh, en = _zh_and_en("Scorecard overdue: %(candidate)s")
    assert [s for s in _subjects("mei@example.com") if zh.fullmatch(s)]
    assert [s for s in _subjects("sam@example.com") if en.fullmatch(s)]
    assert not [s for s in _subjects("sam@example.com") if zh.fullmatch(s)]
    with translation.override("zh-hans"):
        digest = translation.ngettext("%(n)s scorecard overdue", "%(n)s scorecards overdue", 2) % {"n": 2}
    with translation.override("en"):
        assert digest != translation.ngettext("%(n)s scorecard overdue", "%(n)s scorecards overdue", 2) % {
            "n": 2
        }
    assert _subjects("rui@example.com") == [digest]


def test_a_careers_site_applicant_is_announced_in_the_recruiters_language(
    booked, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        application_submit(
            requisition=booked["requisition"],
            name="Jo Park",
            email="jo@example.com",
            cv=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv", content_type="application/pdf"),
            consent_text="I agree.",
            language="en",
        )
    zh, _en = _zh_and_en("New applicant: %(candidate)s for %(role)s")
    [subject] = _subjects("rui@example.com")
    assert zh.fullmatch(subject) and "Jo Park" in subject


def test_a_field_day_invitation_reaches_seller_and_coach_each_in_their_language(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(
        coach=UserFactory(email="coach@example.com", language="en"),
        seller=UserFactory(email="mei@example.com", language="zh-hans"),
    )
    mail.outbox.clear()
    day = timezone.localdate() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True), translation.override("zh-hans"):
        fieldday_save(
            engagement=engagement,
            actor=engagement.coach,
            draft_id=uuid.uuid4(),
            data={"date": day.isoformat(), "plan": "Plan", "visits": [visit_data()]},
        )
    zh, en = _zh_and_en("Invitation: %(summary)s on %(date)s")
    [to_seller] = _subjects("mei@example.com")
    [to_coach] = _subjects("coach@example.com")
    assert zh.fullmatch(to_seller) and day.isoformat() in to_seller
    assert en.fullmatch(to_coach) and not zh.fullmatch(to_coach)


def test_an_action_item_reminder_is_in_the_sellers_language(
    django_capture_on_commit_callbacks, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "UTC"
    engagement = make_engagement(seller=UserFactory(email="mei@example.com", language="zh-hans"))
    session = make_session(engagement, held_on=dt.date(2026, 3, 4))
    due = dt.date(2026, 3, 12)
    session_coach_rate(
        session=session,
        coach=engagement.coach,
        ratings=ratings_for(session, 4),
        actions=[("Send the ROI sheet", due, engagement.seller)],
    )
    mail.outbox.clear()
    with (
        time_machine.travel(dt.datetime(2026, 3, 12, 9, 5, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
        translation.override("en"),
    ):
        assert coaching_reminders_send()["action_items"] == 1
    zh, _en = _zh_and_en("Due today: %(action)s")
    [subject] = _subjects("mei@example.com")
    assert zh.fullmatch(subject) and "Send the ROI sheet" in subject


def test_the_review_reminder_is_in_the_owners_language(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    owner = UserFactory(email="mei@example.com", roles=[Role.TRAINER], language="zh-hans")
    product_page(title="Ledgerly", content_owner=owner, review_by=timezone.localdate() - dt.timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        assert review_reminders_send() == 1
    zh, _en = _zh_and_en("Please review “%(title)s”")
    [subject] = _subjects("mei@example.com")
    assert zh.fullmatch(subject) and "Ledgerly" in subject
