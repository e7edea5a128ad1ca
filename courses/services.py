"""Writes for courses: library setup, path assignment and enrollment, lesson progress, change events, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Revision,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.models import OrgUnit, User
from accounts.roles import Role
from accounts.selectors import team_members
from core.notifications import in_language_of, notify
from core.webhooks import webhook_emit

from .blocks import SECTIONS
from .exam_steps import exam_backend
from .models import (
    ContentChangeNotice,
    ContentVersionEvent,
    CourseIndexPage,
    Enrollment,
    LearningPath,
    LessonPage,
    LessonProgress,
    LibraryIndexPage,
    ManagerDigest,
    PathAssignment,
    RecertificationStep,
    ReviewReminder,
    StepReminder,
)
from .progress import enrollments_progress_refresh

# Trainers write and submit; the enablement lead (analyst) and admins publish.
PAGE_PERMISSIONS = {
    Role.TRAINER: ["add_page", "change_page"],
    Role.ANALYST: ["add_page", "change_page", "publish_page"],
    Role.ADMIN: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}
WORKFLOW_NAME = "Enablement review"
TASK_NAME = "Enablement lead approval"
# Time between opening a lesson and completing it counts only up to this, so a tab left open overnight doesn't.
MAX_LESSON_SECONDS = 2 * 60 * 60


def recipient_language(user: User | None) -> str:
    """The language an email to this person goes out in: their preferred language, else the site default."""
    wanted = getattr(user, "language", "") or ""
    return wanted if wanted in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _send(*, to: User, template: str, context: dict[str, Any], event_key: str, link: str = "") -> None:
    # Rendered now in the reader's language (the worker has no template context); delivered after commit.
    with in_language_of(to):
        subject = render_to_string(f"courses/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"courses/email/{template}_body.txt", context)
    notify(recipient=to, kind=f"courses.{template}", event_key=event_key, title=subject, body=body, link=link)


# The titles of the index pages in each content language other than the default.
INDEX_TITLES = {"zh-hans": {"home": "首页", "library": "产品资料库", "courses": "课程"}}


@transaction.atomic
def page_translation_publish(*, page: Page, locale: Locale, fields: dict[str, Any] | None = None) -> Page:
    """The page's translation in `locale`, created (with any missing parents) as Wagtail's simple translation
    does, given `fields` and published. An existing translation is returned unchanged."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in (fields or {}).items():
        setattr(translation, name, value)
    translation.save()
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation.specific


def content_locales() -> list[Locale]:
    """The locales content is kept in besides the default, created when missing."""
    default = Locale.get_default()
    locales = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code != default.language_code:
            locales.append(Locale.objects.get_or_create(language_code=code)[0])
    return locales


@transaction.atomic
def library_setup() -> tuple[LibraryIndexPage, CourseIndexPage] | None:
    """Make sure the library and course index pages (in every content language), their permissions and review
    workflow exist."""
    from home.models import HomePage

    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return None  # a flushed database (transactional tests) has no locale and no home page to build under
    home = HomePage.objects.filter(locale=default).order_by("depth", "path").first()
    if home is None:
        return None
    library = LibraryIndexPage.objects.filter(locale=default).first()
    if library is None:
        library = LibraryIndexPage(title="Product library", slug="library")
        home.add_child(instance=library)
    course_index = CourseIndexPage.objects.filter(locale=default).first()
    if course_index is None:
        course_index = CourseIndexPage(title="Courses", slug="courses")
        home.add_child(instance=course_index)
    roots: list[Page] = [library, course_index]
    for locale in content_locales():
        titles = INDEX_TITLES.get(locale.language_code, {})
        # The translated home must be live too: Wagtail routes a language's tree only from a live root.
        page_translation_publish(page=home, locale=locale, fields={"title": titles.get("home", home.title)})
        for page, key in ((library, "library"), (course_index, "courses")):
            translated = page_translation_publish(
                page=page, locale=locale, fields={"title": titles.get(key, page.title)}
            )
            roots.append(translated)

    perms = {p.codename: p for p in Permission.objects.filter(content_type__app_label="wagtailcore")}
    for role, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for root in roots:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perms[codename])

    # Simple translation's "Translate" action in the page menu; the copy then goes through the same workflow.
    submit = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    ).first()
    if submit is not None:
        for role in PAGE_PERMISSIONS:
            Group.objects.get(name=role).permissions.add(submit)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set(Group.objects.filter(name__in=[Role.ANALYST, Role.ADMIN]))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for root in roots:
        WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    return library, course_index


