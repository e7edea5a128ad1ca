"""The per-seller visit summary (coaching.SellerVisitSummary) the coaching team page's before/after adds up.

`weekly_measures` turns a seller's visits into one row per ISO week (visits, hit rate, mean length, mean
rating) and `before_after` averages those rows before and from the week of the seller's program start. The mean
over many sellers is a sum of weekly values over a count of weeks, so each seller's sums and counts per phase
can be kept, split at their earliest engagement start (the row's `anchor`), and the team's means are the sums of
the rows over the sums of their counts: one row per seller instead of every visit of everyone in view.

The services that write what the figures come from (`fieldday_save`, `engagement_create`) refresh the seller's
row in their own transaction, after locking the seller's engagements, so two writers for one seller take turns
and the second counts what the first committed. Rows written past the services (the benchmarks' bulk SQL, an
import) are brought back by `manage.py coaching_summaries_rebuild`. A seller whose row is missing, or whose
earliest start in view is not the row's anchor (a page that sees only some of their engagements), is counted
from the visits by the page itself, so a row can be missing without a figure being wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection

from .measures import APPOINTMENT
from .models import Engagement, FieldDay, SellerVisitSummary, Visit

PHASES = ("before", "during")
# Per phase, in this order: weeks with visits, visits, then (sum of weekly values, weeks with a value) for the
# hit rate, the mean length and the mean rating.
SUMS = (
    "weeks",
    "visits",
    "hit_sum",
    "hit_weeks",
    "duration_sum",
    "duration_weeks",
    "rating_sum",
    "rating_weeks",
)
COLUMNS = tuple(f"{phase}_{name}" for phase in PHASES for name in SUMS)


def monday_sql(column: str) -> str:
    """SQL for the Monday of the ISO week of a date column, on PostgreSQL and on SQLite (the tests)."""
    if connection.vendor == "postgresql":
        return f"date_trunc('week', ({column})::timestamp)::date"
    return f"date({column}, '-' || ((CAST(strftime('%%w', {column}) AS INTEGER) + 6) %% 7) || ' days')"


def as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def weeks_sql(sellers: str) -> tuple[str, tuple[Any, ...]]:
    """SQL and parameters for one row per seller and ISO week with visits (`weekly_measures` in SQL) of the
    sellers in the relation named `sellers` (a CTE with a seller_id column): seller_id, monday, visits, targeted
    (visits whose objective was an appointment), won, duration and rating (the week's means)."""
    monday = monday_sql("fd.date")
    sql = f"""
        SELECT e.seller_id, {monday} AS monday, count(*) AS visits,
            count(*) FILTER (WHERE vi.objective = %s) AS targeted,
            count(*) FILTER (WHERE vi.objective = %s AND vi.appointment_won) AS won,
            avg(vi.duration_minutes) AS duration, avg(vi.coach_rating) AS rating
        FROM {Visit._meta.db_table} AS vi
        JOIN {FieldDay._meta.db_table} AS fd ON fd.id = vi.field_day_id
        JOIN {Engagement._meta.db_table} AS e ON e.id = fd.engagement_id
        JOIN {sellers} AS sellers ON sellers.seller_id = e.seller_id
        GROUP BY e.seller_id, {monday}
    """  # noqa: S608 (table names only)
    return sql, (APPOINTMENT, APPOINTMENT)


def phase_sums_sql(weeks: str, anchors: str) -> str:
    """The `COLUMNS` as SQL aggregates over week rows `weeks` joined with their seller's `anchors` row (its
    Monday in a column `monday`): before is a week before the anchor's week, during from it on."""
    parts = []
    for cmp in ("<", ">="):  # PHASES' order
        cond = f"{weeks}.monday {cmp} {anchors}.monday"
        hit = f"{cond} AND {weeks}.targeted > 0"
        duration = f"{cond} AND {weeks}.duration IS NOT NULL"
        rating = f"{cond} AND {weeks}.rating IS NOT NULL"
        parts += [
            f"sum(CASE WHEN {cond} THEN 1 ELSE 0 END)",
            f"sum(CASE WHEN {cond} THEN {weeks}.visits ELSE 0 END)",
            f"sum(CASE WHEN {hit} THEN 1.0 * {weeks}.won / {weeks}.targeted ELSE 0 END)",
            f"sum(CASE WHEN {hit} THEN 1 ELSE 0 END)",
            f"sum(CASE WHEN {duration} THEN {weeks}.duration ELSE 0 END)",
            f"sum(CASE WHEN {duration} THEN 1 ELSE 0 END)",
            f"sum(CASE WHEN {rating} THEN {weeks}.rating ELSE 0 END)",
            f"sum(CASE WHEN {rating} THEN 1 ELSE 0 END)",
        ]
    return ", ".join(parts)


def _store(sellers_where: str, params: tuple[Any, ...]) -> None:
    """Count and upsert the rows of the sellers with an engagement matching `sellers_where` (one statement)."""
    weeks, weeks_params = weeks_sql("anchors")
    table, columns = SellerVisitSummary._meta.db_table, ", ".join(COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in ("anchor", "first_week", "last_week", *COLUMNS))
    start_monday = monday_sql("min(e.start_date)")
    # Table names, column names and SQL fragments of this module only; values are bound. (`WHERE true` keeps
    # SQLite from reading the upsert's ON CONFLICT as the join's ON.)
    sql = f"""
        WITH anchors AS (
            SELECT e.seller_id, min(e.start_date) AS first_start, {start_monday} AS monday
            FROM {Engagement._meta.db_table} AS e WHERE {sellers_where} GROUP BY e.seller_id
        ), weeks AS ({weeks})
        INSERT INTO {table} (seller_id, anchor, first_week, last_week, {columns})
        SELECT anchors.seller_id, anchors.first_start, min(weeks.monday), max(weeks.monday),
            {phase_sums_sql("weeks", "anchors")}
        FROM anchors LEFT JOIN weeks ON weeks.seller_id = anchors.seller_id
        WHERE true
        GROUP BY anchors.seller_id, anchors.first_start
        ON CONFLICT (seller_id) DO UPDATE SET {updates}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *weeks_params))


def visit_summaries_refresh(seller_ids: Iterable[int]) -> None:
    """Recount these sellers' rows, inside the caller's transaction (2 queries). The sellers' engagements are
    locked first, so a concurrent writer for the same seller waits for this transaction and then counts what it
    committed (PostgreSQL; SQLite runs one writer at a time)."""
    ids = sorted(set(seller_ids))
    if not ids:
        return
    list(Engagement.objects.select_for_update().filter(seller_id__in=ids).order_by("pk").values_list("pk"))
    placeholders = ", ".join(["%s"] * len(ids))
    _store(f"e.seller_id IN ({placeholders})", tuple(ids))


def visit_summaries_rebuild() -> int:
    """Recount every seller's row (one statement) and drop the rows of sellers left without an engagement;
    returns the number of rows kept. For after rows were written past the services."""
    _store("true", ())
    table = SellerVisitSummary._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE seller_id NOT IN (SELECT seller_id FROM {Engagement._meta.db_table})"  # noqa: S608
        )
    return SellerVisitSummary.objects.count()
