"""Coaching reminders on a frozen clock: field days the evening before at 18:00 in the organisation's time zone
(with the plan), sessions awaiting acknowledgement, action items coming due — each once; the coach's
accountability page links to every pending item."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from accounts.roles import Role
from coaching.models import ActionItem
from coaching.notices import ACTION_ITEM_DUE, FIELDDAY_REMINDER, SESSION_ACKNOWLEDGEMENT
from coaching.reminders import coaching_reminders_send
from coaching.services import session_acknowledge, session_coach_rate, session_self_rate
from core.models import Notification
from core.schedule import registered_periodic_tasks
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_field_day, make_session, ratings_for, visit_data

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
FIELD_DAY = dt.date(2026, 3, 10)


def _at(day: dt.date, hour: int, minute: int = 5) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


@pytest.fixture
def in_shanghai(settings):  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "Asia/Shanghai"


def test_the_field_day_reminder_goes_the_evening_before_at_six_with_the_plan_once(
    in_shanghai, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(coach=UserFactory(language="zh-hans"))
    with time_machine.travel(_at(FIELD_DAY - dt.timedelta(days=3), 9), tick=False):
        field_day = make_field_day(
            engagement, date=FIELD_DAY, visits=[visit_data(customer_name="Acme & Sons", outcome="")]
        )
    focus = [c.name for c in engagement.focus_criteria.all()]

    with django_capture_on_commit_callbacks(execute=True):
        # 17:05 in Shanghai is 09:05 UTC: too early; 18:05 is the evening before; 00:05 is the day itself.
        with time_machine.travel(_at(FIELD_DAY - dt.timedelta(days=1), 17), tick=False):
            assert coaching_reminders_send()["field_days"] == 0
        with time_machine.travel(_at(FIELD_DAY - dt.timedelta(days=1), 18), tick=False):
            assert coaching_reminders_send()["field_days"] == 2
        with time_machine.travel(_at(FIELD_DAY - dt.timedelta(days=1), 19), tick=False):
            assert coaching_reminders_send()["field_days"] == 0
        with time_machine.travel(_at(FIELD_DAY, 0), tick=False):
            assert coaching_reminders_send()["field_days"] == 0

    notes = Notification.objects.filter(kind=FIELDDAY_REMINDER)
    assert sorted(notes.values_list("recipient_id", flat=True)) == sorted(
        [engagement.seller_id, engagement.coach_id]
    )
    seller_note = notes.get(recipient=engagement.seller)
    assert seller_note.link == f"/coaching/field-days/{field_day.pk}/"
    assert "2026-03-10" in seller_note.title and engagement.seller.display_name in seller_note.title
    assert "Acme & Sons" in seller_note.body and "Plan" in seller_note.body
    assert all(name in seller_note.body for name in focus)
    assert engagement.coach.display_name in seller_note.body
    # New wording awaits its translation (the integrator's), so the coach's language shows in the greeting.
    assert notes.get(recipient=engagement.coach).body.startswith(f"{engagement.coach.display_name}，您好：")
    assert seller_note.body.startswith(f"Hello {engagement.seller.display_name},")
    assert len(mail.outbox) == 2


def test_a_cancelled_field_day_is_not_reminded(in_shanghai) -> None:  # type: ignore[no-untyped-def]
    from coaching.services import fieldday_cancel

    engagement = make_engagement()
    with time_machine.travel(_at(FIELD_DAY - dt.timedelta(days=3), 9), tick=False):
        field_day = make_field_day(engagement, date=FIELD_DAY, visits=[])
        fieldday_cancel(field_day=field_day, actor=engagement.coach)
    with time_machine.travel(_at(FIELD_DAY - dt.timedelta(days=1), 18), tick=False):
        assert coaching_reminders_send()["field_days"] == 0


def test_a_revealed_session_not_acknowledged_is_reminded_once_after_a_day(in_shanghai) -> None:  # type: ignore[no-untyped-def]
    held = dt.date(2026, 3, 4)
    waiting = make_session(make_engagement(), held_on=held)
    done = make_session(make_engagement(), held_on=held)
    blind = make_session(make_engagement(), held_on=held)  # the seller has not self-rated: nothing to read
    with time_machine.travel(_at(held, 15), tick=False):
        for session in (waiting, done):
            session_self_rate(
                session=session, seller=session.engagement.seller, ratings=ratings_for(session, 3)
            )
        for session in (waiting, done, blind):
            session_coach_rate(
                session=session, coach=session.engagement.coach, ratings=ratings_for(session, 4)
            )
        done.refresh_from_db()
        session_acknowledge(session=done, seller=done.engagement.seller)

    with time_machine.travel(_at(held + dt.timedelta(days=1), 9), tick=False):
        assert coaching_reminders_send()["acknowledgements"] == 0  # less than a day since the reveal
    with time_machine.travel(_at(held + dt.timedelta(days=1), 16), tick=False):
        assert coaching_reminders_send()["acknowledgements"] == 1
        assert coaching_reminders_send()["acknowledgements"] == 0
    note = Notification.objects.get(kind=SESSION_ACKNOWLEDGEMENT)
    assert note.recipient == waiting.engagement.seller
    assert note.link == f"/coaching/sessions/{waiting.pk}/"


def test_an_action_item_is_reminded_two_days_before_and_on_the_day(in_shanghai) -> None:  # type: ignore[no-untyped-def]
    session = make_session(make_engagement(), held_on=dt.date(2026, 3, 4))
    seller = session.engagement.seller
    due = dt.date(2026, 3, 12)
    session_coach_rate(
        session=session,
        coach=session.engagement.coach,
        ratings=ratings_for(session, 4),
        actions=[("Send the ROI sheet", due, seller), ("Call the CFO", due, seller)],
    )
    ActionItem.objects.filter(description="Call the CFO").update(done=True)

    sent = []
    for day in (due - dt.timedelta(days=3), due - dt.timedelta(days=2), due - dt.timedelta(days=1), due):
        with time_machine.travel(_at(day, 7), tick=False):
            assert coaching_reminders_send()["action_items"] == 0  # before working hours
        with time_machine.travel(_at(day, 9), tick=False):
            sent.append(coaching_reminders_send()["action_items"])
    with time_machine.travel(_at(due + dt.timedelta(days=1), 9), tick=False):
        sent.append(coaching_reminders_send()["action_items"])
    assert sent == [0, 1, 0, 1, 0]
    titles = list(
        Notification.objects.filter(kind=ACTION_ITEM_DUE).order_by("pk").values_list("title", flat=True)
    )
    assert titles == ["Due 2026-03-12: Send the ROI sheet", "Due today: Send the ROI sheet"]


def test_the_reminders_run_hourly_on_the_one_beat_schedule() -> None:
    entry = next(e for e in registered_periodic_tasks() if e.task == "coaching.reminders_send")
    assert (entry.minute, entry.hour) == ("5", "*")


def test_the_accountability_page_links_to_each_pending_item(roles, client, settings) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    settings.RAMPWAY_ENFORCE_MFA = False
    coach = UserFactory(roles=[Role.COACH])
    today = timezone.localdate()
    engagement = make_engagement(coach=coach, start=today - dt.timedelta(days=10))
    field_day = make_field_day(engagement, date=today + dt.timedelta(days=1))
    past_day = make_field_day(engagement, date=today - dt.timedelta(days=1))
    self_rating = make_session(engagement, held_on=today)
    acknowledge = make_session(engagement, held_on=today - dt.timedelta(days=1))
    session_self_rate(session=acknowledge, seller=engagement.seller, ratings=ratings_for(acknowledge, 3))
    session_coach_rate(
        session=acknowledge,
        coach=coach,
        ratings=ratings_for(acknowledge, 4),
        actions=[("Send the ROI sheet", today + dt.timedelta(days=2), engagement.seller)],
    )

    client.force_login(coach)
    page = client.get("/coaching/team/").content.decode()
    section = page[page.index("Coach accountability") :]
    assert f'href="/coaching/field-days/{field_day.pk}/"' in section
    assert f'href="/coaching/field-days/{past_day.pk}/"' not in section
    assert f'href="/coaching/sessions/{self_rating.pk}/">Session awaiting the self-rating' in section
    assert f'href="/coaching/sessions/{acknowledge.pk}/">Session awaiting acknowledgement' in section
    assert f'href="/coaching/sessions/{acknowledge.pk}/">Action: Send the ROI sheet' in section
