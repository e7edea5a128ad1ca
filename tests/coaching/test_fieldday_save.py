"""Saving a field day: all or nothing, errors naming the visit and field, and re-sending a draft is idempotent."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError

from coaching.models import FieldDay, Visit
from coaching.services import fieldday_save
from tests.factories.coaching import make_engagement, visit_data

pytestmark = pytest.mark.django_db


def _data(**extra):  # type: ignore[no-untyped-def]
    return {
        "date": "2026-03-10",
        "plan": "Two visits in Pudong",
        "review_worked": "Good opening",
        "visits": [visit_data(), visit_data(customer_name="Beta Co", appointment_won="")],
        **extra,
    }


def test_resending_the_same_draft_updates_instead_of_duplicating() -> None:
    engagement = make_engagement()
    draft = uuid.uuid4()
    _day, created = fieldday_save(engagement=engagement, actor=engagement.coach, draft_id=draft, data=_data())
    again, created_again = fieldday_save(
        engagement=engagement, actor=engagement.coach, draft_id=draft, data=_data(review_exercise="Role play")
    )
    assert created and not created_again
    assert FieldDay.objects.count() == 1 and Visit.objects.count() == 2
    assert again.review_exercise == "Role play" and again.date == dt.date(2026, 3, 10)


def test_bad_visit_is_named_and_nothing_is_saved() -> None:
    engagement = make_engagement()
    bad = _data(visits=[visit_data(), visit_data(duration_minutes="abc", segment="")])
    with pytest.raises(ValidationError) as exc:
        fieldday_save(engagement=engagement, actor=engagement.coach, draft_id=uuid.uuid4(), data=bad)
    text = " ".join(exc.value.messages)
    assert "Visit 2, duration" in text and "Visit 2, segment" in text
    assert FieldDay.objects.count() == 0


def test_blank_visit_rows_are_skipped() -> None:
    engagement = make_engagement()
    day, _ = fieldday_save(
        engagement=engagement,
        actor=engagement.coach,
        draft_id=uuid.uuid4(),
        data=_data(visits=[visit_data(), {"segment": "", "customer_name": ""}]),
    )
    assert day.visits.count() == 1
    assert day.visits.get().buying_roles == ["economic_buyer"]


def test_fieldday_form_posts_over_fetch_and_answers_json(client) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement()
    client.force_login(engagement.coach)
    url = f"/coaching/engagements/{engagement.pk}/field-day/"
    assert client.get(url).status_code == 200
    post = {"draft_id": str(uuid.uuid4()), "date": "2026-03-10", "review_worked": "x"}
    for i, visit in enumerate([visit_data(), visit_data(customer_name="Beta")]):
        post.update({f"visit-{i}-{k}": v for k, v in visit.items()})
    for _ in range(2):
        response = client.post(url, post, HTTP_X_REQUESTED_WITH="fetch")
        assert response.status_code == 200 and response.json()["ok"]
    assert FieldDay.objects.count() == 1 and Visit.objects.count() == 2
    post["visit-1-duration_minutes"] = "0"
    response = client.post(url, post, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 400 and "Visit 2" in response.json()["errors"][0]


def test_only_the_coach_logs_field_days(client) -> None:  # type: ignore[no-untyped-def]
    engagement = make_engagement()
    client.force_login(engagement.seller)
    assert client.get(f"/coaching/engagements/{engagement.pk}/field-day/").status_code == 403
