"""The load client reads the real exam pages the way attempt.js does; a template change that breaks it fails here."""

from __future__ import annotations

import json
import time

import pytest
from django.urls import NoReverseMatch, reverse

from assessments.exams.models import Attempt
from tests.factories.exams import published_exam
from tests.load.protocol import attempt_id_from, attempt_page, csrf_token, next_seq

pytestmark = pytest.mark.django_db


def test_client_finds_token_attempt_save_url_and_choices(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=6, draw=4)
    client = login_as("learner")
    landing = client.get(f"/exams/{exam.slug}/").content.decode()
    assert csrf_token(landing)

    started = client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)
    assert attempt_id_from(started["Location"]) == attempt.pk

    page = attempt_page(client.get(f"/exams/attempts/{attempt.pk}/").content.decode())
    assert page is not None
    assert page.save_url == reverse("exams:attempt_save", args=[attempt.pk])
    assert page.csrf
    assert sorted(page.choices) == [1, 2, 3, 4]
    assert all(sorted(shown) == [0, 1, 2] for shown in page.choices.values())


def test_an_answer_sent_as_the_client_sends_it_is_stored(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=3)
    client = login_as("learner")
    client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)
    page = attempt_page(client.get(f"/exams/attempts/{attempt.pk}/").content.decode())
    assert page is not None
    seq = next_seq(None)
    body = json.dumps({"position": 2, "value": page.choices[2][-1], "seq": seq})
    reply = client.post(page.save_url, body, content_type="application/json", HTTP_X_CSRFTOKEN=page.csrf)
    assert reply.json()["seq"] == seq
    stored = attempt.responses.get(position=2)
    assert (stored.seq, stored.value) == (seq, page.choices[2][-1])


def test_sequence_numbers_follow_the_clock_and_never_repeat() -> None:
    now_ms = int(time.time() * 1000)
    assert next_seq(None) >= now_ms
    far_ahead = now_ms + 10**9
    assert next_seq(far_ahead) == far_ahead + 1


def test_floor_endpoint_exists_only_in_the_bench_url_map() -> None:
    assert reverse("bench_floor_save", urlconf="tests.benchmarks.urls") == "/bench/floor/save/"
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor_save")
