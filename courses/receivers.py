"""Signal receivers: enrollment on joining a unit or role, material changes (exams connects its own receivers)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from accounts.signals import user_granted_role, user_joined_unit


@receiver(user_joined_unit, dispatch_uid="courses_enroll_on_joining_unit")
def _on_joined_unit(sender: Any, *, user: Any, org_unit: Any, **kwargs: Any) -> None:
    from .services import enroll_on_joining_unit

    enroll_on_joining_unit(user=user, org_unit=org_unit)


@receiver(user_granted_role, dispatch_uid="courses_enroll_on_role_grant")
def _on_granted_role(sender: Any, *, user: Any, role: str, **kwargs: Any) -> None:
    from .services import enroll_on_role_grant

    enroll_on_role_grant(user=user, role=role)


@receiver(page_published, dispatch_uid="courses_material_change")
def _on_page_published(sender: Any, *, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    from .models import ContentPage

    if not isinstance(instance, ContentPage) or revision is None or not instance.material_change:
        return
    from .services import content_version_record

    content_version_record(
        page=instance,
        revision=revision,
        summary=instance.material_change_summary or "",
        actor=revision.user,
    )


# --- stored progress (courses/progress.py) ----------------------------------------------------------------


@receiver(post_save, sender="courses.LessonProgress", dispatch_uid="courses_progress_on_lesson_saved")
def _on_lesson_progress_saved(
    sender: Any, *, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    # A lesson started, or SCORM data saved, changes nothing counted; a completion or a reset does.
    if created and instance.completed_at is None:
        return
    if update_fields is not None and "completed_at" not in update_fields:
        return
    from .progress import enrollments_progress_refresh

    enrollments_progress_refresh(user_ids=[instance.user_id])


@receiver(post_delete, sender="courses.LessonProgress", dispatch_uid="courses_progress_on_lesson_deleted")
def _on_lesson_progress_deleted(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    if instance.completed_at is not None:
        from .progress import enrollments_progress_refresh

        enrollments_progress_refresh(user_ids=[instance.user_id])


@receiver(post_save, sender="courses.Enrollment", dispatch_uid="courses_progress_on_enrollment_created")
def _on_enrollment_created(sender: Any, *, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and not getattr(instance, "_progress_refreshed_by_caller", False):
        from .progress import enrollments_progress_refresh

        enrollments_progress_refresh(path_ids=[instance.path_id], user_ids=[instance.user_id])


def _path_progress_queue(path_ids: list[int]) -> None:
    """A path's steps or its courses' lessons changed: every enrollment on it is recomputed, in a task."""
    from core.outbox import enqueue

    for path_id in path_ids:
        enqueue("courses.progress_refresh", args=[path_id], dedupe_key=f"courses.progress_refresh:{path_id}")


@receiver(post_save, sender="courses.LearningPathStep", dispatch_uid="courses_progress_on_step_saved")
@receiver(post_delete, sender="courses.LearningPathStep", dispatch_uid="courses_progress_on_step_deleted")
def _on_path_step_changed(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    _path_progress_queue([instance.path_id])


def _lesson_tree_changed(lesson: Any) -> None:
    from .models import LessonPage
    from .progress import paths_with_courses

    if not isinstance(lesson, LessonPage) or lesson.depth <= 1:
        return
    # By the parent's tree path, not get_parent(): on post_delete the course may be going too.
    parent = Page.objects.filter(path=lesson.path[: -Page.steplen]).values_list("pk", flat=True)
    _path_progress_queue(paths_with_courses(parent))


@receiver(page_published, dispatch_uid="courses_progress_on_lesson_published")
@receiver(page_unpublished, dispatch_uid="courses_progress_on_lesson_unpublished")
@receiver(post_delete, sender="courses.LessonPage", dispatch_uid="courses_progress_on_lesson_deleted")
def _on_lesson_live_changed(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    _lesson_tree_changed(instance)


@receiver(post_page_move, dispatch_uid="courses_progress_on_lesson_moved")
def _on_lesson_moved(sender: Any, *, instance: Any, parent_page_before: Any, **kwargs: Any) -> None:
    from .models import LessonPage
    from .progress import paths_with_courses

    if isinstance(instance.specific_deferred, LessonPage):
        _path_progress_queue(paths_with_courses([parent_page_before.pk, instance.get_parent().pk]))
