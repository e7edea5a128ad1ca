"""Action items agreed in one session are followed up in the next; overdue ones count against the coach."""

from __future__ import annotations

import datetime as dt

import pytest

from coaching.models import ActionItem
from coaching.selectors import coach_accountability
from coaching.services import session_coach_rate
from tests.factories.coaching import make_engagement, make_session, ratings_for

pytestmark = pytest.mark.django_db


def test_next_session_follows_up_open_items() -> None:
    engagement = make_engagement(start=dt.date(2026, 3, 2))
    first = make_session(engagement, held_on=dt.date(2026, 3, 4))
    session_coach_rate(
        session=first,
        coach=engagement.coach,
        ratings=ratings_for(first, 3),
        actions=[("Prepare three discovery questions", dt.date(2026, 3, 6), engagement.seller)],
    )
    item = ActionItem.objects.get()
    assert item.owner == engagement.seller and item.followed_up_in is None
    second = make_session(engagement, held_on=dt.date(2026, 3, 9))
    session_coach_rate(
        session=second, coach=engagement.coach, ratings=ratings_for(second, 4), followed_up={item.pk: True}
    )
    item.refresh_from_db()
    assert item.followed_up_in == second and item.done


def test_accountability_counts_sessions_owed_given_and_overdue_follow_ups() -> None:
    engagement = make_engagement(start=dt.date(2026, 3, 2))
    session = make_session(engagement, held_on=dt.date(2026, 3, 4))
    session_coach_rate(
        session=session,
        coach=engagement.coach,
        ratings=ratings_for(session, 3),
        actions=[("Call back the CFO", dt.date(2026, 3, 5), engagement.seller)],
    )
    # Planned sessions by 2026-03-13 (day 10): days 3, 5 and 7 of the preparation week and ride-along 2 (day 9).
    [row] = coach_accountability([engagement], today=dt.date(2026, 3, 13))
    assert (row["owed"], row["given"], row["overdue"]) == (4, 1, 1)
