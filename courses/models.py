"""Courses models: the standardized content library, courses and lessons, learning paths and progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Revision
from wagtail.search import index

from accounts.roles import Role

from .blocks import (
    SECTION_CHOICES,
    SECTIONS,
    ContentBodyBlock,
    LessonBodyBlock,
    body_skeleton,
    missing_sections,
)
from .localisation import is_untranslated, localized_pages, original_of
from .segmentation import segmented_text


def default_review_by() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=180)


class SignedInPageMixin:
    """Library and course pages are for the organisation's people only, each in the reader's language when it
    has been translated (else the original, saying so)."""

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)  # type: ignore[misc]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        context["untranslated"] = is_untranslated(self)  # type: ignore[arg-type]
        return context

    def segmented_text(self) -> str:
        """The page's Chinese words, space-separated, for the search index (see courses/segmentation.py)."""
        return segmented_text(self)


class LibraryIndexPage(SignedInPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ProductPage", "courses.SolutionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("content library")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        children = list(original_of(self).get_children().live().specific())
        shown = localized_pages(children)
        context["entries"] = sorted((shown[p.pk] for p in children), key=lambda p: p.title)
        return context


class ContentPageForm(WagtailAdminPageForm):
    """Refuses to publish or submit a page with an empty required section, naming each such section."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "Material change" describes one publication, so each edit starts unticked — unless a draft waits for
        # approval: the approver's save must keep what its author said, or approving would clear it.
        if "material_change" in self.fields and not self._draft_pending():
            self.initial["material_change"] = False
            self.initial["material_change_summary"] = ""

    def _draft_pending(self) -> bool:
        page = self.instance
        if not page.pk:
            return False
        row = Page.objects.filter(pk=page.pk).values("latest_revision_id", "live_revision_id").first()
        return bool(row and row["live_revision_id"] and row["latest_revision_id"] != row["live_revision_id"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.is_deferred_validation and "body" in cleaned:
            for label in missing_sections(cleaned["body"]):
                # A form-wide error: Wagtail shows those in the banner, where the editor looks first.
                self.add_error(
                    None,
                    ValidationError(
                        _("The section “%(section)s” is empty. Fill it in before publishing."),
                        params={"section": label},
                        code="section_empty",
                    ),
                )
        if cleaned.get("material_change") and not (cleaned.get("material_change_summary") or "").strip():
            self.add_error(
                "material_change_summary",
                _("Say in a sentence what changed, for the owners of dependent lessons."),
            )
        return cleaned


class ContentPage(SignedInPageMixin, Page):
    """What ProductPage and SolutionPage share: the fixed body, an owner and a review-by date."""

    summary: models.CharField[str, str] = models.CharField(_("one-line summary"), max_length=255, blank=True)
    body = StreamField(ContentBodyBlock(), verbose_name=_("content"), blank=True)
    content_owner: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("content owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Keeps this page true; gets the review reminders."),
    )
    review_by: models.DateField[dt.date, dt.date] = models.DateField(
        _("review by"),
        default=default_review_by,
        help_text=_("After this date the page shows “needs review”."),
    )
    material_change: models.BooleanField[bool, bool] = models.BooleanField(
        _("material change"),
        default=False,
        help_text=_(
            "Tick when this publication changes what sellers say; owners of dependent lessons are told."
        ),
    )
    material_change_summary: models.CharField[str, str] = models.CharField(
        _("what changed"), max_length=500, blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("review_by")],
            heading=_("Ownership"),
        ),
        MultiFieldPanel(
            [FieldPanel("material_change"), FieldPanel("material_change_summary", widget=forms.Textarea)],
            heading=_("Material change"),
        ),
        *Page.promote_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("segmented_text"),
    ]
    base_form_class = ContentPageForm
    parent_page_types = ["courses.LibraryIndexPage"]
    subpage_types: list[str] = []
    template = "courses/content_page.html"

    class Meta:
        abstract = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.pk is None and not args and "body" not in kwargs:
            self.body = body_skeleton()

    @property
    def needs_review(self) -> bool:
        return self.review_by is not None and self.review_by < timezone.localdate()

    def get_admin_display_title(self) -> str:
        title = super().get_admin_display_title()
        if self.needs_review:
            return f"{title} · {_('needs review')}"
        return title

    def publish(self, revision: Revision, *args: Any, **kwargs: Any) -> Any:
        # The last line of defence: workflow approval, scheduling and code paths all publish through here.
        missing = missing_sections(revision.as_object().body)
        if missing:
            raise ValidationError(
                _("Cannot publish: these sections are empty: %(sections)s."),
                params={"sections": ", ".join(missing)},
                code="section_empty",
            )
        return super().publish(revision, *args, **kwargs)

    def sections(self) -> list[tuple[str, Any]]:
        """(block, value) per section in the fixed order, skipping any that are absent."""
        present = {child.block_type: child for child in self.body}
        return [(present[name].block, present[name].value) for name, _b in SECTIONS if name in present]


class ProductPage(ContentPage):
    template = "courses/content_page.html"

    class Meta:
        verbose_name = _("product page")
        verbose_name_plural = _("product pages")


class SolutionPage(ContentPage):
    template = "courses/content_page.html"

    class Meta:
        verbose_name = _("solution page")
        verbose_name_plural = _("solution pages")


class CourseIndexPage(SignedInPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        courses = list(CoursePage.objects.child_of(original_of(self)).live().order_by("path"))
        shown = localized_pages(courses)
        context["courses"] = [shown[c.pk] for c in courses]
        return context


class CoursePage(SignedInPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("segmented_text")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from .selectors import course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(course=self, user=request.user)
        return context


class LessonPage(SignedInPageMixin, Page):
    estimated_minutes: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("lesson content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body"), index.SearchField("segmented_text")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # The page row holds the live content, so these rows say what live lessons show.
        wanted = referenced_sections(self.body)
        rows = LessonReference.objects.filter(lesson=self)
        existing = {(r.page_id, r.section): r.pk for r in rows.only("page_id", "section")}
        if wanted != set(existing):
            rows.filter(pk__in=[pk for key, pk in existing.items() if key not in wanted]).delete()
            LessonReference.objects.bulk_create(
                [LessonReference(lesson=self, page_id=pk, section=s) for pk, s in wanted - set(existing)],
                ignore_conflicts=True,
            )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from .selectors import lesson_navigation
        from .services import lesson_start

        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            # Progress belongs to the original lesson, whichever translation is read.
            context["progress"] = lesson_start(user=request.user, lesson=original_of(self))
        context["nav"] = lesson_navigation(lesson=self, user=request.user)
        return context

    @cached_property
    def course(self) -> CoursePage | None:
        parent = self.get_parent()
        return parent.specific if parent is not None else None


def referenced_sections(body: Any) -> set[tuple[int, str]]:
    """(library page id, section block type) per section a lesson body shows; "" stands for the whole page."""
    pairs: set[tuple[int, str]] = set()
    for child in body or []:
        if child.block_type == "section_reference" and child.value.get("page") is not None:
            pairs.add((child.value["page"].pk, child.value.get("section") or ""))
    return pairs


class LessonReference(models.Model):
    """A live lesson shows a section of this library page (kept in step by LessonPage.save)."""

    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="references")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    # The section's block type ("pricing"…); blank: the lesson relies on the whole page.
    section = models.CharField(_("section"), max_length=40, blank=True, choices=SECTION_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "page", "section"], name="lessonreference_unique_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} → {self.page_id}"


class ContentVersionEvent(models.Model):
    """A published revision an editor marked as a material change, with what depended on it then."""

    page = models.ForeignKey(Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    revision = models.OneToOneField(
        Revision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="+"
    )
    summary = models.CharField(_("what changed"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dependents = models.JSONField(_("dependents"), default=list)
    # Block types of the sections this revision changed against the one published before it.
    sections = models.JSONField(_("sections changed"), default=list)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("content version event")
        verbose_name_plural = _("content version events")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.page_id} @ {self.at:%Y-%m-%d}: {self.summary}"


class ContentChangeNotice(models.Model):
    """One notification per owner per event, so a person owning several dependents hears once."""

    event = models.ForeignKey(ContentVersionEvent, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="contentchangenotice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.recipient_id}"


class ReviewReminder(models.Model):
    """An owner was reminded about a page for this review-by date; a new date starts a new period."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    review_by = models.DateField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "review_by"], name="reviewreminder_unique")]

    # --- learning paths -------------------------------------------------------------------------------

    def __str__(self) -> str:
        return f"{self.page_id} @ {self.review_by}"


class LearningPath(ClusterableModel):
    # In each UI language (courses/translation.py): name_en (required) and name_zh_hans, same for description;
    # `name` reads the active language's, else English.
    name: models.CharField[str, str] = models.CharField(_("name"), max_length=200)
    description: models.TextField[str, str] = models.TextField(_("description"), blank=True)
    is_active: models.BooleanField[bool, bool] = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("name_en", heading=_("Name (English)")),
        FieldPanel("name_zh_hans", heading=_("Name (Chinese)")),
        FieldPanel("description_en", heading=_("Description (English)")),
        FieldPanel("description_zh_hans", heading=_("Description (Chinese)")),
        FieldPanel("is_active"),
        InlinePanel("steps", heading=_("Steps"), label=_("Step")),
        InlinePanel("assignments", heading=_("Assigned to"), label=_("Assignment")),
    ]

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        # The English column: one order in every language, untranslated names not gathered at one end.
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name


