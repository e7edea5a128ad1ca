"""Exam and coaching study pages: a tab per family, a form per family, results without weights or fairness."""

from __future__ import annotations

import csv
import io

import pytest

from analytics.models import Metric, PredictorFamily, ValidityStudy
from analytics.services import study_create, study_run
from stats.validity import PLANNING_R, hires_for_power
from tests.factories.analytics import WINDOW, make_coaching_history, make_exam_history

pytestmark = pytest.mark.django_db


def _run(**kwargs) -> ValidityStudy:  # type: ignore[no-untyped-def]
    study = study_create(
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        actor=None,
        n_bootstrap=100,
        **kwargs,
    )
    study_run(study_id=study.pk)
    study.refresh_from_db()
    return study


def test_each_family_has_its_own_tab_and_new_study_link(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    history = make_exam_history(people=12, exams=1)
    study = _run(family=PredictorFamily.EXAM, exams=history.exams)

    exam_tab = client.get("/analytics/?family=exam").content.decode()
    hiring_tab = client.get("/analytics/").content.decode()

    assert f'href="/analytics/studies/{study.pk}/"' in exam_tab and "1 exam" in exam_tab
    assert 'href="/analytics/studies/new/?family=exam"' in exam_tab
    assert f'href="/analytics/studies/{study.pk}/"' not in hiring_tab
    assert (
        'href="/analytics/studies/new/?family=coaching"'
        in client.get("/analytics/?family=coaching").content.decode()
    )
    assert client.get("/analytics/?family=nonsense").status_code == 404


def test_exam_study_form_creates_a_study_and_names_a_missing_field(
    login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    history = make_exam_history(people=40, exams=2)
    metric = Metric.objects.get(code="quota_attainment")

    page = client.get("/analytics/studies/new/?family=exam").content.decode()
    assert history.exams[0].title in page and 'type="checkbox"' in page and "First submitted score" in page

    base = {"outcome": metric.pk, "period_from": WINDOW[0], "period_to": WINDOW[1], "score_rule": "first"}
    refused = client.post("/analytics/studies/new/?family=exam", base)
    assert refused.status_code == 200
    assert "Choose at least one certifying exam." in refused.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/analytics/studies/new/?family=exam", base | {"exams": [e.pk for e in history.exams]}
        )
    study = ValidityStudy.objects.get(family=PredictorFamily.EXAM)
    assert response.url == f"/analytics/studies/{study.pk}/"
    assert study.inputs["exams"] == sorted(e.pk for e in history.exams)
    assert study.inputs["score_rule"] == "first"
    study.refresh_from_db()
    assert study.status == ValidityStudy.Status.DONE


def test_coaching_form_offers_only_coaching_versions_that_were_rated(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    assert (
        "No coach has rated a session yet."
        in client.get("/analytics/studies/new/?family=coaching").content.decode()
    )
    history = make_coaching_history(sellers=3)

    page = client.get("/analytics/studies/new/?family=coaching").content.decode()

    assert f'value="{history.version.pk}"' in page and "Coaching rubric version" in page


def test_exam_study_page_shows_validity_without_weights_adoption_or_fairness(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_exam_history(people=60, exams=2)
    study = _run(family=PredictorFamily.EXAM, exams=history.exams)
    client = login_as("analyst")

    html = client.get(f"/analytics/studies/{study.pk}/").content.decode()

    assert f'data-recommendation="{study.results["recommendation"]}"' in html
    assert history.exams[0].title in html and "Weight in composite" in html
    assert "Cross-validated validity, composite as is:" in html
    assert "people are needed to detect" in html or "too small to estimate how many people" in html
    assert "Record decision" not in html and "Weight proposal" not in html
    assert "/fairness/" not in html and "Corrected for range restriction" not in html
    assert html.count('<div class="analytics-chart-box"><svg') == 2  # scatter and validity per exam
    assert client.get(f"/analytics/studies/{study.pk}/fairness/").url == f"/analytics/studies/{study.pk}/"

    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/analytics/studies/{study.pk}/?format=csv").getvalue().decode("utf-8-sig")
            )
        )
    )
    assert [r[0] for r in rows[1:]] == [c["name"] for c in study.results["criteria"]]


def test_small_coaching_study_says_how_many_sellers_are_needed(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_coaching_history(sellers=6)
    study = _run(family=PredictorFamily.COACHING, rubric_version=history.version)

    html = login_as("analyst").get(f"/analytics/studies/{study.pk}/").content.decode()

    # The power gate's figure: the F-test needs an even chance of seeing a .05 gain over this many criteria.
    needed = hires_for_power(len(study.results["criteria"]), PLANNING_R)
    assert needed is not None and needed > 30
    assert f"Not enough coached sellers with an outcome yet: 6 of about {needed} needed." in html
    assert "Only coached sellers are compared" in html


def test_single_exam_study_reports_its_validity_in_plain_words(login_as) -> None:  # type: ignore[no-untyped-def]
    from scipy import stats

    history = make_exam_history(people=40, exams=1)
    study = _run(family=PredictorFamily.EXAM, exams=history.exams)

    html = login_as("analyst").get(f"/analytics/studies/{study.pk}/").content.decode()

    r, _p = stats.pearsonr(history.best[:, 0], history.quota)
    assert study.results["recommendation"] == "keep"  # one exam: nothing to re-weight
    assert f"Exam scores and Quota attainment among those tested: r = {r:.2f}" in html
    assert "Weighting the exams differently" not in html
