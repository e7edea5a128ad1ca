"""One beat schedule: apps register periodic tasks in ready(); the post_migrate sync writes exactly those rows."""

from __future__ import annotations

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core import schedule

pytestmark = pytest.mark.django_db

# What the four old data migrations wrote (name → task, minute, hour, day_of_week), read from their history.
OLD_MIGRATIONS = {
    "home: send stored outbox messages (every minute)": ("home.outbox_flush", "*", "*", "*"),
    "courses: learner step reminders (daily)": ("courses.send_step_reminders", "0", "7", "*"),
    "courses: manager onboarding digest (weekly)": ("courses.send_manager_digests", "0", "7", "1"),
    "courses: library review reminders (daily)": ("courses.send_review_reminders", "30", "7", "*"),
    "courses: wagtail publish_scheduled (every 5 min)": ("courses.publish_scheduled", "*/5", "*", "*"),
    "exams: submit overdue attempts (every minute)": ("exams.attempts_sweep", "*", "*", "*"),
    "exams: certification expiry reminders (daily)": ("exams.certification_reminders", "15", "7", "*"),
    "hiring: anonymise candidates past retention (daily)": (
        "hiring.candidates_anonymise_expired",
        "40",
        "3",
        "*",
    ),
}


def _rows() -> dict[str, tuple[str, str, str, str]]:
    return {
        t.name: (t.task, t.crontab.minute, t.crontab.hour, t.crontab.day_of_week)
        for t in PeriodicTask.objects.select_related("crontab").exclude(name="celery.backend_cleanup")
    }


def _old_schedule_as_the_migrations_left_it() -> None:
    PeriodicTask.objects.all().delete()
    for name, (task, minute, hour, dow) in OLD_MIGRATIONS.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week=dow, day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.create(name=name, task=task, crontab=crontab, enabled=True)


def test_the_migrated_database_holds_the_registered_schedule() -> None:
    expected = {
        e.name: (e.task, e.minute, e.hour, e.day_of_week) for e in schedule.registered_periodic_tasks()
    }
    assert _rows() == expected
    assert all(t.description == schedule.MANAGED for t in PeriodicTask.objects.filter(name__in=expected))


def test_an_existing_database_ends_with_the_same_schedule_and_the_outbox_flush_under_core() -> None:
    _old_schedule_as_the_migrations_left_it()
    schedule.schedule_sync()
    rows = _rows()
    moved = "home: send stored outbox messages (every minute)"
    assert rows.pop("core: send stored outbox messages (every minute)") == (
        "core.outbox_flush",
        "*",
        "*",
        "*",
    )
    assert {name: row for name, row in rows.items() if name in OLD_MIGRATIONS} == {
        name: row for name, row in OLD_MIGRATIONS.items() if name != moved
    }
    # Entries added since the four migrations (e.g. the monthly study re-run) arrive with the same sync.
    added = {e.name for e in schedule.registered_periodic_tasks()} - set(OLD_MIGRATIONS)
    assert set(rows) - set(OLD_MIGRATIONS) == added - {"core: send stored outbox messages (every minute)"}


def test_a_second_sync_changes_nothing() -> None:
    _old_schedule_as_the_migrations_left_it()
    assert schedule.schedule_sync()["updated"] > 0
    assert schedule.schedule_sync() == {"created": 0, "updated": 0, "deleted": 0}


def test_an_unregistered_row_of_ours_goes_and_a_hand_made_row_and_an_admins_disable_stay(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hand_made = PeriodicTask.objects.create(
        name="ops: something by hand", task="x.y", crontab=CrontabSchedule.objects.first()
    )
    PeriodicTask.objects.filter(name="exams: submit overdue attempts (every minute)").update(enabled=False)
    registry = dict(schedule._registry)
    registry.pop("hiring: anonymise candidates past retention (daily)")
    monkeypatch.setattr(schedule, "_registry", registry)

    assert schedule.schedule_sync()["deleted"] == 1
    assert not PeriodicTask.objects.filter(task="hiring.candidates_anonymise_expired").exists()
    assert PeriodicTask.objects.filter(pk=hand_made.pk).exists()
    assert not PeriodicTask.objects.get(name="exams: submit overdue attempts (every minute)").enabled


def test_registering_one_name_with_two_schedules_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "_registry", {})
    schedule.register_periodic_task(name="a: b", task="a.b", minute="0")
    schedule.register_periodic_task(name="a: b", task="a.b", minute="0")  # the same again (a re-run ready())
    with pytest.raises(ValueError, match="registered twice"):
        schedule.register_periodic_task(name="a: b", task="a.b", minute="5")
