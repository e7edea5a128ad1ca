"""`rubric_version_create` validates criteria, normalises weights, numbers versions and audits each one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from assessments.rubrics.models import Criterion, RubricVersion
from assessments.rubrics.services import criteria_from_version, rubric_create, rubric_version_create
from tests.factories.rubrics import criterion_spec, make_rubric_version

pytestmark = pytest.mark.django_db


def test_weights_are_normalised_to_sum_to_one() -> None:
    version = make_rubric_version(names=("A", "B", "C"), weights=(2, 1, 1))
    weights = {c.name: c.weight for c in version.criteria.all()}
    assert weights == pytest.approx({"A": 0.5, "B": 0.25, "C": 0.25})


def test_versions_are_numbered_in_order_and_each_is_audited(persona) -> None:  # type: ignore[no-untyped-def]
    analyst = persona("analyst")
    rubric = rubric_create(name="Hiring", actor=analyst)
    first = rubric_version_create(
        rubric=rubric, criteria=[criterion_spec("A")], change_note="First.", actor=analyst
    )
    second = rubric_version_create(
        rubric=rubric,
        criteria=criteria_from_version(first, weights={"A": 3}),
        change_note="Same.",
        actor=analyst,
    )
    assert (first.number, second.number) == (1, 2)
    events = AuditEvent.objects.filter(verb="rubric.version_create").order_by("id")
    assert [e.after["number"] for e in events] == [1, 2]
    assert events[1].before["number"] == 1 and events[1].actor == analyst
    assert events[1].note == "Same."


def test_error_names_the_criterion_and_field_and_nothing_is_saved() -> None:
    rubric = rubric_create(name="Hiring", actor=None)
    bad = [criterion_spec("A"), criterion_spec("B", weight=-1), criterion_spec("C", anchor_mid="")]
    with pytest.raises(ValidationError) as info:
        rubric_version_create(rubric=rubric, criteria=bad, change_note="x", actor=None)
    text = " ".join(info.value.messages)
    assert "Criterion 2, weight" in text
    assert "Criterion 3, anchor_mid" in text
    assert not RubricVersion.objects.exists() and not Criterion.objects.exists()


def test_all_zero_weights_and_inverted_scale_are_refused() -> None:
    rubric = rubric_create(name="Hiring", actor=None)
    with pytest.raises(ValidationError, match="weight above zero"):
        rubric_version_create(rubric=rubric, criteria=[criterion_spec("A", 0)], change_note="x", actor=None)
    with pytest.raises(ValidationError, match="Criterion 1, scale_max"):
        rubric_version_create(
            rubric=rubric,
            criteria=[criterion_spec("A", scale_min=5, scale_max=1)],
            change_note="x",
            actor=None,
        )


def test_a_change_note_is_required() -> None:
    rubric = rubric_create(name="Hiring", actor=None)
    with pytest.raises(ValidationError):
        rubric_version_create(rubric=rubric, criteria=[criterion_spec("A")], change_note="  ", actor=None)
