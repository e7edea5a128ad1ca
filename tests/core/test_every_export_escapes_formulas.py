"""Every CSV download of the site: text a spreadsheet would run as a formula arrives with a leading quote."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Membership
from analytics.models import Metric, ValidityStudy
from assessments.exams.models import ItemAnalysisResult
from courses.models import Enrollment
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.courses import course, learning_path
from tests.factories.exams import published_exam
from tests.factories.hiring import make_requisition

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tX", "\rY"]


def _onboarding_team(text: str, login_as, persona) -> str:  # type: ignore[no-untyped-def]
    team = TeamFactory(manager=persona("coach"))
    learner = UserFactory(first_name="Pat", last_name="Lee")
    Membership.objects.create(user=learner, org_unit=team)
    path = learning_path(courses=[(course(title=text, lessons=1), 7)])
    Enrollment.objects.create(path=path, user=learner, start_date=timezone.localdate())
    return (
        login_as("coach").get(f"/onboarding/team/?path={path.pk}&format=csv").getvalue().decode("utf-8-sig")
    )


def _certification_matrix(text: str, login_as, persona) -> str:  # type: ignore[no-untyped-def]
    published_exam(questions=1, draw=1, certifying=True, title=text)
    team = TeamFactory(manager=persona("coach"))
    Membership.objects.create(user=UserFactory(first_name="Pat", last_name="Lee"), org_unit=team)
    return login_as("coach").get("/exams/team/?format=csv").getvalue().decode("utf-8-sig")


def _readiness(text: str, login_as, persona) -> str:  # type: ignore[no-untyped-def]
    Membership.objects.create(user=UserFactory(), org_unit=TeamFactory(name=text))
    return login_as("analyst").get("/analytics/dashboards/?export=readiness").getvalue().decode("utf-8-sig")


def _funnel(text: str, login_as, persona) -> str:  # type: ignore[no-untyped-def]
    make_requisition(title=text)
    return login_as("analyst").get("/analytics/dashboards/?export=funnel").getvalue().decode("utf-8-sig")


def _exam_health(text: str, login_as, persona) -> str:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=1, draw=1, title=text)
    ItemAnalysisResult.objects.create(exam=exam, computed_at=timezone.now(), attempts_count=0, payload={})
    return login_as("analyst").get("/analytics/dashboards/?export=exams").getvalue().decode("utf-8-sig")


def _done_study(**results: object) -> ValidityStudy:
    return ValidityStudy.objects.create(
        outcome=Metric.objects.get(code="quota_attainment"),
        status=ValidityStudy.Status.DONE,
        results={"n": 1, "criteria": [], "current_weights": {}, "proposed_weights": {}, **results},
    )


def _study_criteria(text: str, login_as, persona) -> str:  # type: ignore[no-untyped-def]
    criterion = {"name": text, "r": 0.3, "ci_low": 0.1, "ci_high": 0.5, "p_value": 0.01}
    study = _done_study(criteria=[criterion], current_weights={text: 0.5}, proposed_weights={text: 0.5})
    return (
        login_as("analyst").get(f"/analytics/studies/{study.pk}/?format=csv").getvalue().decode("utf-8-sig")
    )


def _study_fairness(text: str, login_as, persona) -> str:  # type: ignore[no-untyped-def]
    row = {
        "group": text,
        "n": 5,
        "selected": 2,
        "rate": 0.4,
        "impact_ratio": 1.0,
        "flagged": False,
        "p_value": 1,
    }
    study = _done_study(stage_fairness={"hired": {"sex": {"rows": [row], "small": []}}})
    response = login_as("analyst").get(f"/analytics/studies/{study.pk}/fairness/?format=csv")
    return response.getvalue().decode("utf-8-sig")


EXPORTS: dict[str, Callable[..., str]] = {
    "onboarding team": _onboarding_team,
    "certification matrix": _certification_matrix,
    "dashboard readiness": _readiness,
    "dashboard funnel": _funnel,
    "dashboard exam health": _exam_health,
    "study criteria": _study_criteria,
    "study fairness": _study_fairness,
}


@pytest.mark.parametrize("text", DANGEROUS)
@pytest.mark.parametrize("export", EXPORTS)
def test_formula_text_arrives_escaped(export: str, text: str, login_as, persona) -> None:  # type: ignore[no-untyped-def]
    body = EXPORTS[export](text, login_as, persona)
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert any(cell.startswith("'" + text) for cell in cells), cells
    assert not any(cell.startswith(text) for cell in cells), cells


def test_a_negative_number_is_exported_as_a_number(login_as) -> None:  # type: ignore[no-untyped-def]
    criterion = {"name": "Discovery", "r": -0.25, "ci_low": -0.5, "ci_high": 0.1, "p_value": 0.2}
    study = _done_study(criteria=[criterion], current_weights={"Discovery": 1}, proposed_weights={})
    client: Client = login_as("analyst")
    body = client.get(f"/analytics/studies/{study.pk}/?format=csv").getvalue().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1][:3] == ["Discovery", "-0.25", "-0.5"]
