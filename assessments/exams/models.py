"""Question banks, exams with blueprints, attempts and responses, and certifications."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from core.concurrency import Versioned
from courses.blocks import SECTION_CHOICES

from .review import review_options_default
from .vocabulary import QuestionType


class QuestionBank(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="categories")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("name"), max_length=255)
    info = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "parent", "name"], name="exams_category_unique_in_parent"
            ),
            models.UniqueConstraint(
                fields=["bank", "name"], condition=Q(parent__isnull=True), name="exams_category_unique_at_top"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Question(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        RETIRED = "retired", _("Retired")

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    name = models.CharField(_("name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name=_("tags"))
    # The product/solution page the question tests; a material change to it flags the question for review.
    content_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("content page"),
    )
    # The section of that page it tests (block type, e.g. "pricing"); blank: the whole page.
    content_section = models.CharField(
        _("content section"), max_length=40, blank=True, choices=SECTION_CHOICES
    )
    needs_review = models.BooleanField(_("needs review"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # The version a second trainer approved last: what published exams draw until a newer one is approved, so a
    # key fix never takes a question out of an exam's pool (the new version waits in "awaiting my review").
    approved_version = models.ForeignKey(
        "QuestionVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved version"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["bank", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.name


class FrozenVersionError(Exception):
    """A question version is append-only: change a question by adding a version."""


class QuestionVersion(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    qtype = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    text = models.TextField(_("question text"))
    text_format = models.CharField(_("text format"), max_length=10, default="html")
    general_feedback = models.TextField(_("general feedback"), blank=True)
    # Type-specific: answers with fractions and feedback, pairs, items, options. Never sent before submit.
    data = models.JSONField(_("answer key"), default=dict, blank=True)
    # Essays: the rubric a grader scores this version on (falls back to the exam's essay rubric).
    rubric_version = models.ForeignKey(
        "rubrics.RubricVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("essay rubric"),
    )
    default_mark = models.DecimalField(_("mark"), max_digits=6, decimal_places=2, default=1)
    # In the order the author (or the imported file) gave them; the question's tag set follows the newest version.
    tags = models.JSONField(_("tags"), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("first delivered"), null=True, blank=True)

    class Meta:
        ordering = ["question", "number"]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="exams_version_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise FrozenVersionError("question versions never change; add a new version instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.delivered_at is not None or self.slots.exists():
            raise FrozenVersionError("a version that has been delivered in an attempt cannot be deleted")
        return super().delete(*args, **kwargs)


def _private_storage() -> Storage:
    return storages["private"]


def _question_file_path(instance: QuestionFile, filename: str) -> str:
    # The stored name is random: the imported name is only shown and put in URLs, never used as a path.
    return f"exams/question-files/{instance.question_id}/{secrets.token_hex(16)}"


class QuestionFile(models.Model):
    """An image or attachment a question's texts reference as ``@@PLUGINFILE@@/name`` (Moodle XML's embedded
    files). Belongs to the question, not a version, so every version's text finds it; kept in private storage
    and served only through the view that checks the viewer may see the question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=200)
    # Sniffed from the bytes at import, never taken from the name or the file.
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content = models.FileField(
        _("file"), storage=_private_storage, upload_to=_question_file_path, max_length=200
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["question", "name"]
        verbose_name = _("question file")
        verbose_name_plural = _("question files")
        constraints = [
            models.UniqueConstraint(fields=["question", "name"], name="exams_question_file_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Exam(Versioned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    class Navigation(models.TextChoices):
        FREE = "free", _("Free")
        SEQUENTIAL = "sequential", _("Sequential")

    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="exams")
    slug = models.SlugField(_("slug"), unique=True)
    # In each UI language (exams/translation.py): title_en (required) and title_zh_hans, same for description;
    # `title` reads the active language's, else English.
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("rules and description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    time_limit_minutes = models.PositiveIntegerField(_("time limit (minutes)"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=70,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    attempts_allowed = models.PositiveIntegerField(_("attempts allowed (0 = unlimited)"), default=1)
    cooldown_hours = models.PositiveIntegerField(_("hours between attempts"), default=0)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    navigation = models.CharField(
        _("navigation"), max_length=10, choices=Navigation.choices, default=Navigation.FREE
    )
    # Timing → what the learner sees then (review.ReviewTiming → review.ReviewItem values); read via review.py.
    review_options = models.JSONField(_("review options"), default=review_options_default, blank=True)
    certifying = models.BooleanField(_("issues a certification"), default=False)
    validity_months = models.PositiveIntegerField(
        _("certification valid for (months)"), null=True, blank=True
    )
    practice = models.BooleanField(_("practice mode"), default=False)
    essay_rubric = models.ForeignKey(
        "rubrics.RubricVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("essay rubric"),
        help_text=_("Used for essays whose question version names no rubric of its own."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    # The manager modeltranslation would put in place anyway, named here so the type checker can see it.
    objects = MultilingualManager()

    class Meta:
        # The English column (exams/translation.py): one order in every language.
        ordering = ["title_en"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self) -> str:
        return self.title


class BlueprintRule(models.Model):
    """Draw `count` approved questions from a category (and its subcategories), optionally of one difficulty."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="blueprint")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, null=True, blank=True
    )
    count = models.PositiveIntegerField(_("questions"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["exam", "pk"]
        verbose_name = _("blueprint rule")
        verbose_name_plural = _("blueprint rules")

    def __str__(self) -> str:
        return f"{self.count} × {self.category}"


class Accommodation(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="accommodations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    extra_time_percent = models.PositiveIntegerField(
        _("extra time (%)"), default=0, validators=[MaxValueValidator(400)]
    )
    extra_attempts = models.PositiveIntegerField(_("extra attempts"), default=0)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [models.UniqueConstraint(fields=["exam", "user"], name="exams_one_accommodation")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.exam}"


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        OVERDUE = "overdue", _("Overdue")
        SUBMITTED = "submitted", _("Submitted")
        ABANDONED = "abandoned", _("Abandoned")

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_attempts")
    number = models.PositiveIntegerField(_("attempt"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    seed = models.BigIntegerField(_("shuffle seed"))
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    marks = models.FloatField(_("marks"), null=True, blank=True)
    max_marks = models.FloatField(_("maximum marks"), default=0)
    score = models.FloatField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    awaiting_grading = models.BooleanField(_("awaiting manual grading"), default=False)
    # Sequential navigation: the furthest question reached; answers before it are refused.
    furthest_position = models.PositiveIntegerField(_("furthest question reached"), default=1)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "user"],
                # Meta cannot see Attempt.State: this is Attempt.State.IN_PROGRESS.
                condition=Q(state="in_progress"),
                name="exams_one_attempt_in_progress",
            ),
            models.UniqueConstraint(fields=["exam", "user", "number"], name="exams_attempt_number_unique"),
        ]
        indexes = [
            # The grades and responses reports: an exam's finished attempts in submit order, paged in the index.
            models.Index(
                fields=["exam", "submitted_at", "id"],
                condition=Q(state__in=["submitted", "abandoned"]),
                name="exams_attempt_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam} #{self.number} ({self.user})"


class Response(models.Model):
    """One delivered question of an attempt and the learner's latest answer to it."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    position = models.PositiveIntegerField(_("position"))
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="slots")
    choice_order = models.JSONField(_("choice order"), default=list, blank=True)
    max_mark = models.FloatField(_("mark"), default=1)
    value = models.JSONField(_("answer"), null=True, blank=True)
    seq = models.PositiveBigIntegerField(_("client sequence"), default=0)
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    fraction = models.FloatField(_("fraction"), null=True, blank=True)
    comment = models.TextField(_("grader comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    rubric_version = models.ForeignKey(
        "rubrics.RubricVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("graded on rubric"),
    )

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="exams_response_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.position}"


class AttemptEvent(models.Model):
    class Kind(models.TextChoices):
        START = "start", _("Started")
        SAVE = "save", _("Saved an answer")
        SUBMIT = "submit", _("Submitted")
        AUTO_SUBMIT = "auto_submit", _("Submitted at the deadline")
        REGRADE = "regrade", _("Regraded")
        CHECK = "check", _("Checked an answer")
        ADVANCE = "advance", _("Moved to the next question")

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("at"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["attempt", "at", "pk"]
        verbose_name = _("attempt event")
        verbose_name_plural = _("attempt events")

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.kind}"


class Certification(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        RECERT_DUE = "recert_due", _("Recertification due")
        REVOKED = "revoked", _("Revoked")
        # Replaced by a newer certificate from the same exam (see paths_glue.certification_supersede_older).
        SUPERSEDED = "superseded", _("Superseded")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certifications"
    )
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="certifications")
    attempt = models.OneToOneField(
        Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="certification"
    )
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    recert_due_at = models.DateTimeField(_("recertification due since"), null=True, blank=True)
    recert_reason = models.TextField(_("why recertification is due"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return f"{self.exam} — {self.user}"


class CertificationReminder(models.Model):
    """One row per reminder sent, so the daily job never sends the same one twice."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("certification reminder")
        verbose_name_plural = _("certification reminders")
        constraints = [
            models.UniqueConstraint(fields=["certification", "days_before"], name="exams_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.certification_id} −{self.days_before}d"


class ItemAnalysisResult(models.Model):
    """The latest item statistics of an exam, computed by a task on the analytics queue."""

    exam = models.OneToOneField(Exam, on_delete=models.CASCADE, related_name="item_analysis")
    computed_at = models.DateTimeField(_("computed"))
    attempts_count = models.PositiveIntegerField(_("attempts"))
    payload = models.JSONField(_("results"), default=dict)

    class Meta:
        verbose_name = _("item analysis")
        verbose_name_plural = _("item analyses")

    def __str__(self) -> str:
        return f"{self.exam} @ {self.computed_at:%Y-%m-%d}"


class EssayCriterionRating(models.Model):
    """A grader's rating of one essay answer on one rubric criterion."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="criterion_ratings")
    criterion = models.ForeignKey("rubrics.Criterion", on_delete=models.PROTECT, related_name="+")
    rating = models.SmallIntegerField(_("rating"))

    class Meta:
        ordering = ["response", "criterion__position", "criterion_id"]
        verbose_name = _("essay criterion rating")
        verbose_name_plural = _("essay criterion ratings")
        constraints = [
            models.UniqueConstraint(fields=["response", "criterion"], name="exams_essay_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.criterion_id}: {self.rating}"


class AngoffRating(models.Model):
    """Modified Angoff: a trainer's estimate that a minimally competent seller answers this item correctly."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="angoff_ratings")
    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="angoff_ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(
        _("probability"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    rated_at = models.DateTimeField(_("rated"), auto_now=True)

    class Meta:
        ordering = ["exam", "version", "rater"]
        verbose_name = _("Angoff rating")
        verbose_name_plural = _("Angoff ratings")
        constraints = [
            models.UniqueConstraint(fields=["exam", "version", "rater"], name="exams_angoff_once"),
            models.CheckConstraint(
                condition=Q(probability__gte=0) & Q(probability__lte=1), name="exams_angoff_probability_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam_id}/{self.version_id} {self.rater_id}: {self.probability:.2f}"


class ExamOverride(models.Model):
    """Different dates, time limit or attempts for one learner or one team (beside accommodations).

    A learner's own override wins over their team's; a field left empty keeps the exam's setting."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="overrides")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        "accounts.OrgUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(_("time limit (minutes)"), null=True, blank=True)
    attempts_allowed = models.PositiveIntegerField(
        _("attempts allowed (0 = unlimited)"), null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now=True)

    class Meta:
        ordering = ["exam", "pk"]
        verbose_name = _("exam override")
        verbose_name_plural = _("exam overrides")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(team__isnull=True))
                | (Q(user__isnull=True) & Q(team__isnull=False)),
                name="exams_override_user_or_team",
            ),
            models.UniqueConstraint(fields=["exam", "user"], name="exams_override_once_per_user"),
            models.UniqueConstraint(fields=["exam", "team"], name="exams_override_once_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.exam} — {self.user or self.team}"