# --- paths ----------------------------------------------------------------------------------------


@transaction.atomic
def learning_path_assign(
    *, path: LearningPath, users: Iterable[User], start: dt.date | None = None
) -> list[Enrollment]:
    """Enroll people in a path (hiring calls this on hire). Start: given, else the user's start date, else today.

    Someone already enrolled keeps their enrollment and start date.
    """
    today = timezone.localdate()
    users = list(users)
    existing = {e.user_id: e for e in Enrollment.objects.filter(path=path, user__in=users)}
    result = []
    created = []
    for user in users:
        enrollment = existing.get(user.pk)
        if enrollment is None:
            enrollment = Enrollment(path=path, user=user, start_date=start or user.start_date or today)
            enrollment._progress_refreshed_by_caller = True  # type: ignore[attr-defined]
            enrollment.save(force_insert=True)
            existing[user.pk] = enrollment
            created.append(user.pk)
        result.append(enrollment)
    if created:
        # The new rows' stored progress in one UPDATE (they may have done lessons or hold certificates already).
        enrollments_progress_refresh(path_ids=[path.pk], user_ids=created)
    return result


@transaction.atomic
def path_assignment_create(
    *, path: LearningPath, user: User | None = None, org_unit: OrgUnit | None = None, role: str = ""
) -> PathAssignment:
    """Assign a path to a person, a team or a role; everyone who fits now is enrolled, later joiners on joining."""
    if role:
        Role(role)
    assignment = PathAssignment.objects.create(path=path, user=user, org_unit=org_unit, role=role)
    if user is not None:
        people: Iterable[User] = [user]
    elif org_unit is not None:
        people = User.objects.filter(memberships__org_unit=org_unit, is_active=True)
    else:
        people = User.objects.filter(groups__name=role, is_active=True)
    learning_path_assign(path=path, users=people)
    return assignment


@transaction.atomic
def path_assignments_apply(*, path: LearningPath) -> list[Enrollment]:
    """Enroll everyone the path's assignments cover now (after a trainer edits them in admin)."""
    if not path.is_active:
        return []
    rules = list(path.assignments.all())
    condition = Q(pk__in=[r.user_id for r in rules if r.user_id])
    condition |= Q(memberships__org_unit_id__in=[r.org_unit_id for r in rules if r.org_unit_id])
    condition |= Q(groups__name__in=[r.role for r in rules if r.role])
    people = User.objects.filter(condition, is_active=True).distinct()
    return learning_path_assign(path=path, users=people)


def enroll_on_joining_unit(*, user: User, org_unit: OrgUnit) -> list[Enrollment]:
    paths = LearningPath.objects.filter(is_active=True, assignments__org_unit=org_unit).distinct()
    return [e for path in paths for e in learning_path_assign(path=path, users=[user])]


def enroll_on_role_grant(*, user: User, role: str) -> list[Enrollment]:
    paths = LearningPath.objects.filter(is_active=True, assignments__role=role).distinct()
    return [e for path in paths for e in learning_path_assign(path=path, users=[user])]


# --- progress -------------------------------------------------------------------------------------


def lesson_start(*, user: User, lesson: LessonPage) -> LessonProgress:
    progress, _ = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    return progress


@transaction.atomic
def lesson_complete(*, user: User, lesson: LessonPage, now: dt.datetime | None = None) -> LessonProgress:
    now = now or timezone.now()
    progress, _ = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"started_at": now}
    )
    if progress.completed_at is None:
        elapsed = int((now - progress.started_at).total_seconds())
        progress.seconds_spent += max(0, min(elapsed, MAX_LESSON_SECONDS))
        progress.completed_at = now
        progress.save(update_fields=["completed_at", "seconds_spent"])
        path_completed_announce(user=user, finished_at=now)
    return progress


