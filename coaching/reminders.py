"""Coaching's reminders: field days the evening before (with the plan), sessions awaiting acknowledgement,
action items coming due. Each is one notification event, so the hourly beat task may run any number of times."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ActionItem, CoachingSession, FieldDay
from .notices import ACTION_ITEM_DUE, FIELDDAY_REMINDER, SESSION_ACKNOWLEDGEMENT, coaching_notify

# Local hours in the organisation's time zone (settings.TIME_ZONE): the field-day reminder goes the evening
# before; the others in working hours, never at night.
EVENING_HOUR = 18
MORNING_HOUR = 8
ACTION_SOON_DAYS = 2
# A seller gets a day to read the revealed ratings before being reminded to acknowledge them.
ACKNOWLEDGE_AFTER = dt.timedelta(days=1)


def coaching_reminders_send(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    local = timezone.localtime(now)
    counts = {"field_days": 0, "acknowledgements": 0, "action_items": 0}
    if local.hour >= EVENING_HOUR:
        counts["field_days"] = fieldday_reminders_send(day=local.date() + dt.timedelta(days=1))
    if local.hour >= MORNING_HOUR:
        counts["acknowledgements"] = acknowledgement_reminders_send(now=now)
        counts["action_items"] = action_item_reminders_send(today=local.date())
    return counts


def fieldday_reminders_send(*, day: dt.date) -> int:
    """Tell the seller and the coach of each field day on `day` what is planned: who, where, which focus."""
    field_days = (
        FieldDay.objects.filter(date=day, cancelled_at__isnull=True)
        .select_related("engagement__coach", "engagement__seller")
        .prefetch_related("visits", "engagement__focus_criteria")
    )
    sent = 0
    for field_day in field_days:
        engagement = field_day.engagement
        context = {
            "day": field_day,
            "seller": engagement.seller,
            "coach": engagement.coach,
            "focus": [criterion.name for criterion in engagement.focus_criteria.all()],
            "customers": [visit.customer_name for visit in field_day.visits.all()],
        }
        for person in (engagement.seller, engagement.coach):
            sent += coaching_notify(
                to=person,
                kind=FIELDDAY_REMINDER,
                template="fieldday_reminder",
                context=context,
                # The date is part of the event: a field day moved to another day is announced again.
                event_key=f"coaching.fieldday:{field_day.pk}:eve:{field_day.date}",
                link=reverse("coaching:fieldday_detail", args=[field_day.pk]),
            )
    return sent


def sessions_awaiting_acknowledgement() -> Q:
    """Ratings revealed (both submitted, or closed after the deadline) and the seller has not acknowledged."""
    revealed = Q(seller_submitted_at__isnull=False) | Q(closed_at__isnull=False)
    return Q(coach_submitted_at__isnull=False, seller_acknowledged_at__isnull=True) & revealed


def acknowledgement_reminders_send(*, now: dt.datetime) -> int:
    cutoff = now - ACKNOWLEDGE_AFTER
    waiting = (
        CoachingSession.objects.filter(sessions_awaiting_acknowledgement())
        .filter(Q(closed_at__lte=cutoff) | Q(seller_submitted_at__lte=cutoff, coach_submitted_at__lte=cutoff))
        .select_related("engagement__seller", "engagement__coach")
    )
    sent = 0
    for session in waiting:
        sent += coaching_notify(
            to=session.engagement.seller,
            kind=SESSION_ACKNOWLEDGEMENT,
            template="session_acknowledgement",
            context={"session": session, "coach": session.engagement.coach},
            event_key=f"coaching.session:{session.pk}:acknowledge",
            link=reverse("coaching:session", args=[session.pk]),
        )
    return sent


def action_item_reminders_send(*, today: dt.date) -> int:
    """Each open item: once when it comes due within two days, once more on the day itself."""
    open_items = ActionItem.objects.filter(
        done=False,
        followed_up_in__isnull=True,
        due_date__gte=today,
        due_date__lte=today + dt.timedelta(days=ACTION_SOON_DAYS),
    ).select_related("owner", "session")
    sent = 0
    for item in open_items:
        when = "today" if item.due_date == today else "soon"
        sent += coaching_notify(
            to=item.owner,
            kind=ACTION_ITEM_DUE,
            template="action_item_due",
            context={"item": item, "today": when == "today"},
            event_key=f"coaching.action:{item.pk}:due-{when}:{item.due_date}",
            link=reverse("coaching:session", args=[item.session_id]),
        )
    return sent


# ---------------------------------------------------------------- what is pending (the coach accountability page)


@dataclass(frozen=True)
class PendingItem:
    kind: str  # "field_day", "self_rating", "acknowledgement", "action_item"
    label: str
    seller: str
    due: dt.date
    url: str


PENDING_FIELD_DAYS_AHEAD = 7


class PendingList(list[PendingItem]):
    """A coach's pending items as shown, and `total`: how many there are, shown or not."""

    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self)


