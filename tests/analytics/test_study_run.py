"""Running a hiring study: gathers data, calls validity_study, stores results and a proposal; done studies stay."""

from __future__ import annotations

import pytest

from analytics.models import Metric, ValidityStudy, WeightProposal
from analytics.services import study_create, study_run
from tests.factories.analytics import WINDOW, make_history

pytestmark = pytest.mark.django_db


def _study(history, **kwargs) -> ValidityStudy:  # type: ignore[no-untyped-def]
    return study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
        n_bootstrap=kwargs.pop("n_bootstrap", 200),
        **kwargs,
    )


def test_study_on_predictive_history_recommends_reweighting(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=80, others=40)
    with django_capture_on_commit_callbacks(execute=True):
        study = _study(history)

    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.DONE
    assert study.progress == 100
    results = study.results
    assert results["n"] == 80
    assert results["applicants"] == 120
    assert results["recommendation"] == "adopt"
    by_name = {c["name"]: c for c in results["criteria"]}
    assert by_name["Discovery"]["r"] > 0.3
    assert abs(by_name["Charisma"]["r"]) < 0.25
    assert results["proposed_weights"]["Charisma"] < 0.6
    assert len(results["scatter"]) == 80
    proposal = WeightProposal.objects.get(study=study)
    assert proposal.weights == results["proposed_weights"]
    assert "current" in proposal.fairness and "proposed" in proposal.fairness


def test_study_with_few_hires_says_insufficient_and_proposes_nothing() -> None:
    history = make_history(hires=12, others=10)
    study = _study(history)

    study_run(study_id=study.pk)

    study.refresh_from_db()
    assert study.results["recommendation"] == "insufficient_data"
    assert study.results["n"] == 12
    assert not study.proposals.exists()


def test_a_done_study_is_not_recomputed() -> None:
    history = make_history(hires=12, others=4)
    study = _study(history)
    study_run(study_id=study.pk)
    ValidityStudy.objects.filter(pk=study.pk).update(results={"sentinel": True})

    study_run(study_id=study.pk)

    study.refresh_from_db()
    assert study.results == {"sentinel": True}


def test_study_data_is_gathered_in_fixed_queries(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from analytics.selectors import hiring_study_data

    metric = Metric.objects.get(code="quota_attainment")
    for size in (10, 30):
        history = make_history(hires=size, others=size // 2)
        with django_assert_num_queries(6):
            data = hiring_study_data(
                rubric_version=history.version, metric=metric, period_from=WINDOW[0], period_to=WINDOW[1]
            )
        assert len(data.outcome) == size


def test_hires_without_records_in_the_window_are_counted_as_missing() -> None:
    history = make_history(hires=12, others=4)
    history.hires[0].user.performance_records.all().delete()
    study = _study(history)

    study_run(study_id=study.pk)

    study.refresh_from_db()
    assert study.results["n"] == 11
    assert study.results["hires_without_outcome"] == 1


def test_a_study_without_any_scores_fails_with_a_message() -> None:
    from tests.factories.rubrics import make_rubric_version

    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=make_rubric_version(),
        actor=None,
    )

    study = study_run(study_id=study.pk)

    assert study.status == ValidityStudy.Status.FAILED
    assert study.error == "No submitted scorecards use this rubric version yet."