def path_completed_announce(*, user: User, finished_at: dt.datetime) -> None:
    """Emit `path.completed` when the step finished at `finished_at` (a lesson, an exam pass) was the last
    outstanding one of the learner's onboarding; an earlier completion's time differs, so nothing repeats."""
    from .selectors import path_completion_by_user

    completion = path_completion_by_user([user.pk])[user.pk]
    if completion.complete and completion.completed_at == finished_at:
        paths = Enrollment.objects.filter(user=user, path__is_active=True).values_list("path_id", flat=True)
        webhook_emit(
            event="path.completed",
            data={
                "user_id": user.pk,
                "email": user.email,
                "path_ids": sorted(paths),
                "completed_at": finished_at,
            },
        )


# --- material change ------------------------------------------------------------------------------


@transaction.atomic
def content_version_record(
    *, page: Page, revision: Revision, summary: str, actor: User | None
) -> ContentVersionEvent | None:
    """Record a material change once per revision and tell each dependent's owner once.

    Only the sections this revision changed count: a lesson or question linked to an untouched section is not
    in doubt; one linked to the whole page always is.
    """
    from .section_links import sections_changed
    from .selectors import content_dependents
    from .signals import material_change_recorded

    if ContentVersionEvent.objects.filter(revision=revision).exists():
        return None
    sections = sections_changed(page=page, revision=revision)
    dependents = content_dependents(page, sections=sections)
    event = ContentVersionEvent.objects.create(
        page=page,
        revision=revision,
        summary=summary,
        sections=sections,
        actor=actor if actor is not None and actor.pk else None,
        dependents=[
            {"kind": d.kind, "id": d.id, "title": d.title, "owner_id": d.owner_id, "url": d.url}
            for d in dependents
        ],
    )
    material_change_recorded.send(sender=ContentVersionEvent, event=event, page=page, actor=event.actor)
    # Lazy labels: each email renders them in its reader's language.
    labels = [block.meta.label for name, block in SECTIONS if name in sections]
    owner_ids = {d.owner_id for d in dependents if d.owner_id}
    owners = User.objects.filter(pk__in=owner_ids, is_active=True)
    for owner in owners:
        notice, created = ContentChangeNotice.objects.get_or_create(event=event, recipient=owner)
        if created:
            mine = [d for d in dependents if d.owner_id == owner.pk]
            context = {
                "owner": owner,
                "page": page,
                "summary": summary,
                "dependents": mine,
                "sections": labels,
            }
            _send(
                to=owner,
                template="material_change",
                context=context,
                event_key=f"courses.material_change:{notice.pk}",
                link=page.url or "",
            )
    return event


# --- reminders ------------------------------------------------------------------------------------


def step_reminders_send(*, today: dt.date | None = None) -> int:
    """Email each learner about steps due within 3 days and steps overdue, recertifications included;
    once per step and kind, one email per learner and path (recertifications with their path, else alone)."""
    from .selectors import path_statuses

    today = today or timezone.localdate()
    enrollments = list(
        Enrollment.objects.filter(path__is_active=True, user__is_active=True).select_related("path", "user")
    )
    done: dict[int, set[int]] = {}
    for user_id, lesson_id in LessonProgress.objects.filter(
        user_id__in={e.user_id for e in enrollments}, completed_at__isnull=False
    ).values_list("user_id", "lesson_id"):
        done.setdefault(user_id, set()).add(lesson_id)
    sent_keys = set(
        StepReminder.objects.filter(enrollment__in=enrollments).values_list(
            "enrollment_id", "step_id", "kind"
        )
    )
    statuses = path_statuses(enrollments, done, today, recertifications=True) if enrollments else []
    shown = {r.pk for status in statuses for r in status.recertifications}
    sent = 0
    for status in statuses:
        due_soon: list[Any] = []
        overdue: list[Any] = []
        first_reminder: int | None = None
        for step in status.steps:
            kind = (
                StepReminder.Kind.OVERDUE
                if step.overdue
                else StepReminder.Kind.DUE_SOON
                if step.due_soon
                else None
            )
            if kind is None or (status.enrollment.pk, step.step.pk, kind) in sent_keys:
                continue
            with transaction.atomic():
                reminder, created = StepReminder.objects.get_or_create(
                    enrollment=status.enrollment, step=step.step, kind=kind, defaults={"sent_on": today}
                )
            if created:
                first_reminder = first_reminder or reminder.pk
                (overdue if kind == StepReminder.Kind.OVERDUE else due_soon).append(step)
        recerts = _recertifications_to_remind(status.recertifications, today)
        if due_soon or overdue or recerts:
            sent += _step_reminder_send(
                user=status.enrollment.user,
                path=status.path,
                due_soon=due_soon,
                overdue=overdue,
                recertifications=recerts,
                today=today,
                # Each reminder row is created once, so the batch's first row names this email for good.
                event_key=f"courses.step_reminder:{first_reminder}"
                if first_reminder
                else f"courses.recert_reminder:{'-'.join(str(r.pk) for r in recerts)}:{today.isoformat()}",
            )
    # Recertifications of people with no active path: reminded on their own.
    alone: dict[int, list[RecertificationStep]] = {}
    for recert in (
        RecertificationStep.objects.filter(closed_at__isnull=True, user__is_active=True)
        .exclude(pk__in=shown)
        .select_related("exam", "user")
    ):
        alone.setdefault(recert.user_id, []).append(recert)
    for recerts in alone.values():
        due = _recertifications_to_remind(recerts, today)
        if due:
            sent += _step_reminder_send(
                user=recerts[0].user,
                path=None,
                due_soon=[],
                overdue=[],
                recertifications=due,
                today=today,
                event_key=f"courses.recert_reminder:{'-'.join(str(r.pk) for r in due)}:{today.isoformat()}",
            )
    return sent