# The accountability table shows this many pending items per coach (the soonest first), and counts the rest.
PENDING_SHOWN = 10


def ranking_sql(
    kinds: dict[str, tuple[QuerySet[Any], str]], limit: int | None
) -> tuple[str, list[Any], str, list[Any]]:
    """SQL ranking each kind's pending rows per coach, over a `scope (id, coach_id)` of engagements that the
    caller defines: common table expressions to follow the caller's (with their parameters), and a select of
    (kind number, row id, coach id, total) for each coach's first `limit` rows of a kind by the kind's date
    (every row when `limit` is None), `total` counting all the coach's rows of that kind.

    Ranking every pending row sorted them all (160,000 at 100,000 engagements: a sort on disk of about 150 ms).
    Here the rows are counted per coach and day (a hash aggregate: the days are few), only the days holding a
    coach's first `limit` rows are kept, and only those days' rows are ranked."""
    parts = []
    params: list[Any] = []
    # Each kind is ranked by its number: sorting on its name compares text by collation, several times slower.
    for number, (queryset, order) in enumerate(kinds.values()):
        kind_sql, kind_params = (
            queryset.order_by().values("pk", "engagement_id", due=F(order)).query.sql_with_params()
        )
        join = "JOIN scope ON scope.id = p.engagement_id"
        # Django's compiled queryset goes into the text; its values and the kind's number are bound.
        parts.append(f"SELECT %s AS kind, p.pk AS id, scope.coach_id, p.due FROM ({kind_sql}) AS p {join}")  # noqa: S608
        params += [number, *kind_params]
    # Only Django's compiled querysets go into the text; the kinds, dates and the limit are bound. A coach's rows
    # of a kind are ranked up to their cut-off: the last day before which fewer than `limit` of them fall. The
    # rows meet the cut-offs on (kind, coach) alone, a hash join, so nothing sorts them all on the way.
    ctes = f"""
        pending AS MATERIALIZED ({" UNION ALL ".join(parts)}),
        per_day AS (SELECT kind, coach_id, due, count(*) AS n FROM pending GROUP BY kind, coach_id, due),
        day_counts AS (
            SELECT kind, coach_id, due, CAST(sum(n) OVER (PARTITION BY kind, coach_id) AS BIGINT) AS total,
                sum(n) OVER (PARTITION BY kind, coach_id ORDER BY due ROWS UNBOUNDED PRECEDING) - n AS earlier
            FROM per_day
        ),
        cutoffs AS (
            SELECT kind, coach_id, max(due) AS last_due, max(total) AS total FROM day_counts
            WHERE %s IS NULL OR earlier < %s GROUP BY kind, coach_id
        ),
        ranked AS (
            SELECT p.kind, p.id, p.coach_id, c.total,
                row_number() OVER (PARTITION BY p.kind, p.coach_id ORDER BY p.due, p.id) AS position
            FROM pending AS p JOIN cutoffs AS c ON c.kind = p.kind AND c.coach_id = p.coach_id
            WHERE p.due <= c.last_due
        )
    """  # noqa: S608
    select = "SELECT kind, id, coach_id, total FROM ranked WHERE %s IS NULL OR position <= %s"
    return ctes, [*params, limit, limit], select, [limit, limit]


def scope_sql(engagements: QuerySet[Any]) -> tuple[str, list[Any]]:
    """The `scope (id, coach_id)` common table expression of the engagements in view (the access policy's
    filter), to be read by several parts of one statement: the filter is evaluated once, not once per part (at
    100,000 engagements each evaluation costs about 100 ms)."""
    sql, params = engagements.order_by().values("pk", "coach_id").query.sql_with_params()
    # Django's compiled queryset goes into the text; its values are bound.
    return f"scope AS MATERIALIZED (SELECT v.pk AS id, v.coach_id FROM ({sql}) AS v)", list(params)  # noqa: S608


Ranked = dict[str, dict[int, tuple[int, int]]]


def ranked_rows(kinds: dict[str, Any], rows: list[tuple[Any, ...]]) -> Ranked:
    """The ranking's rows per kind name: each row id with its coach and the coach's total of that kind."""
    names = list(kinds)
    found: Ranked = {kind: {} for kind in kinds}
    for number, pk, coach_id, total in rows:
        found[names[number]][pk] = (coach_id, total)
    return found


