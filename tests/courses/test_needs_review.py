"""Pages past their review-by date say so in admin and on the site; owners are reminded once per period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from courses.models import ReviewReminder
from courses.services import review_reminders_send
from courses.tasks import send_review_reminders
from tests.factories.courses import product_page

pytestmark = pytest.mark.django_db


def _overdue_page(owner):  # type: ignore[no-untyped-def]
    return product_page(content_owner=owner, review_by=timezone.localdate() - dt.timedelta(days=1))


def test_a_page_past_review_by_shows_the_badge_on_the_site_and_in_admin(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    page = _overdue_page(persona("trainer"))
    fresh = product_page(title="Fresh")
    site = login_as("learner").get(page.url).content.decode()
    assert "needs review" in site
    assert "needs review" not in login_as("learner").get(fresh.url).content.decode()

    admin = login_as("trainer")
    listing = admin.get(f"/admin/pages/{page.get_parent().pk}/").content.decode()
    assert "Ledgerly · needs review" in listing
    assert "Fresh · needs review" not in listing
    assert "Library pages that need review" in admin.get("/admin/").content.decode()


def test_the_owner_is_reminded_once_per_page_per_review_period(
    persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    owner = persona("trainer")
    page = _overdue_page(owner)
    product_page(title="Fresh", content_owner=owner)

    with django_capture_on_commit_callbacks(execute=True):  # emails go out after commit
        send_review_reminders.delay()
        send_review_reminders.delay()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "Ledgerly" in mail.outbox[0].subject

    # A new review-by date that passes again is a new period: one more reminder.
    page.review_by = timezone.localdate() - dt.timedelta(days=1) - dt.timedelta(days=1)
    page.save()
    assert review_reminders_send() == 1
    assert review_reminders_send() == 0
    assert ReviewReminder.objects.count() == 2


def test_a_page_without_owner_sends_nothing() -> None:
    product_page(review_by=timezone.localdate() - dt.timedelta(days=3))
    assert review_reminders_send() == 0
    assert mail.outbox == []