class LearningPathStep(Orderable):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        EXAM = "exam", _("Exam")

    path = ParentalKey(LearningPath, verbose_name=_("path"), on_delete=models.CASCADE, related_name="steps")
    kind: models.CharField[str, str] = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.COURSE
    )
    course: models.ForeignKey[Any, Any] = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exam: models.ForeignKey[Any, Any] = models.ForeignKey(
        "exams.Exam",
        verbose_name=_("exam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "For an exam step: done when the learner passes it (certifying: holds a valid certificate)."
        ),
    )
    due_offset_days: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        _("due after (days)"), default=7, help_text=_("Days after the learner's start date.")
    )
    requires_earlier: models.BooleanField[bool, bool] = models.BooleanField(
        _("locked until the earlier steps are done"),
        default=False,
        help_text=_("The learner can start this step only once every step above it is complete."),
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["path", "sort_order", "pk"]

    panels = [
        FieldPanel("kind"),
        FieldPanel("course"),
        FieldPanel("exam"),
        FieldPanel("due_offset_days"),
        FieldPanel("requires_earlier"),
    ]

    def __str__(self) -> str:
        if self.kind == self.Kind.EXAM and self.exam_id and self.exam:
            return str(self.exam.title)
        return self.course.title if self.course_id and self.course else str(self.get_kind_display())

    def clean(self) -> None:
        if self.kind == self.Kind.COURSE and not self.course_id:
            raise ValidationError({"course": _("A course step needs a course.")})
        if self.kind == self.Kind.EXAM and not self.exam_id:
            raise ValidationError({"exam": _("An exam step needs an exam.")})
        # One target per step, so progress never counts a step twice.
        if self.kind == self.Kind.COURSE and self.exam_id:
            raise ValidationError({"exam": _("A course step names a course, not an exam.")})
        if self.kind == self.Kind.EXAM and self.course_id:
            raise ValidationError({"course": _("An exam step names an exam, not a course.")})


class PathAssignment(models.Model):
    """Who a path goes to: one person, everyone in a team, or everyone with a role (now and when they join)."""

    path = ParentalKey(
        LearningPath, verbose_name=_("path"), on_delete=models.CASCADE, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("team"), null=True, blank=True, on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=20, blank=True, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("path assignment")
        verbose_name_plural = _("path assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, org_unit__isnull=True, role="")
                    | models.Q(user__isnull=True, org_unit__isnull=False, role="")
                    | (models.Q(user__isnull=True, org_unit__isnull=True) & ~models.Q(role=""))
                ),
                name="pathassignment_exactly_one_target",
            )
        ]

    panels = [FieldPanel("user"), FieldPanel("org_unit"), FieldPanel("role")]

    def __str__(self) -> str:
        return f"{self.path} → {self.user or self.org_unit or self.role}"

    def clean(self) -> None:
        if sum([self.user_id is not None, self.org_unit_id is not None, bool(self.role)]) != 1:
            raise ValidationError(_("Choose exactly one: a person, a team or a role."))


