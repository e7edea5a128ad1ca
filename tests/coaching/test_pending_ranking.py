"""The coach accountability table's pending items: with a limit, each coach's list is the soonest of the full
list and its total still counts everything pending, per coach, whatever mix of kinds they have."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from typing import Any

import pytest
from django.utils import timezone

from coaching.models import ActionItem, CoachingSession, Engagement, FieldDay
from coaching.reminders import _soonest_per_coach, pending_items, pending_kinds
from coaching.selectors import coach_accountability
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


def _random_world(seed: int, today: dt.date) -> None:
    """Three coaches with a few sellers each and many pending rows on few days (so days tie at each cut-off),
    written straight to the tables, and rows that are not pending: cancelled or far field days, rated sessions,
    done items."""
    rng = random.Random(seed)
    now = timezone.now()
    for _coach in range(3):
        coach = UserFactory()
        for _seller in range(rng.randint(1, 3)):
            engagement = make_engagement(coach=coach, start=today - dt.timedelta(days=20))
            for _day in range(rng.randint(0, 9)):
                FieldDay.objects.create(
                    engagement=engagement,
                    date=today + dt.timedelta(days=rng.randint(-2, 9)),
                    draft_id=uuid.uuid4(),
                    recorded_by=coach,
                    cancelled_at=now if rng.random() < 0.15 else None,
                )
            for _session in range(rng.randint(0, 6)):
                session = make_session(engagement, held_on=today - dt.timedelta(days=rng.randint(0, 3)))
                if rng.random() < 0.2:
                    CoachingSession.objects.filter(pk=session.pk).update(seller_submitted_at=now)
                for _item in range(rng.randint(0, 3)):
                    ActionItem.objects.create(
                        engagement=engagement,
                        session=session,
                        owner=engagement.seller,
                        description=f"Item {rng.randint(1, 999)}",
                        due_date=today + dt.timedelta(days=rng.randint(-4, 5)),
                        done=rng.random() < 0.2,
                    )


def _reference(engagements: Any, today: dt.date, limit: int | None) -> dict[str, dict[int, tuple[int, int]]]:
    """Each kind's rows of `pending_kinds`, ranked in Python: per coach, the first `limit` by (date, id), each
    with its coach and the coach's count of that kind."""
    in_view = set(engagements.values_list("pk", flat=True))
    expected: dict[str, dict[int, tuple[int, int]]] = {}
    for kind, (queryset, order) in pending_kinds(today).items():
        by_coach: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
        for pk, engagement_id, coach_id, due in queryset.values_list(
            "pk", "engagement_id", "engagement__coach_id", order
        ):
            if engagement_id in in_view:
                by_coach[coach_id].append((due, pk))
        expected[kind] = {
            pk: (coach_id, len(rows))
            for coach_id, rows in by_coach.items()
            for _due, pk in sorted(rows)[:limit]
        }
    return expected


def _ranking_matches_the_reference(seed: int) -> None:
    today = timezone.localdate()
    _random_world(seed, today)
    quiet = Engagement.objects.order_by("pk").values_list("coach_id", flat=True).first()
    views = [Engagement.objects.all(), Engagement.objects.exclude(coach_id=quiet)]
    for engagements in views:
        for limit in (None, 1, 3, 10):
            kinds = pending_kinds(today)
            assert _soonest_per_coach(engagements, kinds, limit) == _reference(engagements, today, limit), (
                limit
            )
        # The accountability table's single statement ranks as pending_items' own does.
        shown = pending_items(engagements, today=today, limit=3)
        rows = coach_accountability(engagements, today=today, pending_limit=3)
        assert {row["coach"].pk: (list(row["pending"]), row["pending"].total) for row in rows} == {
            coach_id: (list(items), items.total) for coach_id, items in shown.items()
        } | {row["coach"].pk: ([], 0) for row in rows if row["coach"].pk not in shown}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_ranking_is_each_coachs_soonest_rows_by_date_then_id(seed: int) -> None:
    _ranking_matches_the_reference(seed)


@pytest.mark.services
@pytest.mark.parametrize("seed", [4, 5])
def test_the_ranking_is_each_coachs_soonest_rows_on_postgresql(seed: int) -> None:
    _ranking_matches_the_reference(seed)
