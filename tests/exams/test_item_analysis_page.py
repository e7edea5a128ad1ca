"""The statistics page computes item analysis (analytics queue task), flags weak items and draws a histogram."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.models import ItemAnalysisResult
from assessments.exams.services import attempt_start, attempt_submit, response_save
from assessments.exams.tasks import exam_item_analysis
from tests.factories.accounts import UserFactory
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _attempts(exam, n: int, seed: int = 3, inverse: str = "") -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    for _ in range(n):
        now = timezone.now()
        attempt = attempt_start(exam=exam, user=UserFactory(roles=[Role.LEARNER]), now=now)
        ability = rng.random()
        for response in attempt.responses.select_related("version__question"):
            key = next(i for i, a in enumerate(response.version.data["answers"]) if a["fraction"] == 1.0)
            right = rng.random() < ability
            if response.version.question.name == inverse:
                right = ability < 0.5  # only the weaker half gets this one right
            shown = response.choice_order.index(key if right else (key + 1) % 3)
            response_save(attempt=attempt, position=response.position, value=shown, seq=1, now=now)
        attempt_submit(attempt=attempt, now=now)


def test_task_is_routed_to_the_analytics_queue() -> None:
    assert exam_item_analysis.queue == "analytics"


def test_statistics_page_shows_items_flags_distractors_and_histogram(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=4, draw=4)
    _attempts(exam, 12)
    page = login_as("trainer").get(f"/exams/{exam.slug}/statistics/")
    assert page.status_code == 200
    html = page.content.decode()
    result = ItemAnalysisResult.objects.get(exam=exam)
    assert result.attempts_count == 12
    assert len(result.payload["items"]) == 4
    assert sum(result.payload["histogram"]) == 12
    assert "<svg" in html[html.index("<main") :] and "Cronbach" in html  # the header's bell is an svg too
    first = result.payload["items"][0]
    assert {"facility", "discrimination", "discriminative_efficiency", "alpha_if_item_deleted"} <= set(
        first["stats"]
    )
    assert first["distractors"] and {"share", "share_top", "share_bottom"} <= set(first["distractors"][0])


def test_statistics_page_is_for_trainers_and_analysts(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam()
    assert login_as("learner").get(f"/exams/{exam.slug}/statistics/").status_code == 403
    empty = login_as("analyst").get(f"/exams/{exam.slug}/statistics/")
    assert "at least two attempts" in empty.content.decode()


def test_an_item_the_weak_get_right_is_flagged_negative() -> None:
    from datetime import timedelta

    from assessments.exams.statistics import exam_item_analysis_compute

    exam = published_exam(questions=6, draw=6)
    _attempts(exam, 30, seed=5, inverse="Q0")
    payload = exam_item_analysis_compute(exam=exam, now=timezone.now() + timedelta(seconds=1)).payload
    items = {item["name"]: item for item in payload["items"]}
    assert {"negative", "check"} <= set(items["Q0"]["flags"])
    lowest = min(items.values(), key=lambda item: item["stats"]["discrimination"])
    assert lowest["name"] == "Q0"


def test_a_trainer_opens_a_flagged_item_in_the_question_editor_from_the_page(login_as) -> None:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=3, draw=3)
    _attempts(exam, 6)
    html = login_as("trainer").get(f"/exams/{exam.slug}/statistics/").content.decode()
    items = {i["name"]: i["question_id"] for i in ItemAnalysisResult.objects.get(exam=exam).payload["items"]}
    for name, question_id in items.items():
        assert f'<a href="/exams/workbench/questions/{question_id}/">{name}</a>' in html
    # Analysts read the page but may not edit questions: no link to a page they would be refused.
    analyst = login_as("analyst").get(f"/exams/{exam.slug}/statistics/").content.decode()
    assert "/exams/workbench/questions/" not in analyst


def test_statistics_page_shows_moodles_random_guess_score(login_as) -> None:  # type: ignore[no-untyped-def]
    """Three choices, one right (the factory's questions): Moodle's random guess score is 1/3 of the mark."""
    exam = published_exam(questions=3, draw=3)
    _attempts(exam, 6)
    html = login_as("trainer").get(f"/exams/{exam.slug}/statistics/").content.decode()
    items = ItemAnalysisResult.objects.get(exam=exam).payload["items"]
    assert [item["random_guess"] for item in items] == pytest.approx([1 / 3] * 3)
    assert html.count('data-testid="random-guess">33%') == 3
    assert 'data-testid="random-guess-help"' in html
