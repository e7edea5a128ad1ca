"""Starting a coaching session opens a form first; only its POST creates the session."""

from __future__ import annotations

import datetime as dt

import pytest

from coaching.models import CoachingSession
from tests.factories.coaching import make_engagement, make_field_day

pytestmark = pytest.mark.django_db


def test_the_start_link_opens_a_form_and_creates_nothing(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(coach=persona("coach"))
    client = login_as("coach")
    page = client.get(f"/coaching/engagements/{engagement.pk}/").content.decode()
    assert f'href="/coaching/engagements/{engagement.pk}/sessions/new/"' in page

    response = client.get(f"/coaching/engagements/{engagement.pk}/sessions/new/")

    assert response.status_code == 200
    assert 'name="held_on"' in response.content.decode() and 'name="field_day"' in response.content.decode()
    assert not CoachingSession.objects.exists()


def test_posting_the_form_creates_the_session_for_the_chosen_day(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(coach=persona("coach"))
    day = make_field_day(engagement, date=dt.date(2026, 3, 10))

    response = login_as("coach").post(
        f"/coaching/engagements/{engagement.pk}/sessions/new/", {"held_on": "2026-03-11", "field_day": day.pk}
    )

    session = CoachingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/coaching/sessions/{session.pk}/"
    assert session.held_on == dt.date(2026, 3, 11) and session.field_day == day


def test_a_bad_date_is_refused_naming_the_field_and_creates_nothing(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(coach=persona("coach"))

    response = login_as("coach").post(
        f"/coaching/engagements/{engagement.pk}/sessions/new/", {"held_on": "soon"}
    )

    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    assert not CoachingSession.objects.exists()


def test_only_the_engagements_coach_may_open_the_form(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement(seller=persona("learner"))
    assert login_as("learner").get(f"/coaching/engagements/{engagement.pk}/sessions/new/").status_code in (
        403,
        404,
    )