def _recertifications_to_remind(recerts: Iterable[RecertificationStep], today: dt.date) -> list[Any]:
    """Claim the reminder of each open recertification that is due soon or overdue and not yet reminded of it."""
    result = []
    for recert in recerts:
        if recert.overdue_on(today):
            field = "overdue_sent_on"
        elif recert.due_soon_on(today):
            field = "due_soon_sent_on"
        else:
            continue
        # The conditional update is the claim: two concurrent runs cannot both send.
        claimed = RecertificationStep.objects.filter(pk=recert.pk, **{f"{field}__isnull": True}).update(
            **{field: today}
        )
        if claimed:
            result.append(recert)
    return result


def _step_reminder_send(
    *,
    user: User,
    path: LearningPath | None,
    due_soon: list[Any],
    overdue: list[Any],
    recertifications: list[Any],
    today: dt.date,
    event_key: str,
) -> int:
    _send(
        to=user,
        template="step_reminder",
        event_key=event_key,
        link=reverse("courses:my_onboarding"),
        context={
            "user": user,
            "path": path,
            "due_soon": due_soon,
            "overdue": overdue,
            "recertifications": recertifications,
            "today": today,
        },
    )
    return 1


# --- recertification steps ------------------------------------------------------------------------

# A recertification after a material change is due this many days later (an expiring one: by its expiry).
RECERT_DUE_DAYS = 30


@transaction.atomic
def recertification_step_open(
    *, certification: Any, now: dt.datetime | None = None, notify: bool = False
) -> RecertificationStep:
    """Put a recertification step on the holder's path for a certificate that became "recertification due".

    Idempotent: an open step for the same learner and exam is kept (its due date never moves later).
    `notify` emails the learner; the material-change path leaves it off because the exam service already
    announces that recertification (one email per change, not two).
    """
    from accounts.services import audit_record

    now = now or timezone.now()
    today = timezone.localdate(now)
    due = today + dt.timedelta(days=RECERT_DUE_DAYS)
    if certification.expires_at is not None:
        due = min(due, max(today, timezone.localdate(certification.expires_at)))
    existing = (
        RecertificationStep.objects.select_for_update()
        .filter(user_id=certification.user_id, exam_id=certification.exam_id, closed_at__isnull=True)
        .first()
    )
    if existing is not None:
        if due < existing.due_date:
            existing.due_date = due
            existing.save(update_fields=["due_date"])
        return existing
    enrollments = list(
        Enrollment.objects.filter(user_id=certification.user_id, path__is_active=True).order_by("enrolled_at")
    )
    on_path = Enrollment.objects.filter(
        pk__in=[e.pk for e in enrollments], path__steps__exam_id=certification.exam_id
    ).first()
    step = RecertificationStep.objects.create(
        user_id=certification.user_id,
        exam_id=certification.exam_id,
        certification=certification,
        enrollment=on_path or (enrollments[0] if enrollments else None),
        reason=(certification.recert_reason or "")[:2000],
        due_date=due,
        created_at=now,
    )
    audit_record(
        actor=None,
        verb="recertification_step.open",
        obj=step,
        after={"user": step.user_id, "exam": step.exam_id, "due": str(due)},
        note=step.reason,
    )
    if notify:
        _recertification_assigned_notify(step=step, exam=certification.exam)
    return step


