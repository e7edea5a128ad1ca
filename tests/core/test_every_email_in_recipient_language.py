"""Every email Rampway sends is written in its recipient's preferred language, whatever language the request or
task that sends it runs in: account emails, regrade results, recertification, coaching self-rating requests.
(Reminders and digests: tests/courses/test_emails_in_recipient_language.py; material changes:
tests/courses/test_section_links.py.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from assessments.exams.models import Certification, Question
from assessments.exams.services import certifications_content_changed
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_session
from tests.factories.courses import product_page
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _zh(message: str, **params: object) -> str:
    with translation.override("zh-hans"):
        text = translation.gettext(message) % params
    with translation.override("en"):
        assert text != translation.gettext(message) % params, "the test needs a translated message"
    return text


def test_the_password_reset_email_follows_the_account_not_the_browser(roles) -> None:  # type: ignore[no-untyped-def]
    UserFactory(email="mei@example.com", language="zh-hans")
    UserFactory(email="sam@example.com")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for email in ("mei@example.com", "sam@example.com"):
        client.post(reverse("account_reset_password"), {"email": email})
    by_to = {m.to[0]: m for m in mail.outbox}
    with translation.override("zh-hans"):
        # allauth's own catalog: the subject line of its password reset email.
        zh_subject = translation.gettext("Password Reset Email")
    assert zh_subject != "Password Reset Email"
    assert zh_subject in by_to["mei@example.com"].subject
    assert "Password Reset Email" in by_to["sam@example.com"].subject


def test_a_recertification_email_after_a_content_change_is_in_the_holders_language(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    page = product_page()
    exam = published_exam(title="Ledgerly certification", certifying=True)
    Question.objects.filter(bank=exam.bank).update(content_page=page)
    mei = UserFactory(email="mei@example.com", language="zh-hans")
    Certification.objects.create(user=mei, exam=exam, code="MEIC23456789", issued_at=timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        certifications_content_changed(page_id=page.pk, summary="New tiers", actor=None, now=timezone.now())
    [message] = [m for m in mail.outbox if m.to == ["mei@example.com"]]
    assert message.subject == _zh("Recertification due: %(exam)s", exam="Ledgerly certification")


def test_the_self_rating_request_is_in_the_sellers_language(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(seller=UserFactory(email="mei@example.com", language="zh-hans"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        make_session(engagement, held_on=dt.date(2026, 3, 4))
    [message] = [m for m in mail.outbox if m.to == ["mei@example.com"]]
    assert message.subject == _zh("Rate yourself on the coaching session of %(date)s", date="2026-03-04")


def test_a_regrade_result_is_told_in_the_learners_language(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.services import attempt_start
    from assessments.exams.services.marking import _result_changed_notify
    from core.notifications import Notification

    mei = UserFactory(email="mei@example.com", language="zh-hans")
    exam = published_exam(title="Ledgerly")
    attempt = attempt_start(exam=exam, user=mei, now=timezone.now())
    mail.outbox.clear()
    # The trainer's request applying the regrade runs in English.
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        _result_changed_notify(attempt=attempt, old=40.0, new=80.0, passed=True, certification="issued")
    notice = Notification.objects.get(recipient=mei, kind="exams.result_changed")
    assert notice.title == _zh("Your result for %(exam)s has changed", exam="Ledgerly")
    assert _zh("Your certification has been issued.") in notice.body
    [message] = [m for m in mail.outbox if m.to == ["mei@example.com"]]
    assert _zh("Your certification has been issued.") in message.body