class Enrollment(models.Model):
    path = models.ForeignKey(
        LearningPath, verbose_name=_("path"), on_delete=models.CASCADE, related_name="enrollments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    start_date = models.DateField(_("start date"))
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    # Stored progress on the path (courses/progress.py keeps it current), so lists sort and page by it in SQL.
    progress_percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    progress_done = models.PositiveIntegerField(_("items done"), default=0, editable=False)
    progress_total = models.PositiveIntegerField(_("items to do"), default=0, editable=False)
    # The earliest expiry of a certificate counted above: from then on the figures are stale until recomputed.
    progress_stale_at = models.DateTimeField(_("progress stale at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [models.UniqueConstraint(fields=["path", "user"], name="enrollment_unique_path_user")]
        indexes = [
            # The team table by progress: one path's rows in percent order, read from either end.
            models.Index(fields=["path", "progress_percent", "id"], name="enrollment_path_progress"),
            # The rows whose counted certificate has expired, found without a scan.
            models.Index(
                fields=["path", "progress_stale_at"],
                name="enrollment_progress_stale",
                condition=models.Q(progress_stale_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.path}"

    def due_date(self, step: LearningPathStep) -> dt.date:
        return self.start_date + dt.timedelta(days=step.due_offset_days)


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    lesson = models.ForeignKey(
        LessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="progress"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    seconds_spent = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    # The SCORM 1.2 runtime's data of the lesson's package (courses.scorm.KEPT elements), for resuming.
    scorm_cmi = models.JSONField(_("SCORM data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="lessonprogress_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.lesson_id}"


class StepReminder(models.Model):
    """One reminder of each kind per learner per step, whatever how often the daily task runs."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(LearningPathStep, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step", "kind"], name="stepreminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} · {self.step_id} · {self.kind}"


class RecertificationStep(models.Model):
    """A recertification assigned to one learner: due by a date, shown on their path, closed by passing again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="recertification_steps",
    )
    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="+")
    certification = models.ForeignKey(
        "exams.Certification",
        verbose_name=_("certification due"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The path it shows on; null when the learner has no active path (it still shows on My onboarding).
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("path"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("why"), blank=True)
    due_date = models.DateField(_("due"))
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "exams.Certification",
        verbose_name=_("renewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_soon_sent_on = models.DateField(null=True, blank=True)
    overdue_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("recertification step")
        verbose_name_plural = _("recertification steps")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "exam"],
                condition=models.Q(closed_at__isnull=True),
                name="recertificationstep_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.exam_id} · {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def overdue_on(self, today: dt.date) -> bool:
        return self.is_open and self.due_date < today

    def due_soon_on(self, today: dt.date, days: int = 3) -> bool:
        return self.is_open and today <= self.due_date <= today + dt.timedelta(days=days)


class ManagerDigest(models.Model):
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday of the ISO week the digest covers.")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["manager", "week"], name="managerdigest_unique")]

    def __str__(self) -> str:
        return f"{self.manager_id} · {self.week}"


from .scorm_models import ScormPackage  # noqa: E402, F401 — registered with this app's models