def _recertification_assigned_notify(*, step: RecertificationStep, exam: Any) -> None:
    user = User.objects.filter(pk=step.user_id, is_active=True).first()
    if user is not None and user.email:
        _send(
            to=user,
            template="recertification_assigned",
            context={"user": user, "step": step, "exam": exam},
            event_key=f"courses.recertification_assigned:{step.pk}",
            link=reverse("courses:my_onboarding"),
        )


@transaction.atomic
def recertifications_expiry_sweep(*, now: dt.datetime | None = None) -> list[RecertificationStep]:
    """Daily: certificates entering the expiry window become due, and each holder is told of the step."""
    certifications_enter_recert_window = exam_backend().certifications_enter_recert_window

    now = now or timezone.now()
    steps = []
    for certification in certifications_enter_recert_window(now=now):
        # The post_save receiver has opened the step already; this finds it and announces it.
        step = recertification_step_open(certification=certification, now=now)
        _recertification_assigned_notify(step=step, exam=certification.exam)
        steps.append(step)
    return steps


@transaction.atomic
def recertification_steps_close(*, certification: Any, now: dt.datetime | None = None) -> int:
    """A new certificate from the exam closes the holder's open recertification step for it."""
    from accounts.services import audit_record

    now = now or timezone.now()
    steps = list(
        RecertificationStep.objects.select_for_update().filter(
            user_id=certification.user_id, exam_id=certification.exam_id, closed_at__isnull=True
        )
    )
    for step in steps:
        step.closed_at = now
        step.closed_by = certification
        step.save(update_fields=["closed_at", "closed_by"])
        audit_record(
            actor=None,
            verb="recertification_step.close",
            obj=step,
            after={"certification": certification.pk},
        )
    return len(steps)


def manager_digests_send(*, today: dt.date | None = None) -> int:
    """Once per ISO week, tell each team manager how their people stand on their paths."""
    from .team_table import team_progress

    today = today or timezone.localdate()
    week = today - dt.timedelta(days=today.weekday())
    managers = User.objects.filter(
        Q(managed_units__isnull=False) | Q(managed_units__children__isnull=False), is_active=True
    ).distinct()
    sent = 0
    for manager in managers:
        if ManagerDigest.objects.filter(manager=manager, week=week).exists():
            continue
        tables = []
        # The digest is about the teams one runs, not everything one may see (an admin manager gets theirs).
        people = team_members(manager=manager)
        first = team_progress(people=people, today=today)
        for path in first.paths:
            table = (
                first if first.path == path else team_progress(people=people, path_id=path.pk, today=today)
            )
            tables.append(table)
        if not any(t.rows for t in tables):
            continue
        with transaction.atomic():
            _, created = ManagerDigest.objects.get_or_create(
                manager=manager, week=week, defaults={"sent_on": today}
            )
        if created:
            _send(
                to=manager,
                template="manager_digest",
                context={"manager": manager, "tables": tables},
                event_key=f"courses.manager_digest:{manager.pk}:{week.isoformat()}",
                link=reverse("courses:team"),
            )
            sent += 1
    return sent


def review_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each owner once per page per review-by date that the page is past it."""
    from .selectors import content_needing_review

    today = today or timezone.localdate()
    sent = 0
    for page in content_needing_review(today=today):
        owner = page.content_owner
        if owner is None or not owner.is_active:
            continue
        with transaction.atomic():
            reminder, created = ReviewReminder.objects.get_or_create(
                page_id=page.pk, review_by=page.review_by, defaults={"recipient": owner}
            )
        if created:
            _send(
                to=owner,
                template="review_reminder",
                context={"owner": owner, "page": page},
                event_key=f"courses.review_reminder:{reminder.pk}",
                link=f"/admin/pages/{page.pk}/edit/",
            )
            sent += 1
    return sent
