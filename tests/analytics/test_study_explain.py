"""The study page's plain-words paragraphs and the reliability sentence of the adverse-impact block."""

from __future__ import annotations

from django.utils import translation

from analytics.labels import adverse_impact_message
from analytics.models import Metric, PredictorFamily, ValidityStudy
from analytics.study_explain import explain, wait_text


def _study() -> ValidityStudy:
    return ValidityStudy(family=PredictorFamily.HIRING, outcome=Metric(code="quota_attainment", name="Quota"))


def test_waiting_study_says_how_many_more_hires_and_when() -> None:
    results = {"recommendation": "insufficient_data", "more_needed": 260, "expected_by": "2027-09-14"}
    with translation.override("en"):
        assert wait_text(results, hiring=True) == "About 260 more hires; at your rate, around September 2027."
        assert "no hiring rate" in wait_text(results | {"expected_by": None}, hiring=True)
        assert wait_text(results | {"recommendation": "keep"}, hiring=True) is None


def test_explain_covers_test_finding_certainty_and_next_step() -> None:
    results = {
        "recommendation": "adopt",
        "n": 300,
        "criteria": [{}, {}, {}, {}],
        "composite_r": 0.21,
        "gain": 0.08,
        "improvement_ci": [0.02, 0.14],
        "f_p_value": 0.004,
        "power": 0.7,
    }
    with translation.override("en"):
        text = explain(_study(), results)
    assert "300 hires" in text["tested"] and "4 criteria" in text["tested"]
    assert "0.21" in text["found"] and "0.02 to 0.14" in text["found"]
    assert "p = 0.004" in text["sure"]
    assert "new rubric version" in text["next"]

    results["f_p_value"] = 1.5e-6  # the pooled demo study's: never "p = 0.000"
    with translation.override("en"):
        sure = explain(_study(), results)["sure"]
    assert "p < 0.001" in sure and "0.000" not in sure


def test_block_message_says_the_flag_rests_on_small_numbers() -> None:
    fairness = {"cut": 3.0, "introduced": ["sex: female"], "introduced_small": ["sex: female"]}
    with translation.override("en"):
        shaky = adverse_impact_message(fairness)
        solid = adverse_impact_message(fairness | {"introduced_small": []})
    assert "small numbers" in shaky and "still blocks adoption" in shaky
    assert "would not change the flag" in solid
