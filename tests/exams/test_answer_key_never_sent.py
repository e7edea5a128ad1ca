"""Before submit, no right answer, fraction or feedback reaches the browser — in the HTML or the JSON."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from assessments.exams.models import BlueprintRule, Exam
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory

pytestmark = pytest.mark.django_db

SECRETS = [
    "FEEDBACK-SECRET",
    "GENERAL-SECRET",
    "KEY-SHORT-SECRET",
    "98765.4321",
    "WILDCARD-SECRET",
    "ORDER-FIRST-SECRET",
    "fraction",
    "tolerance",
]


def _exam() -> Exam:
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    versions = [
        {
            "qtype": "multichoice",
            "general_feedback": "GENERAL-SECRET",
            "data": {
                "single": True,
                "answers": [
                    {"text": "Alpha", "fraction": 1.0, "feedback": "FEEDBACK-SECRET"},
                    {"text": "Beta", "fraction": 0.0, "feedback": "FEEDBACK-SECRET too"},
                ],
            },
        },
        {
            "qtype": "shortanswer",
            "data": {
                "answers": [
                    {"text": "KEY-SHORT-SECRET", "fraction": 1.0},
                    {"text": "WILDCARD-SECRET*", "fraction": 0.5},
                ]
            },
        },
        {
            "qtype": "numerical",
            "data": {"answers": [{"value": 98765.4321, "tolerance": 0.5, "fraction": 1.0}]},
        },
        {
            "qtype": "truefalse",
            "data": {
                "answers": [
                    {"text": "true", "fraction": 1.0, "feedback": "FEEDBACK-SECRET"},
                    {"text": "false", "fraction": 0.0},
                ]
            },
        },
        {"qtype": "ordering", "data": {"items": ["ORDER-FIRST-SECRET-NOT", "b", "c"]}},
    ]
    for i, version in enumerate(versions):
        QuestionFactory(
            bank=bank, category=category, name=f"Q{i}", **{f"version__{k}": v for k, v in version.items()}
        )
    exam = ExamFactory(
        bank=bank, status=Exam.Status.PUBLISHED, published_at=timezone.now(), time_limit_minutes=20
    )
    BlueprintRule.objects.create(exam=exam, category=category, count=len(versions))
    return exam


def test_attempt_page_and_save_responses_carry_no_answer_key(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    exam = _exam()
    start = client.post(f"/exams/{exam.slug}/start/")
    attempt_url = start["Location"]
    page = client.get(attempt_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alpha" in html and "Beta" in html  # the options themselves are shown
    for secret in SECRETS:
        if secret == "ORDER-FIRST-SECRET":
            continue  # ordering items are shown (shuffled) by design
        assert secret not in html, secret
    bodies = []
    for position in range(1, 6):
        for seq in (1, 1, 2):
            reply = client.post(
                f"{attempt_url}save/",
                data=json.dumps({"position": position, "value": "x", "seq": seq}),
                content_type="application/json",
            )
            assert reply.status_code == 200
            bodies.append(reply.content.decode())
    flag = client.post(
        f"{attempt_url}save/",
        data=json.dumps({"position": 1, "flagged": True}),
        content_type="application/json",
    )
    bodies.append(flag.content.decode())
    for body in bodies:
        for secret in SECRETS:
            assert secret not in body, (secret, body)
