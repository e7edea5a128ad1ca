"""Exam-score and coaching-rating studies: data per person in fixed queries, the same task, no weight proposal."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from scipy import stats

from analytics.models import Metric, PredictorFamily, ValidityStudy, WeightProposal
from analytics.selectors import coaching_study_data, exam_study_data
from analytics.services import study_create, study_run
from tests.factories.analytics import WINDOW, make_coaching_history, make_exam_history, make_history

pytestmark = pytest.mark.django_db


def _quota() -> Metric:
    return Metric.objects.get(code="quota_attainment")


def _window() -> dict:  # type: ignore[type-arg]
    return {"metric": _quota(), "period_from": WINDOW[0], "period_to": WINDOW[1]}


def test_exam_data_has_one_column_per_exam_with_the_best_or_first_score() -> None:
    history = make_exam_history(people=8, exams=2, with_outcome=6)
    ids = [e.pk for e in history.exams]

    best = exam_study_data(exam_ids=ids, rule="best", **_window())
    first = exam_study_data(exam_ids=ids, rule="first", **_window())

    assert list(best.scores.columns) == [e.title for e in history.exams]
    person = history.people[3]
    assert best.scores.loc[person.pk].tolist() == pytest.approx(history.best[3].tolist())
    assert first.scores.loc[person.pk].tolist() == pytest.approx(history.first[3].tolist())
    assert best.current_weights == {e.title: 0.5 for e in history.exams}
    assert len(best.outcome) == 6 and best.scored_without_outcome == 2
    assert best.outcome[history.people[0].pk] == pytest.approx(history.quota[0])


def test_coaching_data_averages_coach_ratings_of_submitted_sessions_only() -> None:
    history = make_coaching_history(sellers=5, sessions=3)

    data = coaching_study_data(rubric_version=history.version, **_window())

    names = list(history.version.criteria.order_by("position", "id").values_list("name", flat=True))
    assert list(data.scores.columns) == names
    for i, seller in enumerate(history.sellers):
        # Self-ratings (all 5) and the unsubmitted session (all 1) would both move these means.
        assert data.scores.loc[seller.pk].tolist() == pytest.approx(history.means[i].tolist())
    assert sum(data.current_weights.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("family", ["exam", "coaching"])
def test_study_data_is_gathered_in_three_queries_at_any_size(family, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    window = _window()
    for size in (6, 40):
        if family == "exam":
            history = make_exam_history(people=size, exams=3)
            with django_assert_num_queries(3):
                data = exam_study_data(exam_ids=[e.pk for e in history.exams], rule="best", **window)
        else:
            coaching = make_coaching_history(sellers=size)
            with django_assert_num_queries(3):
                data = coaching_study_data(rubric_version=coaching.version, **window)
        assert len(data.outcome) >= size


def test_exam_study_runs_through_the_task_and_matches_scipy(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    history = make_exam_history(people=60, exams=2)
    with django_capture_on_commit_callbacks(execute=True):
        study = study_create(
            family=PredictorFamily.EXAM, exams=history.exams, actor=None, n_bootstrap=100, **_window()
        )

    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.DONE and study.progress == 100
    results = study.results
    assert results["n"] == 60 and results["people"] == 60
    by_name = {c["name"]: c for c in results["criteria"]}
    r, p = stats.pearsonr(history.best[:, 0], history.quota)
    assert by_name[history.exams[0].title]["r"] == pytest.approx(r, abs=1e-9)
    assert by_name[history.exams[0].title]["p_value"] == pytest.approx(p, rel=1e-6)
    composite_r, _p = stats.pearsonr(history.best.mean(axis=1), history.quota)
    assert results["composite_r"] == pytest.approx(composite_r, abs=1e-9)
    assert results["recommendation"] in ("adopt", "keep")
    assert results["cv_r_current"] is not None
    assert len(results["scatter"]) == 60
    assert not WeightProposal.objects.filter(study=study).exists()


def test_coaching_study_uses_the_rubric_weights_and_matches_scipy() -> None:
    history = make_coaching_history(sellers=45)
    study = study_create(
        family=PredictorFamily.COACHING,
        rubric_version=history.version,
        actor=None,
        n_bootstrap=100,
        **_window(),
    )

    study_run(study_id=study.pk)

    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.DONE
    weights = np.array(
        list(history.version.criteria.order_by("position", "id").values_list("weight", flat=True)), float
    )
    composite = history.means @ (weights / weights.sum())
    r, _p = stats.pearsonr(composite, history.quota)
    assert study.results["composite_r"] == pytest.approx(r, abs=1e-9)
    assert study.results["n"] == 45
    assert not study.proposals.exists()


def test_few_people_give_insufficient_data() -> None:
    history = make_exam_history(people=12, exams=1)
    study = study_create(
        family=PredictorFamily.EXAM, exams=history.exams, actor=None, n_bootstrap=50, **_window()
    )

    study_run(study_id=study.pk)

    study.refresh_from_db()
    assert study.results["recommendation"] == "insufficient_data"
    assert study.results["n"] == 12


def test_an_exam_study_with_no_outcomes_fails_with_a_reason() -> None:
    history = make_exam_history(people=5, exams=1, with_outcome=0)
    study = study_create(family=PredictorFamily.EXAM, exams=history.exams, actor=None, **_window())

    study_run(study_id=study.pk)

    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.FAILED
    assert "Nobody with these scores" in study.error


def test_wrong_inputs_are_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as no_exams:
        study_create(family=PredictorFamily.EXAM, exams=[], actor=None, **_window())
    assert "exams" in no_exams.value.message_dict

    hiring_version = make_history(hires=2, others=0).version
    with pytest.raises(ValidationError) as wrong_rubric:
        study_create(family=PredictorFamily.COACHING, rubric_version=hiring_version, actor=None, **_window())
    assert "rubric_version" in wrong_rubric.value.message_dict
