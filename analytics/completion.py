"""The per-person completion summary (analytics.Completion) the dashboards read: how it is counted, marked
for a recount when something changes, and recounted.

A person's figures change when they complete or reset a lesson, are enrolled or unenrolled, pass an exam, or
are issued or lose a certificate (analytics.receivers marks them: `completion_touch`), when the plan changes (a
path activated or its steps edited, a lesson published or moved: every row counted against the old plan stops
holding, and a sweep is queued), and when a certificate they hold expires (`stale_at`: no event says so, the
row simply stops holding then). A row that does not hold is never read: `tallies.completion_tallies` counts
that person from the source tables. The recount (a task per touch, the sweep on beat and after plan changes,
`manage.py completion_rebuild` after bulk imports) brings rows back.

Races: a touch raises the row's `version` after the change has committed, and a recount writes its figures
only if the version it read before counting is still the row's, so a recount that read the data before a
change can never overwrite the mark that change left.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User

from .models import Completion
from .tallies import PathPlan, PersonWork, path_plan, people_work

RECOUNT_TASK = "analytics.completion_recount"
SWEEP_TASK = "analytics.completion_sweep"
BATCH = 1000  # people per counting query of a narrow recount
WIDE = 10 * BATCH  # more people than this: one pass over everyone's work
STORED = 5000  # rows per upsert of a wide recount (each its own short transaction, so a touch waits little)

_pending = threading.local()


def completion_touch(user_ids: Iterable[int | None]) -> None:
    """These people's figures may have changed: once the current transaction commits (at once outside one),
    mark their rows for a recount and queue it. No query until then, and one mark and one task per
    transaction however many changes it made."""
    pending: set[int] = _pending.__dict__.setdefault("ids", set())
    pending.update(i for i in user_ids if i is not None)
    # Registered every time: a rolled-back transaction drops its callback but not the ids it added, which the
    # next commit then marks too (an extra recount, never a missed one).
    transaction.on_commit(_touch_flush, robust=True)


def _touch_flush() -> None:
    ids = sorted(_pending.__dict__.pop("ids", set()))
    if not ids:
        return
    from core.outbox import enqueue

    completion_mark(user_ids=ids)
    enqueue(RECOUNT_TASK, args=[ids], queue="analytics")


def completion_plan_changed() -> None:
    """The plan may have changed (a path, a step, a lesson, an exam's kind): once the current transaction
    commits, queue one sweep, however many changes it made. Until the sweep has run, a dashboard counts the
    people whose rows were counted against the old plan from the source tables (correct, only slower)."""
    _pending.sweep = True
    transaction.on_commit(_sweep_flush, robust=True)


def _sweep_flush() -> None:
    if not getattr(_pending, "sweep", False):
        return
    _pending.sweep = False
    from core.outbox import enqueue

    enqueue(SWEEP_TASK, queue="analytics", dedupe_key=SWEEP_TASK)


def completion_mark(*, user_ids: list[int]) -> None:
    """Mark these people's rows for a recount (creating the rows of people who have none), in one statement."""
    table = Completion._meta.db_table
    for start in range(0, len(user_ids), BATCH):
        chunk = user_ids[start : start + BATCH]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (user_id, plan, done, total, version) "  # noqa: S608
                f"SELECT u.id, '', 0, 0, 1 FROM {User._meta.db_table} u "
                f"WHERE u.id IN ({', '.join(['%s'] * len(chunk))}) "
                f"ON CONFLICT (user_id) DO UPDATE SET plan = '', version = {table}.version + 1",
                chunk,
            )


def completion_recount(
    *, user_ids: Iterable[int] | None = None, now: dt.datetime | None = None, plan: PathPlan | None = None
) -> int:
    """Count these people (everyone with None) from the source tables and store their figures; returns how many
    rows were written. Few people: batches of 1,000, each a version read, one counting query and one upsert.
    Many (more than WIDE): everyone's work in one pass, then the upserts."""
    now = now or timezone.now()
    plan = plan or path_plan()
    if user_ids is not None:
        ids = sorted(set(user_ids))
        if len(ids) <= WIDE:
            written = 0
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                versions = dict(
                    Completion.objects.filter(user_id__in=chunk).values_list("user_id", "version")
                )
                rows = people_work(User.objects.filter(pk__in=chunk), plan=plan, now=now)
                written += _store(rows, versions=versions, plan=plan, now=now)
            return written
    # The versions are read before the counting, as in each batch above.
    versions = dict(Completion.objects.values_list("user_id", "version"))
    rows = people_work(User.objects.all(), plan=plan, now=now, narrow=False)
    if user_ids is not None:
        wanted = set(user_ids)
        rows = [row for row in rows if row.user_id in wanted]
    return sum(
        _store(rows[start : start + STORED], versions=versions, plan=plan, now=now)
        for start in range(0, len(rows), STORED)
    )


def _store(rows: list[PersonWork], *, versions: dict[int, int], plan: PathPlan, now: dt.datetime) -> int:
    """Upsert these figures (one statement), each only where the row's version is still the one read."""
    if not rows:
        return 0
    adapt = connection.ops.adapt_datetimefield_value
    table = Completion._meta.db_table
    values: list[str] = []
    params: list[Any] = []
    for row in rows:
        values.append("(%s, %s, %s, %s, %s, %s, %s)")
        params += [
            row.user_id,
            plan.fingerprint,
            row.done,
            row.total,
            adapt(row.stale_at),
            versions.get(row.user_id, 0),
            adapt(now),
        ]
    # A row whose version moved since it was read was touched meanwhile: left marked, its own recount follows.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, plan, done, total, stale_at, version, counted_at) "  # noqa: S608
            f"VALUES {', '.join(values)} ON CONFLICT (user_id) DO UPDATE SET plan = excluded.plan, "
            "done = excluded.done, total = excluded.total, stale_at = excluded.stale_at, "
            f"counted_at = excluded.counted_at WHERE {table}.version = excluded.version",
            params,
        )
        return max(int(cursor.rowcount), 0)


def completion_holds(*, plan: PathPlan, now: dt.datetime) -> Q:
    """The rows a dashboard may read (the SQL twin is in tallies.completion_tallies)."""
    return Q(plan=plan.fingerprint) & (Q(stale_at__isnull=True) | Q(stale_at__gt=now))


def people_to_recount(*, plan: PathPlan, now: dt.datetime) -> QuerySet[Any]:
    """The user ids whose summary row is missing or does not hold."""
    holding = Completion.objects.filter(completion_holds(plan=plan, now=now), user_id=OuterRef("pk"))
    return User.objects.filter(~Exists(holding)).order_by("pk").values_list("pk", flat=True)


def completion_sweep(*, now: dt.datetime | None = None, everyone: bool = False) -> int:
    """Recount everyone whose row is missing or no longer holds (everyone with `everyone`); returns how many
    rows were written."""
    now = now or timezone.now()
    plan = path_plan()
    ids = None if everyone else list(people_to_recount(plan=plan, now=now))
    return completion_recount(user_ids=ids, now=now, plan=plan)
