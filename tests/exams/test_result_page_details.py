"""The result page shows marks per blueprint category, attempts left and the cool-down, and right/wrong per
question only under the full review policy."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from assessments.exams.models import Attempt, BlueprintRule, Exam
from tests.factories.exams import (
    REVIEW_DIAGNOSTIC,
    REVIEW_FULL,
    REVIEW_SCORE,
    CategoryFactory,
    ExamFactory,
    QuestionBankFactory,
    QuestionFactory,
    mc_data,
)

pytestmark = pytest.mark.django_db


def _exam(**fields: object) -> Exam:
    """Two blueprint categories; one draws from a subcategory too, which counts for its parent rule."""
    bank = QuestionBankFactory()
    products = CategoryFactory(bank=bank, name="Products")
    cloud = CategoryFactory(bank=bank, name="Cloud storage", parent=products)
    method = CategoryFactory(bank=bank, name="Methodology")
    for n, category in enumerate([products, cloud, method, method]):
        QuestionFactory(
            bank=bank,
            category=category,
            version__data=mc_data(right=f"RIGHT-{n}-KEY", wrong=(f"w{n}a", f"w{n}b")),
        )
    exam = ExamFactory(
        bank=bank,
        status=Exam.Status.PUBLISHED,
        published_at=timezone.now(),
        time_limit_minutes=30,
        attempts_allowed=3,
        cooldown_hours=24,
        **fields,
    )
    BlueprintRule.objects.create(exam=exam, category=products, count=2)
    BlueprintRule.objects.create(exam=exam, category=method, count=2)
    return exam


def _take(client, exam: Exam, right_in: set[str]) -> Attempt:  # type: ignore[no-untyped-def]
    assert client.post(f"/exams/{exam.slug}/start/").status_code == 302
    attempt = Attempt.objects.get(exam=exam)
    for response in attempt.responses.select_related("version__question__category__parent"):
        category = response.version.question.category
        top = (category.parent or category).name
        key = response.choice_order.index(0)
        value = key if top in right_in else (key + 1) % 3
        client.post(
            f"/exams/attempts/{attempt.pk}/save/",
            data=json.dumps({"position": response.position, "value": value, "seq": 1}),
            content_type="application/json",
        )
    client.post(f"/exams/attempts/{attempt.pk}/submit/")
    return Attempt.objects.get(pk=attempt.pk)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_marks_per_blueprint_category_count_subcategories_for_their_rule(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _take(client, _exam(review_options=REVIEW_DIAGNOSTIC), right_in={"Products"})
    reply = client.get(f"/exams/attempts/{attempt.pk}/result/")
    rows = {r["category"]: (r["marks"], r["max_marks"], r["percent"]) for r in reply.context["diagnostic"]}
    assert rows == {"Products": (2.0, 2.0, 100), "Methodology": (0.0, 2.0, 0)}
    text = _text(reply.content.decode())
    assert "Products 2 / 2 100%" in text and "Methodology 0 / 2 0%" in text
    assert "Cloud storage" not in text
    assert "RIGHT-" not in text and "Right answer" not in text
    # Right/wrong per question comes with marks (Moodle's "Marks"); the review cards with keys do not.
    assert 'data-testid="per-question"' in reply.content.decode() and 'id="r-1"' not in reply.content.decode()


def test_attempts_left_and_the_earliest_next_attempt(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _take(client, _exam(review_options=REVIEW_SCORE), right_in=set())
    text = _text(client.get(f"/exams/attempts/{attempt.pk}/result/").content.decode())
    assert "2 attempts left" in text
    next_at = timezone.localtime(attempt.submitted_at + timezone.timedelta(hours=24))
    assert f"Your next attempt can start at {next_at:%Y-%m-%d %H:%M}." in text


def test_score_only_policy_shows_no_categories_and_no_outcomes(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _take(client, _exam(review_options=REVIEW_SCORE), right_in={"Products"})
    html = client.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert "50%" in html
    assert 'data-testid="by-category"' not in html and 'id="r-1"' not in html
    assert "Methodology" not in html and "RIGHT-" not in html


def test_full_review_lists_which_questions_were_right(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    attempt = _take(client, _exam(review_options=REVIEW_FULL), right_in={"Methodology"})
    reply = client.get(f"/exams/attempts/{attempt.pk}/result/")
    outcomes = {row["position"]: row["outcome"] for row in reply.context["outcomes"]}
    expected = {
        r.position: "right"
        if (r.version.question.category.parent or r.version.question.category).name == "Methodology"
        else "wrong"
        for r in attempt.responses.select_related("version__question__category__parent")
    }
    assert outcomes == expected
    assert 'href="#r-1"' in reply.content.decode()
