"""Passport and engagement pages follow accounts.access: the seller, their manager, their coach and the
organisation-wide roles (admin, analyst); everyone else — another team's manager included — gets 404."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.coaching import make_engagement, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(roles, settings):  # type: ignore[no-untyped-def]
    """alice the seller, carl her coach, mona her team's manager, bob another learner, ada an admin,
    ann an analyst, otto the manager of another team."""
    settings.RAMPWAY_ENFORCE_MFA = False
    alice = UserFactory(roles=[Role.LEARNER])
    carl = UserFactory(roles=[Role.COACH])
    mona = UserFactory(roles=[Role.COACH])
    team = TeamFactory(manager=mona)
    MembershipFactory(user=alice, org_unit=team)
    engagement = make_engagement(coach=carl, seller=alice)
    return {
        "alice": alice,
        "carl": carl,
        "mona": mona,
        "bob": UserFactory(roles=[Role.LEARNER]),
        "other_coach": UserFactory(roles=[Role.COACH]),
        "ada": UserFactory(roles=[Role.ADMIN]),
        "ann": UserFactory(roles=[Role.ANALYST]),
        "otto": _other_team_manager(),
        "engagement": engagement,
        "session": make_session(engagement),
    }


def _other_team_manager():  # type: ignore[no-untyped-def]
    otto = UserFactory(roles=[Role.COACH])
    MembershipFactory(user=UserFactory(roles=[Role.LEARNER]), org_unit=TeamFactory(manager=otto))
    return otto


ALLOWED = ("alice", "carl", "mona", "ada", "ann")
DENIED = ("bob", "other_coach", "otto")


@pytest.mark.parametrize("who", ALLOWED + DENIED)
def test_passport_and_exports_only_for_seller_manager_and_coach(who, people, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people[who])
    seller = people["alice"].pk
    expected = 200 if who in ALLOWED else 404
    for url in (
        f"/coaching/passport/{seller}/",
        f"/coaching/passport/{seller}/export.json",
        f"/coaching/passport/{seller}/export.pdf",
    ):
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("who", ALLOWED + DENIED)
def test_engagement_and_session_only_for_those_involved(who, people, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people[who])
    expected = 200 if who in ALLOWED else 404
    assert client.get(f"/coaching/engagements/{people['engagement'].pk}/").status_code == expected
    assert client.get(f"/coaching/sessions/{people['session'].pk}/").status_code == expected


def test_passport_exports_carry_the_data(people, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(people["alice"])
    data = client.get(f"/coaching/passport/{people['alice'].pk}/export.json").json()
    assert data["seller"]["id"] == people["alice"].pk and data["visits"]["count"] == 0
    pdf = client.get(f"/coaching/passport/{people['alice'].pk}/export.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
