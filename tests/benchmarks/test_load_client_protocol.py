"""The load client reads the real exam pages the way attempt.js does; a template change that breaks it fails here."""

from __future__ import annotations

import json
import random
import time

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from assessments.exams.models import Attempt
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.exams import published_exam
from tests.load.protocol import (
    Step,
    arrivals,
    attempt_id_from,
    attempt_page,
    csrf_token,
    human_steps,
    next_seq,
    other_choice,
    signed_in,
)

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


@pytest.mark.parametrize("name", ["save", "burst", "bare"])
def test_floor_endpoints_exist_only_in_the_bench_url_map(name: str) -> None:
    assert reverse(f"bench_floor_{name}", urlconf="tests.benchmarks.urls") == f"/bench/floor/{name}/"
    with pytest.raises(NoReverseMatch):
        reverse(f"bench_floor_{name}")


def test_the_client_signs_in_through_the_login_form_and_lands_on_the_exam(roles) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=3)
    user = UserFactory(email="examinee@exam.example")
    client = Client()
    exam_path = f"/exams/{exam.slug}/"
    form = client.get(f"/accounts/login/?next={exam_path}")
    token = csrf_token(form.content.decode())
    assert token
    fields = {"csrfmiddlewaretoken": token, "login": user.email, "password": PASSWORD, "next": exam_path}
    reply = client.post("/accounts/login/", fields)
    assert signed_in(reply.status_code, reply.get("Location", ""), exam_path)
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert csrf_token(client.get(exam_path).content.decode())


def test_a_refused_sign_in_is_seen_as_refused(roles) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="examinee@exam.example")
    exam_path = "/exams/some-exam/"
    client = Client()
    token = csrf_token(client.get(f"/accounts/login/?next={exam_path}").content.decode())
    fields = {"csrfmiddlewaretoken": token, "login": user.email, "password": "not it", "next": exam_path}
    reply = client.post("/accounts/login/", fields)
    assert not signed_in(reply.status_code, reply.get("Location", ""), exam_path)
    assert not signed_in(302, "/accounts/confirm-email/", exam_path)
    assert signed_in(302, f"{exam_path}?from=login", exam_path)


def test_human_steps_answer_every_question_in_order_at_a_person_s_pace() -> None:
    positions = list(range(1, 41))
    steps = human_steps(positions, random.Random(3))
    answers = [s for s in steps if s.kind == "answer"]
    assert [s.position for s in answers] == positions
    assert all(6.0 <= s.pause_s <= 14.0 for s in steps if s.kind in ("answer", "change"))
    assert all(s.pause_s == 0.0 for s in steps if s.kind == "flag")
    kinds = {s.kind for s in steps}
    assert {"change", "flag"} <= kinds
    # A change of mind returns to a question already answered; a flag follows the answer it marks.
    for index, step in enumerate(steps):
        answered = {s.position for s in steps[:index] if s.kind == "answer"}
        if step.kind == "change":
            assert step.position in answered
        if step.kind == "flag":
            assert steps[index - 1] == Step("answer", step.position, steps[index - 1].pause_s)


def test_human_steps_reload_now_and_then_and_can_be_told_not_to() -> None:
    many = human_steps(list(range(1, 401)), random.Random(5))
    assert 0 < sum(1 for s in many if s.kind == "reload") < 40
    plain = human_steps(list(range(1, 21)), random.Random(5), change_rate=0, flag_rate=0, reload_rate=0)
    assert [s.kind for s in plain] == ["answer"] * 20


def test_a_change_of_mind_picks_another_choice() -> None:
    rng = random.Random(1)
    assert {other_choice([0, 1, 2], 1, rng) for _ in range(50)} == {0, 2}
    assert other_choice([4], 4, rng) == 4


def test_arrivals_spread_over_the_lobby_and_end_before_the_doors_open() -> None:
    times = arrivals(1000, 300, random.Random(2))
    assert len(times) == 1000
    assert 0 <= min(times) < 5 and 285 < max(times) <= 290
    # Spread out, not a burst: no 10-second window holds more than a tenth of the room.
    counts = [sum(1 for t in times if start <= t < start + 10) for start in range(0, 290, 10)]
    assert max(counts) < 100
