"""Pooled hiring studies (requisitions of one rubric as strata) and time to ramp with leavers censored or dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from django.core.exceptions import ValidationError

from analytics.models import Metric
from analytics.reporting import ramp_survival
from analytics.services import study_create, study_run
from assessments.hiring.models import Candidate
from tests.factories.analytics import WINDOW, make_history
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db


def _split(history):  # type: ignore[no-untyped-def]
    """Move every other candidate to a second requisition on the same rubric version."""
    second = make_requisition(rubric_version=history.version)
    movers = [c.pk for c in history.hires[::2] + history.others[::2]]
    Candidate.objects.filter(pk__in=movers).update(requisition=second)
    return second


def test_a_study_pools_the_chosen_requisitions_with_each_as_a_stratum() -> None:
    history = make_history(hires=80, others=40)
    second = _split(history)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
        n_bootstrap=100,
        requisitions=[history.requisition, second],
    )
    assert study.inputs["requisitions"] == sorted([history.requisition.pk, second.pk])

    study = study_run(study_id=study.pk)

    assert study.results["n"] == 80
    assert study.results["pooled"] is True and study.results["requisitions"] == 2
    assert study.results["recommendation"] == "adopt"  # the factory's Charisma weight is wrong in both


def test_only_one_requisition_is_not_stratified() -> None:
    history = make_history(hires=40, others=10)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
        n_bootstrap=50,
        requisitions=[history.requisition],
    )
    study = study_run(study_id=study.pk)
    assert study.results["pooled"] is False and study.results["requisitions"] == 1


def test_requisitions_of_another_rubric_are_refused_by_name() -> None:
    history = make_history(hires=10, others=5)
    other = make_history(hires=10, others=5, seed=2)
    with pytest.raises(ValidationError) as error:
        study_create(
            family="hiring",
            metric=Metric.objects.get(code="quota_attainment"),
            period_from=WINDOW[0],
            period_to=WINDOW[1],
            rubric_version=history.version,
            actor=None,
            requisitions=[history.requisition, other.requisition],
        )
    assert "requisitions" in error.value.message_dict
    assert str(other.requisition) in error.value.message_dict["requisitions"][0]


def _ramp_world(n: int = 300, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    scores = pd.DataFrame({"a": rng.normal(3, 1, n), "b": rng.normal(3, 1, n)})
    composite = 0.5 * scores["a"] + 0.5 * scores["b"]
    ramp_at = rng.exponential(150 / np.exp(0.6 * (composite - 3)))
    leave_at = rng.exponential(400, n)
    ramp = pd.DataFrame(
        {
            "duration": np.ceil(np.minimum(ramp_at, np.minimum(leave_at, 365))),
            "event": ramp_at <= np.minimum(leave_at, 365),
            "left": leave_at < np.minimum(ramp_at, 365),
        }
    )
    return scores, ramp


def test_censored_on_leave_keeps_leavers_in_the_cox_model_and_false_drops_them() -> None:
    scores, ramp = _ramp_world()
    leavers = int((ramp["left"] & ~ramp["event"]).sum())
    assert leavers > 20
    weights = {"a": 0.5, "b": 0.5}

    censored = ramp_survival(scores=scores, weights=weights, ramp=ramp, censored_on_leave=True)
    dropped = ramp_survival(scores=scores, weights=weights, ramp=ramp, censored_on_leave=False)

    assert censored["n"] == len(ramp) and censored["leavers_censored"] == leavers
    assert dropped["n"] == len(ramp) - leavers and dropped["leavers_dropped"] == leavers
    assert censored["events"] == dropped["events"] == int(ramp["event"].sum())
    # Both fits are lifelines' Cox model on the composite per SD; a higher score ramps sooner.
    assert censored["ci_low"] > 1 and censored["hazard_ratio"] != dropped["hazard_ratio"]


def test_a_ramp_days_study_derives_ramp_from_quota_records_and_censors_leavers() -> None:
    history = make_history(hires=40, others=10, months=6)
    leaver = history.hires[0].user
    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    leaver.performance_records.update(value=50.0)  # never reached quota before leaving
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="ramp_days"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
        n_bootstrap=50,
    )
    study = study_run(study_id=study.pk)

    survival = study.results["survival"]
    assert survival["censored_on_leave"] is True and survival["leavers_censored"] == 1
    assert survival["n"] == 40 and survival["events"] + survival["censored"] == 40
    assert study.results["n"] == survival["events"]  # the linear study can only use those who ramped


def test_the_study_page_words_the_hazard_ratio_plainly() -> None:
    from analytics.study_explain import ramp_text

    text = ramp_text(
        {"hazard_ratio": 1.62, "ci_low": 1.2, "ci_high": 2.05, "n": 90, "events": 61, "leavers_censored": 7}
    )
    assert text is not None
    assert "1.62 times as likely to reach quota" in text and "1.20 to 2.05" in text
    assert "7 hires who left before ramping still count" in text
    assert ramp_text({"hazard_ratio": None}) is None
