"""The demo history's hires went through onboarding too: enrolment, lessons done and certifications, bulk-built.

Without it the dashboards' funnel showed about 400 hires and nobody onboarded, certified or ramped, which no
reader believes beside a study of those same people's quota. Most hires finish the 30-day path within their first
month and hold every certification of it; those whose certificate would have run out since were recertified
(the old one superseded); a few never finish, and leavers are not recertified after they left.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import numpy as np

FINISH_SHARE = 0.9  # of those who stayed; leavers finish less often
LEAVER_FINISH_SHARE = 0.6
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def onboarding_plan() -> tuple[Any, list[Any], list[Any]] | None:
    """The 30-day path, its lessons in order and its certifying exams (three queries), or None without one."""
    from courses.demo import PATH_NAME
    from courses.models import LearningPath, LearningPathStep, LessonPage

    path = LearningPath.objects.filter(name_en=PATH_NAME).first()
    if path is None:
        return None
    steps = list(path.steps.select_related("course", "exam").order_by("sort_order", "pk"))
    lessons = [
        lesson
        for step in steps
        if step.course_id
        for lesson in LessonPage.objects.child_of(step.course).live().order_by("path")
    ]
    exams = [s.exam for s in steps if s.kind == LearningPathStep.Kind.EXAM and s.exam_id]
    exams = [e for e in exams if e.certifying and not e.practice]
    return path, lessons, exams


def seed_onboarding(
    *, users: list[Any], plan: tuple[Any, list[Any], list[Any]], today: dt.date, rng: np.random.Generator
) -> None:
    """Enrolments, lesson progress and certifications for hires who joined before today (bulk inserts)."""
    from assessments.exams.models import Certification
    from assessments.exams.services import add_months
    from courses.models import Enrollment, LessonProgress

    path, lessons, exams = plan
    enrollments, progress, certificates = [], [], []
    for user in users:
        start = user.start_date
        if start is None or start >= today:
            continue
        enrollments.append(Enrollment(path=path, user=user, start_date=start, enrolled_at=_at(start, 9)))
        left = user.deactivated_on
        finishes = rng.random() < (LEAVER_FINISH_SHARE if left else FINISH_SHARE)
        days = int(rng.integers(18, 31))  # how long the path took them
        done = len(lessons) if finishes else int(rng.integers(len(lessons) // 3, len(lessons)))
        for index, lesson in enumerate(lessons[:done]):
            finished = _at(start + dt.timedelta(days=index * days // max(1, len(lessons))))
            progress.append(
                LessonProgress(
                    user=user,
                    lesson=lesson,
                    started_at=finished - dt.timedelta(minutes=lesson.estimated_minutes),
                    completed_at=finished,
                    seconds_spent=lesson.estimated_minutes * 60,
                )
            )
        if not finishes:
            continue
        # Anything running out by the end of today was renewed: a certificate left "valid" until 15:00 today would
        # have lapsed by the evening (the demo showing it, and its test failing, after that hour).
        now = _at(today + dt.timedelta(days=1), 0)
        for exam in exams:
            issued = _at(start + dt.timedelta(days=days - int(rng.integers(0, 5))), 15)
            expires = add_months(issued, exam.validity_months or 12)
            # Recertified a little before each expiry while still employed; a leaver's last one just runs out.
            while expires <= now and (left is None or expires.date() <= left):
                certificates.append(
                    Certification(
                        user=user,
                        exam=exam,
                        code=_code(),
                        issued_at=issued,
                        expires_at=expires,
                        status=Certification.Status.SUPERSEDED,
                    )
                )
                issued = expires - dt.timedelta(days=int(rng.integers(5, 25)))
                expires = add_months(issued, exam.validity_months or 12)
            certificates.append(
                Certification(user=user, exam=exam, code=_code(), issued_at=issued, expires_at=expires)
            )
    Enrollment.objects.bulk_create(enrollments, batch_size=1000)
    LessonProgress.objects.bulk_create(progress, batch_size=1000)
    Certification.objects.bulk_create(certificates, batch_size=1000)
