"""The exams demo seeder builds the 150-question bank, six exams, ~200 attempts and mixed certifications, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.demo import seed_accounts
from assessments.exams.demo import seed_exams
from assessments.exams.models import Attempt, Certification, Exam, Question, QuestionVersion, Response
from assessments.exams.selectors import certification_state
from assessments.exams.services import exam_blueprint_problems
from assessments.exams.statistics import exam_item_analysis_compute

pytestmark = pytest.mark.django_db


def test_seed_exams_builds_believable_data_quickly_and_once(roles) -> None:  # type: ignore[no-untyped-def]
    seed_accounts()
    seed_exams()
    assert Question.objects.count() == 150
    texts = list(QuestionVersion.objects.values_list("text", flat=True))
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in texts)  # English with Chinese
    exams = list(Exam.objects.filter(certifying=True))
    assert len(exams) == 6
    assert all(exam_blueprint_problems(e) == [] for e in exams)
    assert 180 <= Attempt.objects.count() <= 220
    now = timezone.now()
    states = {certification_state(c, now) for c in Certification.objects.all()}
    assert {"valid", "expiring", "expired"} <= states
    counts = (
        Question.objects.count(),
        Attempt.objects.count(),
        Response.objects.count(),
        Certification.objects.count(),
    )
    seed_exams()
    assert counts == (
        Question.objects.count(),
        Attempt.objects.count(),
        Response.objects.count(),
        Certification.objects.count(),
    )
    result = exam_item_analysis_compute(exam=exams[0], now=now + timedelta(seconds=1))
    assert result.payload["items"] and result.payload["test"]["alpha"] is not None


def test_demo_product_exams_match_the_content_library(roles) -> None:  # type: ignore[no-untyped-def]
    from courses.demo_content import PAGES
    from tests.factories.courses import product_page

    seed_accounts()
    pages = {
        slug: product_page(title=spec[1], slug=slug) for slug, spec in PAGES.items() if spec[0] == "product"
    }
    seed_exams()
    titles = " ".join(Exam.objects.values_list("title", flat=True))
    for product in ("Lumora Field", "Lumora Insight", "Lumora Ledger"):
        assert product in titles
        assert QuestionVersion.objects.filter(text__contains=product).exists()
    assert "Cloud Suite" not in titles and "Payroll" not in titles
    assert not QuestionVersion.objects.filter(text__contains="Cloud Suite").exists()
    # Product questions test their library page, so a material change there makes the certification due.
    for page in pages.values():
        linked = Question.objects.filter(content_page=page)
        categories = {q.category.name for q in linked.select_related("category")}
        assert categories == {page.title.split(" ")[0] + " " + page.title.split(" ")[1]}
