"""The one beat schedule: apps register their periodic tasks in ready(); post_migrate writes them to django-celery-beat.

Before this registry each app wrote its rows in a data migration, so changing a time meant a new migration and
a removed task lived on in the database. Now the registry is the truth: schedule_sync() creates or updates
the rows we own and deletes those no longer registered; rows someone added by hand in the admin stay, and an
admin's "disabled" is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Rows synced from the registry carry this description, so a later sync knows which rows it may delete.
MANAGED = "Managed by core.schedule (registered in an app's ready()); edits here are overwritten."

# Rows the old data migrations (home/0004, courses/0002, exams/0002, hiring/0002) created before they were
# marked: ours too, so a sync may adopt or delete them.
LEGACY_NAMES = frozenset(
    {
        "home: send stored outbox messages (every minute)",
        "courses: learner step reminders (daily)",
        "courses: manager onboarding digest (weekly)",
        "courses: library review reminders (daily)",
        "courses: wagtail publish_scheduled (every 5 min)",
        "exams: submit overdue attempts (every minute)",
        "exams: certification expiry reminders (daily)",
        "hiring: anonymise candidates past retention (daily)",
    }
)


@dataclass(frozen=True)
class PeriodicEntry:
    name: str
    task: str
    minute: str = "*"
    hour: str = "*"
    day_of_week: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"


_registry: dict[str, PeriodicEntry] = {}


def register_periodic_task(
    *,
    name: str,
    task: str,
    minute: str = "*",
    hour: str = "*",
    day_of_week: str = "*",
    day_of_month: str = "*",
    month_of_year: str = "*",
) -> None:
    """Run `task` on a UTC crontab; `name` is the row's name in the beat admin ("<app>: what (when)")."""
    entry = PeriodicEntry(name, task, minute, hour, day_of_week, day_of_month, month_of_year)
    existing = _registry.get(name)
    if existing is not None and existing != entry:
        raise ValueError(f"periodic task {name!r} registered twice with different schedules")
    _registry[name] = entry


def registered_periodic_tasks() -> list[PeriodicEntry]:
    return sorted(_registry.values(), key=lambda entry: entry.name)


def schedule_sync() -> dict[str, int]:
    """Make django-celery-beat's rows match the registry; idempotent (a second run changes nothing)."""
    from django.db import transaction
    from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

    counts = {"created": 0, "updated": 0, "deleted": 0}
    with transaction.atomic():
        for entry in registered_periodic_tasks():
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=entry.minute,
                hour=entry.hour,
                day_of_week=entry.day_of_week,
                day_of_month=entry.day_of_month,
                month_of_year=entry.month_of_year,
                timezone="UTC",
            )
            row = PeriodicTask.objects.filter(name=entry.name).first()
            if row is None:
                PeriodicTask.objects.create(
                    name=entry.name, task=entry.task, crontab=crontab, enabled=True, description=MANAGED
                )
                counts["created"] += 1
            elif (row.task, row.crontab_id, row.description) != (entry.task, crontab.pk, MANAGED):
                row.task, row.crontab, row.description = entry.task, crontab, MANAGED
                # A row may have had another schedule type; beat refuses a row with two.
                row.interval = row.solar = row.clocked = None
                row.save()
                counts["updated"] += 1
        owned = PeriodicTask.objects.filter(description=MANAGED) | PeriodicTask.objects.filter(
            name__in=LEGACY_NAMES
        )
        stale = owned.exclude(name__in=list(_registry))
        for row in stale:
            row.delete()
            counts["deleted"] += 1
        if any(counts.values()):
            PeriodicTasks.update_changed()
    return counts


def sync_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "name", "") == "core":
        schedule_sync()
