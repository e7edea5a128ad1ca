"""The coach's ratings stay hidden from the seller until the seller has rated themselves (see also
test_session_blind_both_ways.py: the self-rating stays hidden from the coach in the same way)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coaching.selectors import session_view
from coaching.services import session_acknowledge, session_coach_rate, session_self_rate
from tests.factories.accounts import UserFactory
from tests.factories.coaching import make_engagement, make_session, ratings_for

pytestmark = pytest.mark.django_db


def test_seller_does_not_see_coach_ratings_before_rating_themselves() -> None:
    session = make_session(make_engagement())
    engagement = session.engagement
    session_coach_rate(
        session=session, coach=engagement.coach, ratings=ratings_for(session, 4), private_notes="p"
    )
    view = session_view(session=session, user=engagement.seller)
    assert not view.coach_ratings_visible
    assert all(row["coach"] is None for row in view.rows)
    assert not view.private_notes_visible
    assert view.can_self_rate


def test_seller_sees_coach_ratings_after_submitting_their_own() -> None:
    session = make_session(make_engagement())
    engagement = session.engagement
    session_coach_rate(session=session, coach=engagement.coach, ratings=ratings_for(session, 4))
    session_self_rate(session=session, seller=engagement.seller, ratings=ratings_for(session, 2))
    session.refresh_from_db()
    view = session_view(session=session, user=engagement.seller)
    assert view.coach_ratings_visible
    assert [row["coach"].rating for row in view.rows] == [4, 4, 4]
    assert [row["self"].rating for row in view.rows] == [2, 2, 2]
    assert not view.private_notes_visible


def test_manager_does_not_see_the_self_rating_in_progress_nor_private_notes() -> None:
    session = make_session(make_engagement())
    view = session_view(session=session, user=UserFactory())
    assert not view.coach_ratings_visible and not view.can_self_rate and not view.private_notes_visible


def test_self_rating_cannot_be_changed_once_submitted() -> None:
    session = make_session(make_engagement())
    seller = session.engagement.seller
    session_self_rate(session=session, seller=seller, ratings=ratings_for(session, 3))
    with pytest.raises(ValidationError, match="already submitted"):
        session_self_rate(session=session, seller=seller, ratings=ratings_for(session, 5))


def test_only_the_seller_rates_themselves_and_every_criterion_needs_a_rating() -> None:
    session = make_session(make_engagement())
    with pytest.raises(ValidationError):
        session_self_rate(session=session, seller=session.engagement.coach, ratings=ratings_for(session, 3))
    partial = dict(list(ratings_for(session, 3).items())[:1])
    with pytest.raises(ValidationError, match="choose a rating"):
        session_self_rate(session=session, seller=session.engagement.seller, ratings=partial)


def test_seller_acknowledges_only_after_the_coach_submitted_and_the_ratings_are_revealed() -> None:
    session = make_session(make_engagement())
    engagement = session.engagement
    with pytest.raises(ValidationError):
        session_acknowledge(session=session, seller=engagement.seller)
    session_coach_rate(session=session, coach=engagement.coach, ratings=ratings_for(session, 4))
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="Rate yourself first"):
        session_acknowledge(session=session, seller=engagement.seller)
    session_self_rate(session=session, seller=engagement.seller, ratings=ratings_for(session, 3))
    session.refresh_from_db()
    session_acknowledge(session=session, seller=engagement.seller)
    assert session.seller_acknowledged_at is not None


def test_session_page_hides_coach_ratings_from_the_seller_until_self_rated(client) -> None:  # type: ignore[no-untyped-def]
    session = make_session(make_engagement())
    engagement = session.engagement
    session_coach_rate(
        session=session,
        coach=engagement.coach,
        ratings={k: (5, "coach saw it") for k in ratings_for(session, 5)},
    )
    client.force_login(engagement.seller)
    page = client.get(f"/coaching/sessions/{session.pk}/").content.decode()
    assert "coach saw it" not in page and 'id="coach-ratings-hidden"' in page
    post = {f"rating-{pk}": "2" for pk in ratings_for(session, 2)}
    assert client.post(f"/coaching/sessions/{session.pk}/", post).status_code == 302
    assert "coach saw it" in client.get(f"/coaching/sessions/{session.pk}/").content.decode()
