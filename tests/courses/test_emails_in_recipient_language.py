"""Reminders and digests go out in the recipient's preferred language, else the site default, whatever
language the sending request or task happens to run in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import Membership
from courses.services import (
    learning_path_assign,
    manager_digests_send,
    recipient_language,
    step_reminders_send,
)
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


def _overdue_learner(**fields):  # type: ignore[no-untyped-def]
    learner = UserFactory(start_date=dt.date(2026, 3, 1), **fields)
    learning_path_assign(
        path=learning_path(name="Onboarding", courses=[(course(lessons=1), 3)]), users=[learner]
    )
    return learner


def test_a_chinese_learner_gets_the_reminder_in_chinese_an_english_one_in_english(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    zh = _overdue_learner(email="mei@example.com", language="zh-hans")
    en = UserFactory(email="sam@example.com", start_date=dt.date(2026, 3, 1))
    learning_path_assign(path=zh.enrollments.get().path, users=[en])

    # Emails leave through the outbox after commit; the test's transaction never commits.
    with django_capture_on_commit_callbacks(execute=True), translation.override("zh-hans"):
        # the task's own language must not leak into the English email
        assert step_reminders_send(today=TODAY) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "以下步骤已逾期：" in by_to["mei@example.com"].body
    assert "您的入职培训" in by_to["mei@example.com"].subject
    assert "These steps are overdue:" in by_to["sam@example.com"].body
    assert "以下步骤已逾期" not in by_to["sam@example.com"].body


def test_the_manager_digest_follows_the_managers_language(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    manager = UserFactory(email="boss@example.com", language="zh-hans")
    learner = _overdue_learner()
    Membership.objects.create(user=learner, org_unit=TeamFactory(manager=manager))
    with django_capture_on_commit_callbacks(execute=True):
        assert manager_digests_send(today=TODAY) == 1
    [digest] = [m for m in mail.outbox if m.to == ["boss@example.com"]]
    with translation.override("zh-hans"):
        hello = translation.gettext("Hello %(name)s,") % {"name": manager.display_name}
    assert hello in digest.body


def test_blank_or_unknown_preferences_fall_back_to_the_site_default(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGE_CODE = "en"
    assert recipient_language(UserFactory(language="")) == "en"
    assert recipient_language(UserFactory.build(language="xx")) == "en"
    assert recipient_language(UserFactory(language="zh-hans")) == "zh-hans"
    assert recipient_language(None) == "en"
