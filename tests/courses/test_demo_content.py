"""The demo seeder fills the library, a 30-day path with 5 courses and ~25 lessons, and learners part-way through."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from accounts.demo import LEARNERS, demo_email
from accounts.models import User
from assessments.exams.models import Exam
from courses.blocks import missing_sections
from courses.models import (
    CoursePage,
    Enrollment,
    LearningPath,
    LearningPathStep,
    LessonPage,
    LessonProgress,
    ProductPage,
    SolutionPage,
)
from courses.selectors import onboarding_for

pytestmark = pytest.mark.django_db
CJK = re.compile("[\u4e00-\u9fff]")


def test_seed_demo_builds_a_filled_library_a_path_and_progress(roles) -> None:  # type: ignore[no-untyped-def]
    call_command("seed_demo", stdout=StringIO())
    english = {"locale__language_code": "en"}
    products = list(ProductPage.objects.live().filter(**english))
    solutions = list(SolutionPage.objects.live().filter(**english))
    assert len(products) == 3 and len(solutions) == 2
    zh = Locale.objects.get(language_code="zh-hans")
    for page in products + solutions:
        assert missing_sections(page.body) == []
        # English only on the original; the Chinese is its linked, live translation, every section filled.
        assert not CJK.search(page.title) and not CJK.search(page.body.render_as_block()), page.title
        chinese = page.get_translation(zh)
        assert chinese.live and CJK.search(chinese.title) and not re.search("[A-Za-z]{4}", chinese.title[-3:])
        assert missing_sections(chinese.body) == []
        assert CJK.search(chinese.body.render_as_block()), chinese.title
    assert any(p.needs_review for p in products)

    path = LearningPath.objects.get()
    course_steps = path.steps.filter(kind=LearningPathStep.Kind.COURSE)
    assert course_steps.count() == 5 and max(s.due_offset_days for s in path.steps.all()) == 30
    # The month ends with the certification exams; only the last, the capstone, waits for every earlier step.
    exam_steps = list(path.steps.filter(kind=LearningPathStep.Kind.EXAM))
    certifying = set(Exam.objects.filter(certifying=True, practice=False).values_list("pk", flat=True))
    assert exam_steps and {s.exam_id for s in exam_steps} == certifying
    ordered = sorted(exam_steps, key=lambda s: s.sort_order)
    assert ordered[-1].requires_earlier and not any(s.requires_earlier for s in ordered[:-1])
    assert CoursePage.objects.live().filter(**english).count() == 5
    assert 20 <= LessonPage.objects.live().filter(**english).count() <= 30
    for lesson in LessonPage.objects.live().filter(**english):
        assert not CJK.search(lesson.title) and lesson.get_translation(zh).live, lesson.title

    learners = User.objects.filter(
        email__in=[demo_email(f"{f}.{la}".lower()) for t in LEARNERS.values() for f, la in t]
    )
    assert learners.count() == 24
    assert Enrollment.objects.filter(path=path, user__in=learners).count() == 24
    statuses = [s for u in learners for s in onboarding_for(u)]
    percents = {s.percent for s in statuses}
    assert len(percents) >= 4  # learners at different points
    # Some are mid-path with an exam unlocked and not yet passed; some still have it locked.
    open_exam = [s for s in statuses if any(x.is_exam and not x.locked and not x.complete for x in s.steps)]
    assert open_exam and all(not s.complete for s in open_exam)
    assert any(x.is_exam and x.locked for s in statuses for x in s.steps)
    lucy = User.objects.get(email=demo_email("learner"))
    assert LessonProgress.objects.filter(user=lucy, completed_at__isnull=False).count() == 2


def test_seeding_courses_twice_changes_nothing(roles) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps
    from django.db import connection

    from accounts.demo import seed_accounts
    from courses.demo import seed_courses

    def counts() -> dict[str, int]:
        tables = set(connection.introspection.table_names())  # other apps may be mid-migration in a work tree
        return {
            m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.db_table in tables
        }

    seed_accounts()
    seed_courses()
    before = counts()
    seed_accounts()
    seed_courses()
    after = counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}
