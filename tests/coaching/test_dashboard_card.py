"""The coach's dashboard card counts their sellers in a program and the sessions still to rate."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_session

pytestmark = pytest.mark.django_db


def test_coach_card_shows_sellers_and_sessions_to_rate(roles, settings, client) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    coach = UserFactory(roles=[Role.COACH])
    client.force_login(coach)
    assert "No coaching engagements yet." in client.get("/dashboard/").content.decode()
    make_session(make_engagement(coach=coach))
    make_engagement(coach=coach)
    html = client.get("/dashboard/").content.decode()
    assert '<p class="big-number">2</p>' in html and "1 session to rate" in html
