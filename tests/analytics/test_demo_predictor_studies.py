"""The demo gives exam takers and coached sellers without performance 12 months of quota, and runs a study of each."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics.demo import seed_performance
from analytics.models import PerformanceRecord, PredictorFamily, ValidityStudy
from tests.factories.analytics import make_coaching_history, make_exam_history

pytestmark = pytest.mark.django_db


def test_exam_takers_and_coached_sellers_get_performance_and_a_study_each_once() -> None:
    exams = make_exam_history(people=35, exams=2, with_outcome=0)
    coaching = make_coaching_history(sellers=4)  # these already have performance: left alone
    before = PerformanceRecord.objects.count()

    seed_performance(today=dt.date(2026, 11, 23))
    seed_performance(today=dt.date(2026, 11, 23))

    added = PerformanceRecord.objects.filter(person__in=exams.people)
    assert added.count() == 35 * 12
    assert PerformanceRecord.objects.count() == before + 35 * 12
    assert (
        not PerformanceRecord.objects.filter(person__in=coaching.sellers, source="demo")
        .exclude(period_start=dt.date(2026, 2, 1))
        .exists()
    )
    exam_study = ValidityStudy.objects.get(family=PredictorFamily.EXAM)
    assert exam_study.status == ValidityStudy.Status.DONE
    assert exam_study.results["n"] == 35
    assert exam_study.results["composite_r"] > 0.3  # the demo quota follows exam scores
    coaching_study = ValidityStudy.objects.get(family=PredictorFamily.COACHING)
    assert coaching_study.status == ValidityStudy.Status.DONE
    assert coaching_study.results["recommendation"] == "insufficient_data"
