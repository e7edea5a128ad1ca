"""Enablement leads author rubric versions in the Wagtail admin; a locked version cannot be edited there."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from assessments.rubrics.models import RubricVersion
from assessments.rubrics.services import rubric_create, rubric_version_mark_used
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/rubrics/rubricversion/add/"


def _criterion(i: int, name: str, weight: str) -> dict[str, str]:
    p = f"criteria-{i}-"
    return {
        p + "name": name,
        p + "description": "",
        p + "weight": weight,
        p + "scale_min": "1",
        p + "scale_max": "5",
        p + "anchor_low": "weak",
        p + "anchor_mid": "solid",
        p + "anchor_high": "outstanding",
        p + "position": str(i),
        p + "id": "",
        p + "DELETE": "",
    }


def _form(rubric_pk: int, criteria: list[tuple[str, str]]) -> dict[str, str]:
    data = {
        "rubric": str(rubric_pk),
        "change_note": "Authored in the admin.",
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, (name, weight) in enumerate(criteria):
        data |= _criterion(i, name, weight)
    return data


def test_an_analyst_creates_a_version_with_criteria_normalised_and_audited(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("analyst")
    rubric = rubric_create(name="Hiring", actor=None)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, _form(rubric.pk, [("Curiosity", "3"), ("Grit", "1")]))
    assert response.status_code == 302, response.content.decode()[:2000]
    version = RubricVersion.objects.get(rubric=rubric)
    assert version.number == 1
    assert {c.name: c.weight for c in version.criteria.all()} == pytest.approx(
        {"Curiosity": 0.75, "Grit": 0.25}
    )
    assert AuditEvent.objects.filter(verb="rubric.version_create", object_id=str(version.pk)).exists()


def test_a_locked_version_cannot_be_saved_from_the_admin(login_as) -> None:  # type: ignore[no-untyped-def]
    version = make_rubric_version(names=("A",), weights=(1,))
    rubric_version_mark_used(version=version)
    criterion = version.criteria.get()
    data = _form(version.rubric_id, [("A", "1")]) | {
        "criteria-INITIAL_FORMS": "1",
        "criteria-0-id": str(criterion.pk),
        "criteria-0-anchor_low": "rewritten after scoring",
    }
    response = login_as("admin").post(f"/admin/snippets/rubrics/rubricversion/edit/{version.pk}/", data)
    assert response.status_code == 200
    assert "can no longer change" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.anchor_low == "A: weak"


def test_learners_and_trainers_cannot_author_rubrics(login_as) -> None:  # type: ignore[no-untyped-def]
    assert login_as("learner").get(ADD).status_code == 403
    assert login_as("trainer").get(ADD).status_code in (302, 403)
