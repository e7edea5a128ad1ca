"""Who may open and post the "Start an engagement" page: coaches and admins only."""

from __future__ import annotations

import pytest

from coaching.models import Engagement
from coaching.services import program_field_23_ensure
from tests.factories.accounts import UserFactory
from tests.factories.coaching import coaching_rubric_version

pytestmark = pytest.mark.django_db

URL = "/coaching/engagements/new/"


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("learner", 403),
        ("trainer", 403),
        ("recruiter", 403),
        ("analyst", 403),
        ("coach", 200),
        ("admin", 200),
    ],
)
def test_only_coaches_and_admins_open_the_page(who, expected, login_as) -> None:  # type: ignore[no-untyped-def]
    coaching_rubric_version()
    client = login_as(who)
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 200:
        assert b"<h1>Start an engagement</h1>" in response.content


def test_a_learner_cannot_post_an_engagement(login_as) -> None:  # type: ignore[no-untyped-def]
    version = coaching_rubric_version()
    client = login_as("learner")
    response = client.post(
        URL,
        {
            "seller": UserFactory().pk,
            "program": program_field_23_ensure().pk,
            "start_date": "2026-03-02",
            "focus_criteria": [version.criteria.first().pk],  # type: ignore[union-attr]
        },
    )
    assert response.status_code == 403
    assert not Engagement.objects.exists()


def test_admin_may_pick_any_active_person(login_as) -> None:  # type: ignore[no-untyped-def]
    coaching_rubric_version()
    someone = UserFactory()
    client = login_as("admin")
    response = client.get(URL)
    assert someone in response.context["form"].fields["seller"].queryset
    assert b'name="focus_criteria"' in response.content


def test_without_a_coaching_rubric_the_page_says_so(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("coach")
    response = client.get(URL)
    assert response.status_code == 200
    assert b"no coaching rubric yet" in response.content
