"""The dashboard shows each role real numbers, in a fixed number of queries whatever the data size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from accounts.services import membership_add
from tests.factories.accounts import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries_for(client) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_admin_sees_real_counts(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as("admin")
    UserFactory.create_batch(3, roles=[Role.LEARNER])
    response = client.get("/dashboard/")
    html = response.content.decode()
    from accounts.models import User

    assert f'<p class="big-number">{User.objects.filter(is_active=True).count()}</p>' in html
    assert "Recent changes" in html


def test_learner_sees_an_empty_onboarding_state_not_fake_numbers(login_as) -> None:  # type: ignore[no-untyped-def]
    html = login_as("learner").get("/dashboard/").content.decode()
    assert "No learning path has been assigned to you yet" in html
    assert "People" not in html


def test_manager_sees_how_many_people_their_teams_have(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    coach = persona("coach")
    team = TeamFactory(manager=coach)
    for user in UserFactory.create_batch(4, roles=[Role.LEARNER]):
        membership_add(user=user, org_unit=team, actor=None)
    html = login_as("coach").get("/dashboard/").content.decode()
    assert "People in your teams" in html
    assert '<p class="big-number">4</p>' in html


@pytest.mark.parametrize("role", ["admin", "coach", "trainer"])
def test_dashboard_query_count_does_not_grow_with_data(role, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    client = login_as(role)
    team = TeamFactory(manager=persona(role))
    for user in UserFactory.create_batch(3, roles=[Role.LEARNER]):
        membership_add(user=user, org_unit=team, actor=None)
    few = _queries_for(client)
    for user in UserFactory.create_batch(30, roles=[Role.LEARNER]):
        membership_add(user=user, org_unit=TeamFactory(manager=persona(role)), actor=None)
    assert _queries_for(client) == few
