"""The coach accountability table's pending items: with a limit, each coach's list is the soonest of the full
list and its total still counts everything pending, per coach, whatever mix of kinds they have."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coaching.models import ActionItem, Engagement
from coaching.reminders import pending_items
from coaching.services import session_coach_rate
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_field_day, make_session, ratings_for

pytestmark = pytest.mark.django_db


def _coach_with(*, field_days: int, sessions: int, items: int, today: dt.date):  # type: ignore[no-untyped-def]
    """A coach of two sellers with the given numbers of pending field days, sessions and action items, spread
    over different days, plus what must not count: a past field day, a done item and one due next month."""
    coach = UserFactory()
    engagements = [make_engagement(coach=coach, start=today - dt.timedelta(days=30)) for _ in range(2)]
    for n in range(field_days):
        # The later a day is recorded, the sooner it is: the soonest are not the first ids.
        make_field_day(engagements[n % 2], date=today + dt.timedelta(days=(field_days - 1 - n) % 8))
    make_field_day(engagements[0], date=today - dt.timedelta(days=2))
    held = []
    for n in range(max(sessions, 1)):
        held.append(make_session(engagements[n % 2], held_on=today - dt.timedelta(days=n % 5)))
    actions = [
        (f"Item {n}", today + dt.timedelta(days=(n % 5) - 3), engagements[0].seller) for n in range(items)
    ]
    actions += [
        ("Done", today, engagements[0].seller),
        ("Next month", today + dt.timedelta(days=30), engagements[0].seller),
    ]
    session_coach_rate(session=held[0], coach=coach, ratings=ratings_for(held[0], 3), actions=actions)
    ActionItem.objects.filter(engagement__coach=coach, description="Done").update(done=True)
    return coach


def test_a_limited_list_is_the_soonest_of_the_full_list_and_counts_them_all() -> None:
    today = timezone.localdate()
    busy = _coach_with(field_days=12, sessions=4, items=5, today=today)
    quiet = _coach_with(field_days=1, sessions=1, items=2, today=today)
    everything = pending_items(Engagement.objects.all(), today=today)
    shown = pending_items(Engagement.objects.all(), today=today, limit=10)

    assert len(everything[busy.pk]) == 12 + 4 + 5  # the past day, the done item and next month's do not count
    assert len(everything[quiet.pk]) == 1 + 1 + 2
    for coach in (busy, quiet):
        full = everything[coach.pk]
        assert full.total == len(full)
        assert list(shown[coach.pk]) == list(full[:10])
        assert shown[coach.pk].total == len(full)
    assert shown[busy.pk].more == 11
    assert shown[quiet.pk].more == 0
    kinds = {row.kind for row in shown[busy.pk]}
    assert kinds <= {"field_day", "self_rating", "action_item"}


def test_only_the_engagements_in_view_are_ranked() -> None:
    today = timezone.localdate()
    busy = _coach_with(field_days=3, sessions=2, items=2, today=today)
    quiet = _coach_with(field_days=1, sessions=1, items=1, today=today)
    mine = pending_items(Engagement.objects.filter(coach=quiet), today=today, limit=2)
    assert set(mine) == {quiet.pk}
    assert busy.pk not in mine
    assert len(mine[quiet.pk]) == 2
    assert mine[quiet.pk].total == 1 + 1 + 1
