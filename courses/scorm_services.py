"""SCORM 1.2 runtime data: who may play a lesson's package, what it starts from, and saving what it commits."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import user_roles

from .models import Enrollment, LearningPathStep, LessonPage, LessonProgress, ScormPackage
from .scorm import DONE_STATUSES, KEPT, runtime_values_check, timespan_format, timespan_seconds
from .services import lesson_complete

if TYPE_CHECKING:
    from accounts.models import User

STAFF_ROLES = frozenset({Role.TRAINER, Role.ADMIN})


def lesson_scorm_package(lesson: LessonPage) -> ScormPackage | None:
    for child in lesson.body or []:
        if child.block_type == "scorm" and child.value is not None:
            package: ScormPackage = child.value
            return package
    return None


def scorm_may_play(*, user: User, lesson: LessonPage) -> bool:
    """Trainers and admins always; a learner when one of their active paths includes the lesson's course."""
    if user_roles(user) & STAFF_ROLES:
        return True
    course_id = lesson.get_parent().pk if lesson.depth > 1 else None
    paths = Enrollment.objects.filter(user=user, path__is_active=True).values("path_id")
    return LearningPathStep.objects.filter(path_id__in=paths, course_id=course_id).exists()


def scorm_start_values(*, user: User, progress: LessonProgress) -> dict[str, str]:
    kept: dict[str, Any] = progress.scorm_cmi or {}
    values = {key: str(kept.get(key, "")) for key in KEPT}
    values["cmi.core.lesson_status"] = kept.get("cmi.core.lesson_status") or "not attempted"
    values |= {
        "cmi.core.student_id": str(user.pk),
        "cmi.core.student_name": ", ".join(p for p in (user.last_name, user.first_name) if p) or user.email,
        "cmi.core.credit": "credit",
        "cmi.core.entry": "resume" if kept.get("cmi.core.exit") == "suspend" else "ab-initio",
        "cmi.core.total_time": kept.get("cmi.core.total_time") or "0000:00:00",
        "cmi.core.lesson_mode": "normal",
        "cmi.launch_data": "",
    }
    return values


@transaction.atomic
def scorm_data_save(
    *, user: User, lesson: LessonPage, values: Any, now: dt.datetime | None = None
) -> LessonProgress:
    """Validate a commit (courses.scorm.ScormDataError names the element) and keep it on the learner's progress;
    a passed or completed status completes the lesson."""
    checked = runtime_values_check(values)
    now = now or timezone.now()
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"started_at": now}
    )
    kept = dict(progress.scorm_cmi or {})
    kept |= {key: value for key, value in checked.items() if key in KEPT}
    if "cmi.core.exit" in checked:
        kept["cmi.core.exit"] = checked["cmi.core.exit"]
    if "cmi.core.session_time" in checked:
        total = timespan_seconds(kept.get("cmi.core.total_time") or "0000:00:00")
        kept["cmi.core.total_time"] = timespan_format(
            total + timespan_seconds(checked["cmi.core.session_time"])
        )
    progress.scorm_cmi = kept
    progress.save(update_fields=["scorm_cmi"])
    if kept.get("cmi.core.lesson_status") in DONE_STATUSES and progress.completed_at is None:
        progress = lesson_complete(user=user, lesson=lesson, now=now)
    return progress
