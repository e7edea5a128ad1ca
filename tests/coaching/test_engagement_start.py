"""Starting an engagement from /coaching/engagements/new/: the calendar is generated, bad input is named, sellers are limited."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from coaching.forms import next_monday
from coaching.models import Engagement
from coaching.services import program_field_23_ensure
from tests.factories.accounts import MembershipFactory, TeamFactory, UserFactory
from tests.factories.coaching import coaching_rubric_version, make_engagement
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db

URL = "/coaching/engagements/new/"


@pytest.fixture
def setup(roles, settings):  # type: ignore[no-untyped-def]
    """carl coaches and manages a team with alice in it; bob is in nobody's team of carl's."""
    settings.RAMPWAY_ENFORCE_MFA = False
    carl = UserFactory(roles=[Role.COACH])
    alice = UserFactory(roles=[Role.LEARNER])
    MembershipFactory(user=alice, org_unit=TeamFactory(manager=carl))
    version = coaching_rubric_version()
    return {
        "carl": carl,
        "alice": alice,
        "bob": UserFactory(roles=[Role.LEARNER]),
        "program": program_field_23_ensure(),
        "criteria": list(version.criteria.all()),
    }


def _post(setup, seller, criteria, **extra):  # type: ignore[no-untyped-def]
    return {
        "seller": seller.pk,
        "program": setup["program"].pk,
        "start_date": "2026-03-02",
        "focus_criteria": [c.pk for c in criteria],
        "goal_visits_per_week": "8",
        "goal_hit_rate": "40",
        "goal_effectiveness": "3.5",
        **extra,
    }


def test_valid_start_generates_the_calendar_of_days(setup, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["carl"])
    response = client.post(URL, _post(setup, setup["alice"], setup["criteria"][:2]))
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/coaching/engagements/{engagement.pk}/"
    assert (engagement.coach, engagement.seller) == (setup["carl"], setup["alice"])
    assert engagement.days.count() == 23
    assert engagement.days.order_by("date").first().date == dt.date(2026, 3, 2)  # type: ignore[union-attr]
    assert {c.pk for c in engagement.focus_criteria.all()} == {c.pk for c in setup["criteria"][:2]}
    assert (engagement.goal_visits_per_week, engagement.goal_hit_rate, engagement.goal_effectiveness) == (
        8,
        0.4,
        3.5,
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"focus_criteria": []}, "focus_criteria"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"program": "999999"}, "program"),
        ({"goal_hit_rate": "140"}, "goal_hit_rate"),
        ({"goal_visits_per_week": "-1"}, "goal_visits_per_week"),
    ],
)
def test_invalid_input_is_named_and_nothing_saved(setup, client, change, field) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["carl"])
    response = client.post(URL, _post(setup, setup["alice"], setup["criteria"][:1], **change))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not Engagement.objects.exists()


def test_four_focus_competencies_are_refused_by_name(setup, client) -> None:  # type: ignore[no-untyped-def]
    # A newer version of the coaching rubric with four criteria: the page offers the latest version's.
    latest = make_rubric_version(
        names=("Preparation", "Discovery", "Next step", "Closing"), rubric=coaching_rubric_version().rubric
    )
    four = list(latest.criteria.all())
    client.force_login(setup["carl"])
    assert list(client.get(URL).context["form"].fields["focus_criteria"].queryset) == four
    response = client.post(URL, _post(setup, setup["alice"], four))
    assert response.status_code == 400
    assert response.context["form"].errors["focus_criteria"] == ["Choose one to three focus competencies."]
    assert not Engagement.objects.exists()


def test_a_coach_cannot_pick_a_seller_outside_their_teams(setup, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(setup["carl"])
    page = client.get(URL)
    sellers = list(page.context["form"].fields["seller"].queryset)
    assert sellers == [setup["alice"]]
    response = client.post(URL, _post(setup, setup["bob"], setup["criteria"][:1]))
    assert response.status_code == 400
    assert "seller" in response.context["form"].errors
    assert not Engagement.objects.exists()


def test_sellers_already_coached_are_offered_too(setup, client) -> None:  # type: ignore[no-untyped-def]
    make_engagement(coach=setup["carl"], seller=setup["bob"])
    client.force_login(setup["carl"])
    sellers = set(client.get(URL).context["form"].fields["seller"].queryset)
    assert sellers == {setup["alice"], setup["bob"]}


def test_start_date_defaults_to_next_monday(setup, client) -> None:  # type: ignore[no-untyped-def]
    assert next_monday(dt.date(2026, 11, 19)) == dt.date(2026, 11, 23)  # Thursday → Monday
    assert next_monday(dt.date(2026, 11, 23)) == dt.date(2026, 11, 30)  # Monday → the next one
    client.force_login(setup["carl"])
    initial = client.get(URL).context["form"].fields["start_date"].initial
    assert initial.weekday() == 0 and initial > dt.date.today() - dt.timedelta(days=1)
