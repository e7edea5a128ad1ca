"""Receivers that keep the onboarding summary (analytics.Completion) current: each marks the people whose figures
an event may change (analytics.completion.completion_touch: no query until the change commits), or, for a
change of the plan, queues the sweep that recounts every row counted against the old one."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from assessments.exams.signals import attempt_submitted

from .completion import completion_plan_changed, completion_touch


def _saved(update_fields: Any, *fields: str) -> bool:
    """The save may have written one of these fields (a save naming other fields did not)."""
    return update_fields is None or bool(set(update_fields) & set(fields))


# --- people's own work ----------------------------------------------------------------------------


@receiver(post_save, sender="courses.LessonProgress", dispatch_uid="analytics_completion_lesson_saved")
def _lesson_saved(
    sender: Any, *, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    # A lesson started is not done; a save of the SCORM data or the time spent leaves "done" as it was.
    if (created and instance.completed_at is None) or not _saved(
        update_fields, "completed_at", "lesson", "user"
    ):
        return
    completion_touch([instance.user_id])


@receiver(post_delete, sender="courses.LessonProgress", dispatch_uid="analytics_completion_lesson_deleted")
def _lesson_deleted(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    if instance.completed_at is not None:
        completion_touch([instance.user_id])


@receiver(post_save, sender="courses.Enrollment", dispatch_uid="analytics_completion_enrollment_saved")
def _enrollment_saved(
    sender: Any, *, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if created or _saved(update_fields, "path", "user"):
        completion_touch([instance.user_id])


@receiver(post_delete, sender="courses.Enrollment", dispatch_uid="analytics_completion_enrollment_deleted")
def _enrollment_deleted(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    completion_touch([instance.user_id])


@receiver(post_save, sender="exams.Certification", dispatch_uid="analytics_completion_certification_saved")
def _certification_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    # Issued by a submit: the submit's follow-up task sends attempt_submitted, whose receiver below marks the
    # holder (so the submit itself publishes no task of ours: its one task is the follow-ups).
    if getattr(instance, "_after_submit", False):
        return
    completion_touch([instance.user_id])


@receiver(
    post_delete, sender="exams.Certification", dispatch_uid="analytics_completion_certification_deleted"
)
def _certification_deleted(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    completion_touch([instance.user_id])


def _certifying(attempt: Any) -> bool:
    """The attempt's exam counts by certificate (its certification's own receivers cover it); only known when
    the exam is loaded already, so that a save reads nothing more."""
    from assessments.exams.models import Attempt

    if not Attempt.exam.is_cached(attempt):  # type: ignore[attr-defined]
        return False
    return bool(attempt.exam.certifying and not attempt.exam.practice)


@receiver(post_save, sender="exams.Attempt", dispatch_uid="analytics_completion_attempt_saved")
def _attempt_saved(
    sender: Any, *, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    # A regrade, an override or a manual mark may flip "passed"; an attempt started or answered changes nothing.
    if _certifying(instance):
        return
    if created and not instance.passed:
        return
    if _saved(update_fields, "passed", "submitted_at", "exam", "user"):
        completion_touch([instance.user_id])


@receiver(post_delete, sender="exams.Attempt", dispatch_uid="analytics_completion_attempt_deleted")
def _attempt_deleted(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    if instance.passed:
        completion_touch([instance.user_id])


@receiver(attempt_submitted, dispatch_uid="analytics_completion_after_submit")
def _attempt_submitted(sender: Any, *, attempt: Any, **kwargs: Any) -> None:
    # A pass counts (a plain exam's attempt, or the certificate a certifying exam issued with it).
    if attempt.passed:
        completion_touch([attempt.user_id])


# --- the plan: active paths, their steps, the lessons of their courses, which exams certify ---------------


@receiver(post_save, sender="courses.LearningPath", dispatch_uid="analytics_completion_path_saved")
@receiver(post_delete, sender="courses.LearningPath", dispatch_uid="analytics_completion_path_deleted")
@receiver(post_save, sender="courses.LearningPathStep", dispatch_uid="analytics_completion_step_saved")
@receiver(post_delete, sender="courses.LearningPathStep", dispatch_uid="analytics_completion_step_deleted")
def _path_changed(sender: Any, **kwargs: Any) -> None:
    completion_plan_changed()


@receiver(post_save, sender="exams.Exam", dispatch_uid="analytics_completion_exam_saved")
def _exam_saved(sender: Any, *, update_fields: Any = None, **kwargs: Any) -> None:
    if _saved(update_fields, "certifying", "practice"):
        completion_plan_changed()


def _course_content(page_class: Any) -> bool:
    from courses.models import CoursePage, LessonPage

    return isinstance(page_class, type) and issubclass(page_class, LessonPage | CoursePage)


@receiver(page_published, dispatch_uid="analytics_completion_page_published")
@receiver(page_unpublished, dispatch_uid="analytics_completion_page_unpublished")
@receiver(post_page_move, dispatch_uid="analytics_completion_page_moved")
def _page_changed(sender: Any, **kwargs: Any) -> None:
    # Wagtail sends these with the page's specific class as the sender.
    if _course_content(sender):
        completion_plan_changed()


@receiver(post_delete, sender="courses.LessonPage", dispatch_uid="analytics_completion_lesson_page_deleted")
@receiver(post_delete, sender="courses.CoursePage", dispatch_uid="analytics_completion_course_page_deleted")
def _page_deleted(sender: Any, **kwargs: Any) -> None:
    completion_plan_changed()
