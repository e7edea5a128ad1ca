"""The passport, team and engagement pages run a fixed number of queries whatever the amount of data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from analytics.models import Metric, PerformanceRecord
from coaching import measures
from coaching.services import session_coach_rate
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_field_day, make_session, ratings_for, visit_data

pytestmark = pytest.mark.django_db


def _build(size: int, coach):  # type: ignore[no-untyped-def]
    """`size` engagements of `size` weeks each, with something of every pending kind (a coming field day, a
    session awaiting the self-rating, an action item coming due), so the team page reads each kind."""
    engagements = []
    soon = timezone.localdate() + dt.timedelta(days=1)
    for _ in range(size):
        engagement = make_engagement(coach=coach, seller=UserFactory(roles=[Role.LEARNER]))
        make_field_day(engagement, date=soon)
        for n in range(size):
            day = dt.date(2026, 2, 2) + dt.timedelta(days=7 * n)
            make_field_day(engagement, date=day, visits=[visit_data(), visit_data(segment="mid_market")])
            session = make_session(engagement, held_on=day)
            session_coach_rate(
                session=session,
                coach=coach,
                ratings=ratings_for(session, 3),
                actions=[("Send the proposal", soon, engagement.seller)],
            )
            PerformanceRecord.objects.create(
                person=engagement.seller,
                metric=Metric.objects.get(code="revenue"),
                period_start=day,
                period_end=day + dt.timedelta(days=6),
                value=1000.0 * (n + 1),
            )
        engagements.append(engagement)
    return engagements


@pytest.mark.parametrize("size", [1, 4])
def test_passport_query_count_is_constant(size, roles, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    [engagement, *_rest] = _build(size, coach)
    client.force_login(engagement.seller)
    client.get("/dashboard/")  # warm the session and role caches
    with django_assert_num_queries(PASSPORT_QUERIES):
        assert client.get(f"/coaching/passport/{engagement.seller_id}/").status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_team_page_query_count_is_constant(size, roles, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    _build(size, coach)
    client.force_login(coach)
    with django_assert_num_queries(TEAM_QUERIES):
        assert client.get("/coaching/team/").status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_engagement_and_home_query_counts_are_constant(
    size, roles, client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    [engagement, *_rest] = _build(size, coach)
    client.force_login(coach)
    with django_assert_num_queries(ENGAGEMENT_QUERIES):
        assert client.get(f"/coaching/engagements/{engagement.pk}/").status_code == 200
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/coaching/").status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_each_measure_provider_adds_exactly_one_query(
    size, roles, client, django_assert_num_queries, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    coach = UserFactory(roles=[Role.COACH])
    [engagement, *_rest] = _build(size, coach)
    client.force_login(coach)
    monkeypatch.setattr(measures, "_PROVIDERS", [])
    with django_assert_num_queries(TEAM_QUERIES - 1):
        assert client.get("/coaching/team/").status_code == 200
    fresh = Client()  # the same cold start as the engagement test above
    fresh.force_login(coach)
    with django_assert_num_queries(ENGAGEMENT_QUERIES - 1):
        assert fresh.get(f"/coaching/engagements/{engagement.pk}/").status_code == 200


PASSPORT_QUERIES = 10
# The team and engagement pages include one query of analytics' PerformanceRecord measure provider;
# the team page one more for the org units its team filter offers (accounts.access.team_scope). The coach
# accountability table is one statement (per coach: engagements in view, owed, given, overdue, and the ranking
# of the pending items it links to), then the coaches and the pending rows shown of each kind (three). The
# per-seller table is paged in the database on that statement's count (the page's ids, its rows by id), the
# team-wide before/after is one aggregate query, and the shown sellers' starts one more.
TEAM_QUERIES = 19
ENGAGEMENT_QUERIES = 14
# The coaching home asks once whether a coach leads a region (may author programs).
HOME_QUERIES = 6
