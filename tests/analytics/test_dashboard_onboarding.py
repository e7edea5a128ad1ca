"""Funnel stage "onboarding complete" and readiness path progress come from the courses bulk completion selector."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from accounts.models import Membership
from courses.models import Enrollment, LearningPath, LessonProgress
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.analytics import make_history
from tests.factories.courses import course, learning_path

pytestmark = pytest.mark.django_db


def _path() -> LearningPath:
    existing = LearningPath.objects.filter(name="Dashboard onboarding").first()
    if existing:
        return existing
    return learning_path(name="Dashboard onboarding", courses=[(course(title="Basics", lessons=2), 7)])


def onboard(candidates_or_users, *, finished: int, half: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Enrol everyone on a two-lesson path; the first `finished` do both lessons, the next `half` do one."""
    path = _path()
    users = [getattr(x, "user", x) for x in candidates_or_users]
    Enrollment.objects.bulk_create(
        [Enrollment(path=path, user=u, start_date=dt.date(2026, 1, 5)) for u in users]
    )
    lessons = list(path.steps.first().course.get_children().specific().order_by("path"))  # type: ignore[union-attr]
    rows = []
    for i, user in enumerate(users):
        count = 2 if i < finished else 1 if i < finished + half else 0
        rows += [
            LessonProgress(user=user, lesson=lesson, completed_at=timezone.now())
            for lesson in lessons[:count]
        ]
    LessonProgress.objects.bulk_create(rows)


def _rows(client, export: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    response = client.get(f"/analytics/dashboards/?export={export}")
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_funnel_counts_hires_who_finished_every_lesson(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=5, others=3, months=0, signal=False)
    onboard(history.hires, finished=2, half=2)

    rows = _rows(login_as("analyst"), "funnel")

    row = next(r for r in rows if r["requisition"] == history.requisition.title)
    assert (row["hired"], row["onboarded"]) == ("5", "2")
    assert float(row["onboarded_rate"]) == pytest.approx(2 / 5)
    assert list(rows[0])[:8] == [
        "requisition",
        "team",
        "cohort",
        "candidates",
        "hired",
        "onboarded",
        "certified",
        "ramped",
    ]


def test_readiness_shows_path_progress_and_onboarding_per_team(login_as) -> None:  # type: ignore[no-untyped-def]
    team = TeamFactory(name="Progress Team")
    people = [UserFactory() for _ in range(4)]
    Membership.objects.bulk_create([Membership(user=p, org_unit=team) for p in people])
    onboard(people[:3], finished=1, half=1)  # lessons: 2 + 1 + 0 of 6; the fourth has no path

    client = login_as("analyst")
    row = next(r for r in _rows(client, "readiness") if r["team"] == "Progress Team")

    assert (row["members"], row["path_progress"], row["onboarded"]) == ("4", str(100 * 3 // 6), "1")
    html = client.get("/analytics/dashboards/").content.decode()
    assert "Path progress" in html and "50 %" in html


def test_dashboard_charts_are_script_free_svgs(login_as) -> None:  # type: ignore[no-untyped-def]
    history = make_history(hires=3, others=1, months=0, signal=False)
    team = TeamFactory(name="Chart Team")
    Membership.objects.bulk_create([Membership(user=c.user, org_unit=team) for c in history.hires])
    onboard(history.hires, finished=1)

    html = login_as("analyst").get("/analytics/dashboards/").content.decode()

    # funnel, readiness; no item analysis to draw
    assert html.count('<div class="analytics-chart-box"><svg') == 2
    assert "Onboarding complete" in html and "Readiness by team" in html


def test_exam_health_has_a_chart_of_flagged_items(login_as) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.models import ItemAnalysisResult
    from tests.factories.exams import ExamFactory

    exam = ExamFactory(title="Chart exam")
    ItemAnalysisResult.objects.create(
        exam=exam,
        computed_at=timezone.now(),
        attempts_count=30,
        payload={"items": [{"flags": ["low discrimination"]}, {"flags": []}, {}]},
    )

    html = login_as("analyst").get("/analytics/dashboards/").content.decode()

    section = html.split('id="exam-health"')[1]
    assert '<div class="analytics-chart-box"><svg' in section
    assert "Items flagged by item analysis" in section and "Chart exam" in section
