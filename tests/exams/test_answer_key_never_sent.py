"""Before submit, no right answer, fraction or feedback reaches the browser — in the HTML or the JSON."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from assessments.exams.models import BlueprintRule, Exam, QuestionType
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
            "qtype": QuestionType.MULTICHOICE,
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
            "qtype": QuestionType.SHORTANSWER,
            "data": {
                "answers": [
                    {"text": "KEY-SHORT-SECRET", "fraction": 1.0},
                    {"text": "WILDCARD-SECRET*", "fraction": 0.5},
                ]
            },
        },
        {
            "qtype": QuestionType.NUMERICAL,
            "data": {"answers": [{"value": 98765.4321, "tolerance": 0.5, "fraction": 1.0}]},
        },
        {
            "qtype": QuestionType.TRUEFALSE,
            "data": {
                "answers": [
                    {"text": "true", "fraction": 1.0, "feedback": "FEEDBACK-SECRET"},
                    {"text": "false", "fraction": 0.0},
                ]
            },
        },
        {"qtype": QuestionType.ORDERING, "data": {"items": ["ORDER-FIRST-SECRET-NOT", "b", "c"]}},
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
            # "x" is a fine short answer and no answer at all to a choice question (400 with a reason): neither
            # reply may carry the key.
            assert reply.status_code in (200, 400)
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


def _post(client, url: str, body: dict) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    reply = client.post(url, data=json.dumps(body), content_type="application/json")
    return reply.status_code, reply.content.decode()


def test_practice_check_reveals_only_the_answered_question(login_as) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.models import Attempt

    exam = _exam()
    Exam.objects.filter(pk=exam.pk).update(practice=True)
    client = login_as("learner")
    client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)
    base = f"/exams/attempts/{attempt.pk}"
    page = client.get(f"{base}/").content.decode()
    assert "Check answer" in page
    for secret in SECRETS:
        if secret != "ORDER-FIRST-SECRET":
            assert secret not in page, secret

    positions = {r.version.qtype: r for r in attempt.responses.select_related("version")}
    # Unanswered questions: the check is refused and says nothing about any key.
    for response in positions.values():
        status, body = _post(client, f"{base}/check/", {"position": response.position})
        assert status == 422, body
        for secret in SECRETS:
            assert secret not in body, (secret, body)

    choice = positions[QuestionType.MULTICHOICE]
    beta = choice.choice_order.index(1)  # the wrong option, in display order
    _post(client, f"{base}/save/", {"position": choice.position, "value": beta, "seq": 1})
    status, body = _post(client, f"{base}/check/", {"position": choice.position})
    assert status == 200
    reply = json.loads(body)
    assert reply["outcome"] == "wrong"
    assert reply["feedback"] == ["FEEDBACK-SECRET too"]
    assert reply["general_feedback"] == "GENERAL-SECRET"
    # Nothing about the other questions, which are still unanswered.
    for secret in ("KEY-SHORT-SECRET", "WILDCARD-SECRET", "98765.4321", "tolerance", "fraction"):
        assert secret not in body, secret
    # The page keeps every key out, also after a check.
    page = client.get(f"{base}/").content.decode()
    assert "GENERAL-SECRET" not in page and "FEEDBACK-SECRET" not in page

    alpha = choice.choice_order.index(0)
    _post(client, f"{base}/save/", {"position": choice.position, "value": alpha, "seq": 2})
    status, body = _post(client, f"{base}/check/", {"position": choice.position})
    assert (status, json.loads(body)["outcome"], json.loads(body)["feedback"]) == (
        200,
        "right",
        ["FEEDBACK-SECRET"],
    )

    tf = positions[QuestionType.TRUEFALSE]
    _post(client, f"{base}/save/", {"position": tf.position, "value": "false", "seq": 1})
    status, body = _post(client, f"{base}/check/", {"position": tf.position})
    assert json.loads(body)["outcome"] == "wrong"


def test_non_practice_exam_has_no_check(login_as) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.models import Attempt

    exam = _exam()
    Exam.objects.filter(pk=exam.pk).update(certifying=True)
    client = login_as("learner")
    client.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)
    assert "Check answer" not in client.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    for response in attempt.responses.all():
        _post(
            client,
            f"/exams/attempts/{attempt.pk}/save/",
            {"position": response.position, "value": 0, "seq": 1},
        )
        status, body = _post(client, f"/exams/attempts/{attempt.pk}/check/", {"position": response.position})
        assert status == 404
        for secret in SECRETS:
            assert secret not in body, (secret, body)