def _soonest_per_coach(
    engagements: QuerySet[Any], kinds: dict[str, tuple[QuerySet[Any], str]], limit: int | None
) -> Ranked:
    """Per kind, each coach's first `limit` rows by the kind's date (all rows when `limit` is None): their ids,
    each with its coach and `total`, how many of that kind the coach has in all (one statement)."""
    scope, scope_params = scope_sql(engagements)
    ctes, ctes_params, select, select_params = ranking_sql(kinds, limit)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {scope}, {ctes} {select}", (*scope_params, *ctes_params, *select_params))
        return ranked_rows(kinds, cursor.fetchall())


def pending_items(
    engagements: QuerySet[Any], *, today: dt.date, limit: int | None = None
) -> dict[int, PendingList]:
    """Per coach id: what the reminders are about for `engagements` — coming field days, sessions waiting for
    the seller, open action items due within two days or overdue — each with its link (4 queries: the ranking,
    then the rows shown of each kind, by id). With a `limit`, each coach keeps the `limit` soonest of each kind
    (each list's `total` still counts them all), so a coach of thousands of sellers gets a readable list rather
    than every item."""
    kinds = pending_kinds(today)
    return pending_lists(kinds, _soonest_per_coach(engagements, kinds, limit), limit)


def pending_kinds(today: dt.date) -> dict[str, tuple[QuerySet[Any], str]]:
    """What is pending on `today`, per kind: its rows and the field they are ranked by."""
    waiting_self = Q(seller_submitted_at__isnull=True, closed_at__isnull=True)
    return {
        "field_day": (
            FieldDay.objects.filter(
                cancelled_at__isnull=True,
                date__gte=today,
                date__lte=today + dt.timedelta(days=PENDING_FIELD_DAYS_AHEAD),
            ),
            "date",
        ),
        # Ranked by the day held: the deadline (held on + the self-rating days, unless set) follows it.
        "session": (
            CoachingSession.objects.filter(waiting_self | sessions_awaiting_acknowledgement()),
            "held_on",
        ),
        "action_item": (
            ActionItem.objects.filter(
                done=False,
                followed_up_in__isnull=True,
                due_date__lte=today + dt.timedelta(days=ACTION_SOON_DAYS),
            ),
            "due_date",
        ),
    }


def pending_lists(
    kinds: dict[str, tuple[QuerySet[Any], str]], ranked: Ranked, limit: int | None
) -> dict[int, PendingList]:
    """Per coach id, the ranked rows as shown, each with its link (one query per kind with rows)."""
    by_coach: dict[int, PendingList] = defaultdict(PendingList)
    totals: dict[int, dict[str, int]] = defaultdict(dict)

    def shown(kind: str) -> list[Any]:
        """The ranked rows of a kind, with their sellers, by id alone (they already passed the scope)."""
        for coach_id, total in ranked[kind].values():
            totals[coach_id][kind] = total
        if not ranked[kind]:
            return []
        queryset = kinds[kind][0].model._default_manager.select_related("engagement__seller")
        return list(queryset.filter(pk__in=sorted(ranked[kind])))

    for day in shown("field_day"):
        by_coach[day.engagement.coach_id].append(
            PendingItem(
                "field_day",
                _("Field day"),
                day.engagement.seller.display_name,
                day.date,
                reverse("coaching:fieldday_detail", args=[day.pk]),
            )
        )
    for session in shown("session"):
        awaiting_self = session.seller_submitted_at is None and session.closed_at is None
        by_coach[session.engagement.coach_id].append(
            PendingItem(
                "self_rating" if awaiting_self else "acknowledgement",
                _("Session awaiting the self-rating")
                if awaiting_self
                else _("Session awaiting acknowledgement"),
                session.engagement.seller.display_name,
                session.self_rating_deadline if awaiting_self else session.held_on,
                reverse("coaching:session", args=[session.pk]),
            )
        )
    for item in shown("action_item"):
        by_coach[item.engagement.coach_id].append(
            PendingItem(
                "action_item",
                _("Action: %(action)s") % {"action": item.description},
                item.engagement.seller.display_name,
                item.due_date,
                reverse("coaching:session", args=[item.session_id]),
            )
        )
    for coach_id, rows in by_coach.items():
        rows.sort(key=lambda row: (row.due, row.kind, row.url))
        if limit is not None:
            del rows[limit:]
        rows.total = sum(totals[coach_id].values())
    return by_coach
