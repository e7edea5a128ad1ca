"""Review options by timing: Moodle's timing rule, the stored shape, the builder's grid and the audit snapshot."""

from __future__ import annotations

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.review import (
    IMMEDIATELY_AFTER,
    review_options_clean,
    review_options_default,
    review_timing,
)
from tests.factories.exams import ExamFactory, QuestionBankFactory


def test_timing_follows_moodles_quiz_attempt_state() -> None:
    now = timezone.now()
    submitted = now - IMMEDIATELY_AFTER + timedelta(seconds=1)
    kw = {"in_progress": False, "closes_at": None, "closed": False, "now": now}
    assert review_timing(submitted_at=now, **kw | {"in_progress": True}) == "during"
    assert review_timing(submitted_at=submitted, **kw) == "immediately"
    assert review_timing(submitted_at=now - IMMEDIATELY_AFTER, **kw) == "later"
    # The close wins over "immediately" (Moodle checks the close date first); so does an exam closed by hand.
    assert review_timing(submitted_at=submitted, **kw | {"closes_at": now}) == "closed"
    assert (
        review_timing(submitted_at=submitted, **kw | {"closes_at": now + timedelta(days=1)}) == "immediately"
    )
    assert review_timing(submitted_at=submitted, **kw | {"closed": True}) == "closed"


def test_stored_shape_is_checked_and_named() -> None:
    assert review_options_clean({"closed": ["feedback", "marks"]})["closed"] == ["marks", "feedback"]
    with pytest.raises(ValidationError, match="someday"):
        review_options_clean({"someday": []})
    with pytest.raises(ValidationError, match="grades"):
        review_options_clean({"during": ["grades"]})
    assert review_options_clean(review_options_default()) == review_options_default()


def test_migration_maps_each_old_policy_faithfully() -> None:
    migration = importlib.import_module("assessments.exams.migrations.0011_review_options")
    saved: dict[int, dict[str, list[str]]] = {}
    exams = [
        SimpleNamespace(pk=1, review_policy="score", practice=False),
        SimpleNamespace(pk=2, review_policy="diagnostic", practice=False),
        SimpleNamespace(pk=3, review_policy="full", practice=False),
        SimpleNamespace(pk=4, review_policy="score", practice=True),
    ]

    class Manager:
        def only(self, *fields: str) -> list[SimpleNamespace]:
            return exams

        def filter(self, pk: int) -> SimpleNamespace:
            return SimpleNamespace(update=lambda review_options: saved.__setitem__(pk, review_options))

    apps = SimpleNamespace(get_model=lambda *a: SimpleNamespace(objects=Manager()))
    migration.forward(apps, None)
    after = ("immediately", "later", "closed")
    assert all(saved[1][t] == ["marks"] for t in after)
    assert all(saved[2][t] == ["marks", "categories"] for t in after)
    assert all(set(saved[3][t]) == {"marks", "right_answers", "feedback", "categories"} for t in after)
    assert all(set(saved[4][t]) == {"marks", "right_answers", "feedback", "categories"} for t in after)
    assert all(s["during"] == ["marks", "feedback"] for s in saved.values())


@pytest.mark.django_db
def test_builder_grid_saves_the_matrix_and_the_audit_row_carries_it(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    exam = ExamFactory(bank=QuestionBankFactory())
    url = f"/exams/workbench/exams/{exam.slug}/"
    page = client.get(url).content.decode()
    assert 'data-testid="review-options"' in page and 'name="review_options_closed_right_answers"' in page
    data = {
        "title_en": exam.title,
        "slug": exam.slug,
        "bank": exam.bank_id,
        "pass_mark": "70",
        "attempts_allowed": "1",
        "cooldown_hours": "0",
        "navigation": "free",
        "version": exam.version,
        "review_options_immediately_marks": "on",
        "review_options_closed_right_answers": "on",
        "review_options_closed_feedback": "on",
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    exam.refresh_from_db()
    assert exam.review_options == {
        "during": [],
        "immediately": ["marks"],
        "later": [],
        "closed": ["right_answers", "feedback"],
    }
    event = AuditEvent.objects.filter(verb="exam.update").latest("pk")
    assert event.after["review_options"] == exam.review_options
    assert event.before["review_options"] == review_options_default()
