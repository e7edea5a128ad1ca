"""Once anything is scored on a version, neither the service nor a model save can change it."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from assessments.rubrics.models import RubricVersionLocked
from assessments.rubrics.services import (
    criteria_from_version,
    rubric_version_create,
    rubric_version_is_locked,
    rubric_version_mark_used,
    rubric_version_normalise,
)
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


def test_an_unused_version_can_still_be_edited() -> None:
    version = make_rubric_version()
    criterion = version.criteria.first()
    criterion.anchor_mid = "Clearer wording"
    criterion.save()
    version.change_note = "Reworded"
    version.save()
    assert not rubric_version_is_locked(version=version)


def test_marking_a_version_used_locks_it_once_and_audits() -> None:
    version = make_rubric_version()
    assert rubric_version_mark_used(version=version) is True
    assert rubric_version_mark_used(version=version) is False
    assert rubric_version_is_locked(version=version)
    assert AuditEvent.objects.filter(verb="rubric.version_lock").count() == 1


def test_a_locked_version_and_its_criteria_refuse_save_and_delete() -> None:
    version = make_rubric_version()
    stale = type(version).objects.get(pk=version.pk)  # loaded before the lock, as another process would
    criterion = version.criteria.first()
    rubric_version_mark_used(version=version)
    stale.change_note = "sneaky edit"
    with pytest.raises(RubricVersionLocked):
        stale.save()
    with pytest.raises(RubricVersionLocked):
        stale.delete()
    criterion.weight = 0.9
    with pytest.raises(RubricVersionLocked):
        criterion.save()
    with pytest.raises(RubricVersionLocked):
        criterion.delete()
    with pytest.raises(RubricVersionLocked):
        rubric_version_normalise(version=version, actor=None)
    assert version.criteria.count() == 3


def test_a_locked_version_can_be_succeeded_by_a_new_one() -> None:
    version = make_rubric_version(weights=(1, 1, 1))
    rubric_version_mark_used(version=version)
    new = rubric_version_create(
        rubric=version.rubric,
        criteria=criteria_from_version(version, weights={"Coachability": 2, "Curiosity": 1, "Discovery": 1}),
        change_note="More weight on coachability.",
        actor=None,
    )
    assert new.number == 2 and not rubric_version_is_locked(version=new)
    assert new.criteria.get(name="Coachability").weight == pytest.approx(0.5)
    assert version.criteria.get(name="Coachability").weight == pytest.approx(1 / 3)
