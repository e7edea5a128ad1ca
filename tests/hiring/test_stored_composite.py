"""The composite stored on each candidate equals the one computed from the scorecards, and stays so."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection

from accounts.roles import Role
from assessments.hiring.models import Candidate, Interview, Scorecard
from assessments.hiring.selectors import composite_of
from assessments.hiring.services import interview_assign, plan_step_add, scorecard_amend
from assessments.rubrics.models import RubricVersion
from tests.factories.accounts import UserFactory
from tests.factories.hiring import make_candidate, make_interview, make_requisition, submit_scorecard
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


def _computed(candidate: Candidate) -> tuple[float | None, float]:
    """The composite as the candidate page computes it, from the submitted scorecards and their ratings."""
    criteria = list(candidate.requisition.rubric_version.criteria.order_by("position", "id"))
    cards = list(
        Scorecard.objects.filter(candidate=candidate, submitted_at__isnull=False).prefetch_related("ratings")
    )
    composite = composite_of(criteria, cards)
    return composite.score, composite.coverage


def _stored(candidate: Candidate) -> tuple[float | None, float]:
    candidate.refresh_from_db(fields=["composite_score", "composite_coverage"])
    return candidate.composite_score, candidate.composite_coverage


def _assert_stored_is_computed(candidate: Candidate) -> None:
    score, coverage = _stored(candidate)
    expected_score, expected_coverage = _computed(candidate)
    assert (score is None) == (expected_score is None), (score, expected_score)
    if expected_score is not None:
        assert score == pytest.approx(expected_score, abs=1e-9)
    assert coverage == pytest.approx(expected_coverage, abs=1e-9)


@pytest.fixture
def panel():  # type: ignore[no-untyped-def]
    """A requisition on unequal weights, a step covering only two of its three criteria, and four candidates:
    two interviewers with different ratings, one on the partial step only, one with just a draft, one unseen."""
    version = make_rubric_version(names=("Coachability", "Curiosity", "Discovery"), weights=(3.0, 1.0, 2.0))
    requisition = make_requisition(rubric_version=version)
    criteria = list(version.criteria.order_by("position", "id"))
    raters = [UserFactory(roles=[Role.COACH]) for _ in range(3)]
    step = plan_step_add(
        requisition=requisition, name="Screen", criteria=criteria[:2], interviewers=[raters[2]]
    )
    full = make_candidate(requisition, name="Full panel")
    submit_scorecard(make_interview(full, raters[0]), {"Coachability": 5, "Curiosity": 2, "Discovery": 4})
    submit_scorecard(make_interview(full, raters[1]), {"Coachability": 2, "Curiosity": 3, "Discovery": 1})
    partial = make_candidate(requisition, name="Partial")
    screen = interview_assign(candidate=partial, interviewer=raters[2], step=step, actor=None)
    submit_scorecard(screen, {"Coachability": 4, "Curiosity": 1})
    draft = make_candidate(requisition, name="Draft only")
    submit_scorecard(make_interview(draft, raters[0]), 5, submit=False)
    unseen = make_candidate(requisition, name="Unseen")
    return {"requisition": requisition, "candidates": [full, partial, draft, unseen], "raters": raters}


def test_each_stored_composite_equals_the_computed_one(panel) -> None:  # type: ignore[no-untyped-def]
    full, partial, draft, unseen = panel["candidates"]
    for candidate in panel["candidates"]:
        _assert_stored_is_computed(candidate)
    # The panel really spans the cases: a full score, a partial one, and none (a draft does not count).
    assert _stored(full)[0] is not None and _stored(full)[1] == pytest.approx(1.0)
    assert _stored(partial)[0] is not None and 0 < _stored(partial)[1] < 1
    assert _stored(draft) == (None, 0.0) and _stored(unseen) == (None, 0.0)


def test_an_amended_rating_moves_the_stored_composite(panel) -> None:  # type: ignore[no-untyped-def]
    full = panel["candidates"][0]
    before = _stored(full)[0]
    card = Scorecard.objects.get(candidate=full, interviewer=panel["raters"][1])
    criterion = panel["requisition"].rubric_version.criteria.get(name="Coachability")
    scorecard_amend(scorecard=card, reason="Typo", actor=panel["raters"][1], criterion=criterion, value=5)
    assert _stored(full)[0] != before
    _assert_stored_is_computed(full)


def test_a_removed_interview_takes_its_scorecard_out_of_the_composite(panel) -> None:  # type: ignore[no-untyped-def]
    full = panel["candidates"][0]
    before = _stored(full)[0]
    Interview.objects.get(candidate=full, interviewer=panel["raters"][0]).delete()
    assert _stored(full)[0] != before
    _assert_stored_is_computed(full)


def test_a_changed_weight_recomputes_every_composite_on_the_version(panel) -> None:  # type: ignore[no-untyped-def]
    full, partial = panel["candidates"][:2]
    before = [_stored(full)[0], _stored(partial)[0]]
    version = panel["requisition"].rubric_version
    # Submitting locked the version; an admin who unlocks it (as before scoring) may re-weigh its criteria.
    RubricVersion.objects.filter(pk=version.pk).update(locked_at=None)
    criterion = version.criteria.get(name="Coachability")
    criterion.weight = 0.1
    criterion.save()
    assert [_stored(full)[0], _stored(partial)[0]] != before
    for candidate in panel["candidates"]:
        _assert_stored_is_computed(candidate)


def test_the_backfill_migration_stores_every_composite(panel) -> None:  # type: ignore[no-untyped-def]
    Candidate.objects.filter(requisition=panel["requisition"]).update(
        composite_score=-5.0, composite_coverage=7.0
    )
    migration = importlib.import_module("assessments.hiring.migrations.0007_candidate_stored_composite")
    migration.backfill_composites(django_apps, connection.schema_editor())
    for candidate in panel["candidates"]:
        _assert_stored_is_computed(candidate)
