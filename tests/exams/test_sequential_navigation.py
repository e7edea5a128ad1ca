"""Sequential exams go forward only, enforced by the server: answers to questions left behind are refused."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from assessments.exams.models import Attempt, AttemptEvent, Exam
from assessments.exams.services import NavigationRefused, attempt_advance, attempt_start, response_save
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _save(client, attempt: Attempt, position: int, value: object, seq: int):  # type: ignore[no-untyped-def]
    return client.post(
        f"/exams/attempts/{attempt.pk}/save/",
        data=json.dumps({"position": position, "value": value, "seq": seq}),
        content_type="application/json",
    )


def _advance(client, attempt: Attempt, position: int):  # type: ignore[no-untyped-def]
    return client.post(
        f"/exams/attempts/{attempt.pk}/save/",
        data=json.dumps({"position": position, "advance": True}),
        content_type="application/json",
    )


def test_learner_moves_forward_only(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(draw=3, navigation=Exam.Navigation.SEQUENTIAL)
    client = login_as("learner")
    client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)

    page = client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert page.count('class="card exams-question"') == 1 and 'id="q-1"' in page
    assert 'class="exams-navigator"' not in page and "Flag for review" not in page
    assert 'id="next-question"' in page

    assert _save(client, attempt, 1, 0, 1).json()["saved"] is True
    assert _advance(client, attempt, 1).json()["furthest"] == 2
    # A replayed or double-clicked "next" moves one question only.
    assert _advance(client, attempt, 1).json()["furthest"] == 2

    refused = _save(client, attempt, 1, 2, 2)
    assert refused.status_code == 422
    assert refused.json()["refused"] is True and refused.json()["furthest"] == 2
    assert "forward only" in refused.json()["error"]
    assert attempt.responses.get(position=1).value == 0

    page = client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert 'id="q-2"' in page and 'id="q-1"' not in page

    # Answering a later question is moving forward; the question skipped is then closed too.
    assert _save(client, attempt, 3, 1, 1).json()["saved"] is True
    assert Attempt.objects.get(pk=attempt.pk).furthest_position == 3
    assert _save(client, attempt, 2, 1, 1).status_code == 422
    page = client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert 'id="q-3"' in page and 'id="next-question"' not in page
    assert AttemptEvent.objects.filter(attempt=attempt, kind=AttemptEvent.Kind.ADVANCE).count() == 1


def test_stale_attempt_instance_cannot_write_behind_the_stored_position(persona) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(draw=3, navigation=Exam.Navigation.SEQUENTIAL)
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=persona("learner"), now=now)
    stale = Attempt.objects.select_related("exam").get(pk=attempt.pk)
    attempt_advance(attempt=attempt, from_position=1, now=now)
    attempt_advance(attempt=attempt, from_position=2, now=now)
    assert stale.furthest_position == 1  # another tab moved on meanwhile
    with pytest.raises(NavigationRefused):
        response_save(attempt=stale, position=2, value=0, seq=5, now=now)
    assert attempt.responses.get(position=2).value is None
    # The last question cannot be passed.
    assert attempt_advance(attempt=attempt, from_position=3, now=now) == 3


def test_free_navigation_goes_back_freely(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(draw=3)
    client = login_as("learner")
    client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)
    assert _save(client, attempt, 3, 0, 1).json()["saved"] is True
    assert _save(client, attempt, 1, 0, 1).json()["saved"] is True
    assert _advance(client, attempt, 1).json()["furthest"] == 1
    page = client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert page.count('class="card exams-question"') == 3
