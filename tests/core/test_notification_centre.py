"""The notification centre: the bell's unread count in the header, the list, mark read, preferences per kind."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Notification, NotificationPreference
from core.notifications import notify

pytestmark = pytest.mark.django_db


def _notify(user, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        notify(
            recipient=user,
            kind="courses.step_reminder",
            event_key=f"c:{i}",
            title=f"Reminder {i}",
            link="/onboarding/",
        )


def test_the_bell_counts_unread_and_mark_read_lowers_it(
    login_as, persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    learner = persona("learner")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(learner, 3)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Notifications (3 unread)" in page
    assert "Reminder 0" in page and "Reminder 2" in page

    first = Notification.objects.filter(recipient=learner).order_by("pk").first()
    assert first is not None
    response = client.post(reverse("notifications:read", args=(first.pk,)), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/onboarding/"
    assert "Notifications (2 unread)" in client.get(reverse("home:dashboard")).content.decode()

    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=learner, read_at__isnull=True).exists()
    assert "Notifications (0 unread)" in client.get(reverse("notifications:list")).content.decode()


def test_nobody_marks_anothers_notification_read(
    login_as, persona, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _notify(persona("learner"), 1)
    theirs = Notification.objects.get()
    login_as("coach").post(reverse("notifications:read", args=(theirs.pk,)))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Reminder 0" not in login_as("coach").get(reverse("notifications:list")).content.decode()


def test_the_list_pages_long_histories(login_as, persona, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        _notify(persona("learner"), 30)
    client = login_as("learner")
    first, second = (client.get(reverse("notifications:list"), {"page": p}).content.decode() for p in (1, 2))
    assert "Reminder 29" in first and "Reminder 0" not in first
    assert "Reminder 0" in second and "Page 2 of 2" in second


def test_the_preferences_page_saves_channels_per_kind(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Onboarding steps due soon or overdue" in page
    client.post(
        reverse("notifications:preferences"), {"kind-courses.step_reminder": ["in_app", "chat", "bogus"]}
    )
    preference = NotificationPreference.objects.get(user=persona("learner"), kind="courses.step_reminder")
    assert preference.channels == ["in_app", "chat"]
    # A kind left with no box ticked is silenced, not reset to its defaults.
    assert (
        NotificationPreference.objects.get(
            user=persona("learner"), kind="exams.certification_expiry"
        ).channels
        == []
    )
