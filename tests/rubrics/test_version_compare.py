"""Two versions side by side: added, removed and changed criteria are marked; learners are kept out."""

from __future__ import annotations

import pytest

from assessments.rubrics.services import criteria_from_version, rubric_version_create
from tests.factories.rubrics import criterion_spec, make_rubric_version

pytestmark = pytest.mark.django_db


def test_comparison_marks_added_removed_and_changed_criteria(login_as) -> None:  # type: ignore[no-untyped-def]
    old = make_rubric_version(names=("Coachability", "Curiosity", "Grit"), weights=(1, 1, 2))
    rows = [r for r in criteria_from_version(old) if r["name"] != "Grit"] + [criterion_spec("Discovery")]
    new = rubric_version_create(
        rubric=old.rubric, criteria=rows, change_note="Grit out, discovery in.", actor=None
    )
    response = login_as("recruiter").get(f"/rubrics/compare/?left={old.pk}&right={new.pk}")
    assert response.status_code == 200
    statuses = {r.name: r.status for r in response.context["rows"]}
    assert statuses == {
        "Coachability": "changed",
        "Curiosity": "changed",
        "Grit": "removed",
        "Discovery": "added",
    }
    assert "Grit out, discovery in." in response.content.decode()


def test_identical_versions_compare_as_same(login_as) -> None:  # type: ignore[no-untyped-def]
    old = make_rubric_version()
    new = rubric_version_create(
        rubric=old.rubric, criteria=criteria_from_version(old), change_note="x", actor=None
    )
    response = login_as("analyst").get(f"/rubrics/compare/?left={old.pk}&right={new.pk}")
    assert {r.status for r in response.context["rows"]} == {"same"}


def test_learners_cannot_open_the_comparison(login_as) -> None:  # type: ignore[no-untyped-def]
    old = make_rubric_version()
    assert login_as("learner").get(f"/rubrics/compare/?left={old.pk}&right={old.pk}").status_code == 403


def test_an_unknown_version_is_not_found(login_as) -> None:  # type: ignore[no-untyped-def]
    assert login_as("admin").get("/rubrics/compare/?left=998&right=999").status_code == 404
