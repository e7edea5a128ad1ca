"""Coaching sessions are blind both ways: neither side sees the other's ratings until both have submitted,
or the coach closes the session after the self-rating deadline (recorded); the seller is asked and reminded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from coaching.models import SELF_RATING_DAYS, CoachingSession
from coaching.selectors import session_view
from coaching.services import (
    session_acknowledge,
    session_close,
    session_coach_rate,
    session_self_rate,
    session_self_rating_reminders_send,
)
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_session, ratings_for

pytestmark = pytest.mark.django_db

HELD = dt.date(2026, 3, 4)
AFTER_DEADLINE = timezone.make_aware(
    dt.datetime.combine(HELD + dt.timedelta(days=SELF_RATING_DAYS + 1), dt.time(9))
)


def _fresh(session: CoachingSession) -> CoachingSession:
    return CoachingSession.objects.select_related("engagement").get(pk=session.pk)


def test_the_coach_does_not_see_the_self_rating_before_submitting_their_own() -> None:
    session = make_session(make_engagement(), held_on=HELD)
    seller, coach = session.engagement.seller, session.engagement.coach
    session_self_rate(session=session, seller=seller, ratings=ratings_for(session, 2))
    view = session_view(session=_fresh(session), user=coach)
    assert not view.self_ratings_visible and all(row["self"] is None for row in view.rows)
    assert view.can_coach_rate

    session_coach_rate(session=session, coach=coach, ratings=ratings_for(session, 4))
    view = session_view(session=_fresh(session), user=coach)
    assert view.revealed and [row["self"].rating for row in view.rows] == [2, 2, 2]


def test_each_side_sees_its_own_ratings_while_waiting_for_the_other() -> None:
    session = make_session(make_engagement(), held_on=HELD)
    session_coach_rate(session=session, coach=session.engagement.coach, ratings=ratings_for(session, 4))
    coach_view = session_view(session=_fresh(session), user=session.engagement.coach)
    assert [row["coach"].rating for row in coach_view.rows] == [4, 4, 4]
    assert not coach_view.revealed


def test_a_manager_sees_neither_side_until_both_have_submitted() -> None:
    session = make_session(make_engagement(), held_on=HELD)
    session_self_rate(session=session, seller=session.engagement.seller, ratings=ratings_for(session, 2))
    view = session_view(session=_fresh(session), user=UserFactory())
    assert all(row["self"] is None and row["coach"] is None for row in view.rows)


def test_the_seller_cannot_acknowledge_before_the_ratings_are_revealed() -> None:
    session = make_session(make_engagement(), held_on=HELD)
    session_coach_rate(session=session, coach=session.engagement.coach, ratings=ratings_for(session, 4))
    with pytest.raises(ValidationError, match="Rate yourself first"):
        session_acknowledge(session=_fresh(session), seller=session.engagement.seller)


def test_the_coach_may_close_only_after_their_own_ratings_and_the_deadline() -> None:
    session = make_session(make_engagement(), held_on=HELD)
    coach = session.engagement.coach
    assert session.self_rating_due_on == HELD + dt.timedelta(days=SELF_RATING_DAYS)
    with pytest.raises(ValidationError, match="Submit your own ratings"):
        session_close(session=session, coach=coach, now=AFTER_DEADLINE)
    session_coach_rate(session=session, coach=coach, ratings=ratings_for(session, 4))
    on_deadline = AFTER_DEADLINE - dt.timedelta(days=1)
    assert not session_view(session=_fresh(session), user=coach, today=on_deadline.date()).can_close
    with pytest.raises(ValidationError, match="has until"):
        session_close(session=session, coach=coach, now=on_deadline)
    with pytest.raises(ValidationError, match="Only the engagement's coach"):
        session_close(session=session, coach=session.engagement.seller, now=AFTER_DEADLINE)
    assert session_view(session=_fresh(session), user=coach, today=AFTER_DEADLINE.date()).can_close


def test_closing_reveals_the_coachs_ratings_records_who_and_when_and_ends_self_rating() -> None:
    session = make_session(make_engagement(), held_on=HELD)
    seller, coach = session.engagement.seller, session.engagement.coach
    session_coach_rate(session=session, coach=coach, ratings=ratings_for(session, 4))
    session_close(session=session, coach=coach, now=AFTER_DEADLINE)

    closed = _fresh(session)
    assert closed.closed_at == AFTER_DEADLINE and closed.closed_by == coach
    assert AuditEvent.objects.filter(verb="coaching.session_close", object_id=str(session.pk)).exists()
    view = session_view(session=closed, user=seller)
    assert view.revealed and [row["coach"].rating for row in view.rows] == [4, 4, 4]
    assert not view.can_self_rate and view.can_acknowledge
    with pytest.raises(ValidationError, match="closed this session"):
        session_self_rate(session=closed, seller=seller, ratings=ratings_for(session, 5))


def test_the_seller_is_asked_to_self_rate_when_the_session_opens(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement()
    with django_capture_on_commit_callbacks(execute=True):
        make_session(engagement, held_on=HELD)
    assert [m.to for m in mail.outbox] == [[engagement.seller.email]]
    assert str(HELD + dt.timedelta(days=SELF_RATING_DAYS)) in mail.outbox[0].body


def test_the_reminder_goes_once_on_the_due_date_and_not_after_self_rating(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    waiting = make_session(make_engagement(), held_on=HELD)
    rated = make_session(make_engagement(), held_on=HELD)
    session_self_rate(session=rated, seller=rated.engagement.seller, ratings=ratings_for(rated, 3))
    mail.outbox.clear()
    due = HELD + dt.timedelta(days=SELF_RATING_DAYS)

    with django_capture_on_commit_callbacks(execute=True):
        assert session_self_rating_reminders_send(today=due - dt.timedelta(days=1)) == 0
        assert session_self_rating_reminders_send(today=due) == 1
        assert session_self_rating_reminders_send(today=due + dt.timedelta(days=1)) == 0
    assert [m.to for m in mail.outbox] == [[waiting.engagement.seller.email]]
    assert "Reminder" in mail.outbox[0].subject


def test_the_session_page_offers_closing_to_the_coach_after_the_deadline(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    session = make_session(
        make_engagement(), held_on=timezone.localdate() - dt.timedelta(days=SELF_RATING_DAYS + 1)
    )
    coach = session.engagement.coach
    session_coach_rate(session=session, coach=coach, ratings=ratings_for(session, 4))
    client.force_login(session.engagement.seller)
    assert client.post(f"/coaching/sessions/{session.pk}/", {"action": "close"}).status_code == 403
    client.force_login(coach)
    assert (
        "Close the session without a self-rating"
        in client.get(f"/coaching/sessions/{session.pk}/").content.decode()
    )
    response = client.post(f"/coaching/sessions/{session.pk}/", {"action": "close"})
    assert response.status_code == 302 and _fresh(session).closed_by == coach
