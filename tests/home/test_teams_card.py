"""The coach's "People in your teams" card: counted by one semi-join, the same queries at any team size."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import Membership
from tests.factories.accounts import RegionFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

# Session, user, roles, the coach's memberships, managed units, the people count, the coaching card's two counts.
COACH_DASHBOARD_QUERIES = 8


def _join(team, n: int) -> None:  # type: ignore[no-untyped-def]
    for user in UserFactory.create_batch(n):
        Membership.objects.create(user=user, org_unit=team)


def _card_value(html: str) -> int:
    card = html[html.index("People in your teams") :]
    return int(re.search(r'class="big-number">([\d,]+)<', card).group(1).replace(",", ""))  # type: ignore[union-attr]


@pytest.mark.parametrize("size", [2, 25])
def test_teams_card_counts_each_active_person_once_in_fixed_queries(
    size, login_as, persona, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    coach = persona("coach")
    region = RegionFactory(manager=coach)
    direct, through_region = TeamFactory(manager=coach), TeamFactory(parent=region)
    _join(direct, size)
    _join(through_region, 3)
    both = UserFactory()
    for team in (direct, through_region):
        Membership.objects.create(user=both, org_unit=team)
    gone = UserFactory(is_active=False)
    Membership.objects.create(user=gone, org_unit=direct)
    Membership.objects.create(user=coach, org_unit=direct)
    _join(TeamFactory(), 4)  # someone else's team
    client.get(reverse("home:dashboard"))  # warm the session

    with django_assert_num_queries(COACH_DASHBOARD_QUERIES):
        html = client.get(reverse("home:dashboard")).content.decode()

    # The people of both teams, the one in both counted once; not the inactive account nor the coach.
    assert _card_value(html) == size + 3 + 1
