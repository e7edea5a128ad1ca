"""Study and fairness pages: results in plain words, charts inline with no script, only aggregates ever shown."""

from __future__ import annotations

import csv
import io

import pytest

from analytics.models import Metric, ValidityStudy
from analytics.services import study_create, study_run
from tests.factories.analytics import WINDOW, make_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_study():  # type: ignore[no-untyped-def]
    history = make_history(hires=80, others=40)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
        n_bootstrap=100,
    )
    study_run(study_id=study.pk)
    study.refresh_from_db()
    return history, study


def test_study_page_shows_recommendation_criteria_and_charts(login_as, done_study) -> None:  # type: ignore[no-untyped-def]
    _history, study = done_study
    html = login_as("analyst").get(f"/analytics/studies/{study.pk}/").content.decode()
    assert 'data-recommendation="adopt"' in html
    assert "Change the weights" in html
    assert "Charisma" in html and "ci-bar" in html
    assert html[html.index("<main") :].count("<svg") >= 2  # charts, not the header's bell
    assert "pygal.config" not in html
    assert "Record decision" in html


def test_too_few_hires_says_how_many_are_needed(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=12, others=3)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
    )
    study_run(study_id=study.pk)
    html = login_as("admin").get(f"/analytics/studies/{study.pk}/").content.decode()
    assert "Not enough hires yet: 12 of about" in html


def test_running_study_shows_a_polling_progress_bar(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=3, others=1)
    study = study_create(
        family="hiring",
        metric=Metric.objects.get(code="quota_attainment"),
        period_from=WINDOW[0],
        period_to=WINDOW[1],
        rubric_version=history.version,
        actor=None,
    )
    ValidityStudy.objects.filter(pk=study.pk).update(status="running", progress=40)
    client = login_as("analyst")

    html = client.get(f"/analytics/studies/{study.pk}/").content.decode()
    assert 'aria-valuenow="40"' in html and "hx-get" in html
    assert "htmx" in html

    ValidityStudy.objects.filter(pk=study.pk).update(status="done", progress=100)
    status = client.get(f"/analytics/studies/{study.pk}/status/", HTTP_HX_REQUEST="true")
    assert status["HX-Refresh"] == "true"
    assert "hx-get" not in status.content.decode()


def test_fairness_page_and_csvs_show_groups_never_people(login_as, done_study) -> None:  # type: ignore[no-untyped-def]
    history, study = done_study
    client = login_as("analyst")
    pages = [
        client.get(f"/analytics/studies/{study.pk}/fairness/").content.decode(),
        client.get(f"/analytics/studies/{study.pk}/").content.decode(),
        client.get(f"/analytics/studies/{study.pk}/?format=csv").getvalue().decode(),
    ]
    fairness_csv = (
        client.get(f"/analytics/studies/{study.pk}/fairness/?format=csv").getvalue().decode("utf-8-sig")
    )
    people = history.hires + history.others
    for text in [*pages, fairness_csv]:
        for person in people:
            assert person.email not in text
            assert person.name not in text

    rows = list(csv.DictReader(io.StringIO(fairness_csv)))
    by_sex_hired = [r for r in rows if r["selection"] == "hired" and r["dimension"] == "sex"]
    assert {r["group"] for r in by_sex_hired} == {"female", "male"}
    assert sum(int(r["n"]) for r in by_sex_hired) == len(people)
    assert all(int(r["n"]) > 1 for r in rows)
    assert {r["selection"] for r in rows} >= {"passed_screen", "offered", "hired", "composite_current"}
    assert "Impact ratio" in pages[0]
    assert "Female · Asian" in pages[0]


def test_proposal_fairness_is_recomputed_with_proposed_weights(login_as, done_study) -> None:  # type: ignore[no-untyped-def]
    _history, study = done_study
    html = login_as("analyst").get(f"/analytics/studies/{study.pk}/fairness/").content.decode()
    assert "Same number passing with the proposed weights" in html
