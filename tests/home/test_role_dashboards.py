"""Dashboards per role: the analyst sees studies and proposals, the trainer content to review and flagged exams."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import PredictorFamily, ValidityStudy, WeightProposal
from assessments.exams.models import ItemAnalysisResult
from tests.factories.analytics import seeded_metric
from tests.factories.courses import product_page
from tests.factories.exams import ExamFactory

pytestmark = pytest.mark.django_db


def _html(client) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def _studies(n: int, *, proposals: int = 0) -> list[ValidityStudy]:
    outcome = seeded_metric("quota_attainment")
    studies = [
        ValidityStudy.objects.create(family=PredictorFamily.HIRING, outcome=outcome, status=status)
        for status, _i in zip(
            [ValidityStudy.Status.QUEUED, ValidityStudy.Status.RUNNING, ValidityStudy.Status.DONE] * n,
            range(n),
            strict=False,
        )
    ]
    for study in studies[:proposals]:
        WeightProposal.objects.create(study=study, weights={"a": 1.0})
    return studies


def _flagged_exam(flags: int) -> None:
    exam = ExamFactory()
    items = [{"flags": ["negative"]} for _ in range(flags)] + [{"flags": []}]
    ItemAnalysisResult.objects.create(
        exam=exam, computed_at=timezone.now(), attempts_count=30, payload={"items": items}
    )


def test_the_analyst_sees_proposals_awaiting_decision_and_links_to_each_study(login_as) -> None:  # type: ignore[no-untyped-def]
    studies = _studies(3, proposals=1)
    html = _html(login_as("analyst"))
    assert 'data-card="analytics.work"' in html
    assert "awaiting decision" in html
    for study in studies:
        assert f'href="/analytics/studies/{study.pk}/"' in html
    assert "1 queued, 1 running, 1 done, 0 failed" in html


def test_the_analyst_without_studies_sees_the_empty_state(login_as) -> None:  # type: ignore[no-untyped-def]
    assert "No study yet" in _html(login_as("analyst"))


def test_the_trainer_sees_pages_past_review_and_drafts(login_as) -> None:  # type: ignore[no-untyped-def]
    stale = product_page(title="Stale pricing", review_by=timezone.localdate() - dt.timedelta(days=3))
    draft = product_page(title="Half-written", publish=False)
    html = _html(login_as("trainer"))
    assert 'data-card="courses.content_review"' in html
    assert "Stale pricing" in html and f"/admin/pages/{stale.pk}/edit/" in html
    assert "Half-written" in html and f"/admin/pages/{draft.pk}/edit/" in html


def test_the_trainer_sees_exams_with_flagged_items(login_as) -> None:  # type: ignore[no-untyped-def]
    _flagged_exam(2)
    html = _html(login_as("trainer"))
    assert 'data-card="exams.flagged"' in html
    assert "2 flagged items" in html
    assert "/statistics/" in html


def test_the_trainer_with_nothing_to_do_sees_empty_states(login_as) -> None:  # type: ignore[no-untyped-def]
    html = _html(login_as("trainer"))
    assert "No item is flagged" in html
    assert "Every page is reviewed" in html


def test_other_roles_do_not_get_the_work_cards(login_as) -> None:  # type: ignore[no-untyped-def]
    _studies(1, proposals=1)
    _flagged_exam(1)
    html = _html(login_as("learner"))
    assert (
        "analytics.work" not in html and "exams.flagged" not in html and "courses.content_review" not in html
    )


@pytest.mark.parametrize("role", ["learner", "trainer", "recruiter", "coach", "analyst", "admin"])
def test_each_personas_dashboard_runs_a_fixed_number_of_queries(
    role, login_as, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = login_as(role)
    _studies(1, proposals=1)
    _flagged_exam(1)
    product_page(title="Old page", review_by=timezone.localdate() - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as few:
        _html(client)
    _studies(12, proposals=6)
    for _ in range(4):
        _flagged_exam(3)
    for n in range(3):
        product_page(title=f"Draft {n}", publish=False)
    with django_assert_num_queries(len(few.captured_queries)):
        _html(client)
