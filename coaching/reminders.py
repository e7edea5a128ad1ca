"""Coaching's reminders: field days the evening before (with the plan), sessions awaiting acknowledgement,
action items coming due. Each is one notification event, so the hourly beat task may run any number of times."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
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


def _soonest_per_coach(queryset: QuerySet[Any], order: str, limit: int | None) -> QuerySet[Any]:
    """Each coach's first `limit` rows by `order` (all rows when `limit` is None), with `pending_total`: how many
    that coach has in all, counted in the same query."""
    coach = F("engagement__coach_id")
    queryset = queryset.annotate(pending_total=Window(Count("pk"), partition_by=[coach]))
    if limit is None:
        return queryset
    rank = Window(RowNumber(), partition_by=[coach], order_by=[F(order).asc(), F("pk").asc()])
    return queryset.annotate(pending_rank=rank).filter(pending_rank__lte=limit)


def pending_items(
    engagement_ids: list[int] | QuerySet[Any], *, today: dt.date, limit: int | None = None
) -> dict[int, PendingList]:
    """Per coach id: what the reminders are about — coming field days, sessions waiting for the seller,
    open action items due within two days or overdue — each with its link (3 queries). With a `limit`, each
    coach keeps the `limit` soonest (each list's `total` still counts them all), so a coach of thousands of
    sellers gets a readable list rather than every item."""
    by_coach: dict[int, PendingList] = defaultdict(PendingList)
    days = _soonest_per_coach(
        FieldDay.objects.filter(
            engagement_id__in=engagement_ids,
            cancelled_at__isnull=True,
            date__gte=today,
            date__lte=today + dt.timedelta(days=PENDING_FIELD_DAYS_AHEAD),
        ).select_related("engagement__seller"),
        "date",
        limit,
    )
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    for day in days:
        totals[day.engagement.coach_id]["field_day"] = day.pending_total
        by_coach[day.engagement.coach_id].append(
            PendingItem(
                "field_day",
                _("Field day"),
                day.engagement.seller.display_name,
                day.date,
                reverse("coaching:fieldday_detail", args=[day.pk]),
            )
        )
    waiting_self = Q(seller_submitted_at__isnull=True, closed_at__isnull=True)
    # Ranked by the day held: the deadline (held on + the self-rating days, unless set) follows it.
    sessions = _soonest_per_coach(
        CoachingSession.objects.filter(engagement_id__in=engagement_ids)
        .filter(waiting_self | sessions_awaiting_acknowledgement())
        .select_related("engagement__seller"),
        "held_on",
        limit,
    )
    for session in sessions:
        awaiting_self = session.seller_submitted_at is None and session.closed_at is None
        totals[session.engagement.coach_id]["session"] = session.pending_total
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
    items = _soonest_per_coach(
        ActionItem.objects.filter(
            engagement_id__in=engagement_ids,
            done=False,
            followed_up_in__isnull=True,
            due_date__lte=today + dt.timedelta(days=ACTION_SOON_DAYS),
        ).select_related("engagement__seller"),
        "due_date",
        limit,
    )
    for item in items:
        totals[item.engagement.coach_id]["action_item"] = item.pending_total
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
