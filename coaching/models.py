"""Field coaching: program templates, engagements, field days, visits, scored sessions, qualification levels."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


# Days after the session the seller has to self-rate before the coach may close it without them.
SELF_RATING_DAYS = 3


class CoachingProgram(models.Model):
    """A reusable template, e.g. the 23-day field program."""

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    focus_competencies = models.JSONField(
        _("focus competencies"),
        default=list,
        blank=True,
        help_text=_("The competencies this program develops, suggested when an engagement starts."),
    )
    # A program in use is never edited in place (running engagements keep their calendar): editing it
    # saves a new version that replaces it for new engagements.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )

    if TYPE_CHECKING:
        phases: RelatedManager[ProgramPhase]

    class Meta:
        verbose_name = _("coaching program")
        verbose_name_plural = _("coaching programs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramPhase(models.Model):
    program = models.ForeignKey(
        CoachingProgram, verbose_name=_("program"), on_delete=models.CASCADE, related_name="phases"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("program phase")
        verbose_name_plural = _("program phases")
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="coaching_phase_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.name}"


class ProgramDay(models.Model):
    class Kind(models.TextChoices):
        LEARNING = "learning", _("Learning")
        PREPARATION = "preparation", _("Preparation")
        ACCOMPANIED = "accompanied", _("Accompanied visits")
        RIDE_ALONG = "ride_along", _("Coach ride-along")

    phase = models.ForeignKey(
        ProgramPhase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="days"
    )
    number = models.PositiveSmallIntegerField(_("day number"), help_text=_("Counted from the program start."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=160)
    planned_activities = models.TextField(_("planned activities"), help_text=_("One activity per line."))
    session_planned = models.BooleanField(
        _("coaching session planned"),
        default=False,
        help_text=_("The coach owes the seller a scored session on this day."),
    )

    class Meta:
        verbose_name = _("program day")
        verbose_name_plural = _("program days")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_field_day(self) -> bool:
        return self.kind in (self.Kind.ACCOMPANIED, self.Kind.RIDE_ALONG)

    @property
    def activities(self) -> list[str]:
        return [line.strip() for line in self.planned_activities.splitlines() if line.strip()]


class Engagement(models.Model):
    """One coach running one program with one seller."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="coaching_given",
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="coaching_received",
    )
    program = models.ForeignKey(
        CoachingProgram, verbose_name=_("program"), on_delete=models.PROTECT, related_name="engagements"
    )
    start_date = models.DateField(_("start date"))
    rubric_version = models.ForeignKey(
        "rubrics.RubricVersion",
        verbose_name=_("coaching rubric version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    focus_criteria = models.ManyToManyField(
        "rubrics.Criterion", verbose_name=_("focus competencies"), related_name="+"
    )
    goal_visits_per_week = models.PositiveSmallIntegerField(_("goal: visits per week"), null=True, blank=True)
    goal_hit_rate = models.FloatField(
        _("goal: appointment hit rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    goal_effectiveness = models.FloatField(_("goal: visit effectiveness"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    if TYPE_CHECKING:
        days: RelatedManager[EngagementDay]
        field_days: RelatedManager[FieldDay]
        sessions: RelatedManager[CoachingSession]

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-start_date", "id"]

    def __str__(self) -> str:
        return f"{self.coach} → {self.seller} ({self.start_date})"


class EngagementDay(models.Model):
    """The engagement's calendar: each template day on its real date."""

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE, related_name="days"
    )
    program_day = models.ForeignKey(
        ProgramDay, verbose_name=_("program day"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("engagement day")
        verbose_name_plural = _("engagement days")
        ordering = ["engagement", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "program_day"], name="coaching_engagementday_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.program_day}"


class FieldDay(models.Model):
    """A day in the field: morning preparation, the visits, and the evening "3 / 2 / 1" review."""

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE, related_name="field_days"
    )
    date = models.DateField(_("date"))
    plan = models.TextField(_("plan for the day"), blank=True)
    objectives = models.TextField(_("objectives per visit"), blank=True)
    review_worked = models.TextField(_("what worked"), blank=True)
    review_tighten = models.TextField(_("what to tighten"), blank=True)
    review_exercise = models.TextField(_("one exercise"), blank=True)
    # Generated on the phone, so a draft re-sent after a lost connection updates instead of duplicating.
    draft_id = models.UUIDField(_("draft id"), unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The calendar invitation's SEQUENCE: raised on each reschedule and on cancelling, so calendar clients
    # replace the event they hold (RFC 5546) instead of adding a second one.
    invitation_sequence = models.PositiveIntegerField(_("invitation sequence"), default=0)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    if TYPE_CHECKING:
        visits: RelatedManager[Visit]

    class Meta:
        verbose_name = _("field day")
        verbose_name_plural = _("field days")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.engagement.seller} · {self.date}"


class Segment(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    MID_MARKET = "mid_market", _("Mid-market")
    SMALL_BUSINESS = "small_business", _("Small business")
    PUBLIC_SECTOR = "public_sector", _("Public sector")


class BuyingRole(models.TextChoices):
    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    USER = "user", _("User")
    TECHNICAL = "technical", _("Technical buyer")
    COACH = "coach", _("Coach / champion")


class Visit(models.Model):
    class CallType(models.TextChoices):
        FIRST = "first", _("First visit")
        FOLLOW_UP = "follow_up", _("Follow-up")
        PRESENTATION = "presentation", _("Presentation")
        NEGOTIATION = "negotiation", _("Negotiation")

    class Objective(models.TextChoices):
        APPOINTMENT = "appointment", _("Win the next appointment")
        DISCOVERY = "discovery", _("Discover needs")
        PROPOSAL = "proposal", _("Present a proposal")
        CLOSE = "close", _("Close")

    field_day = models.ForeignKey(
        FieldDay, verbose_name=_("field day"), on_delete=models.CASCADE, related_name="visits"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    customer_name = models.CharField(_("customer"), max_length=160)
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    contacts = models.CharField(_("contacts met"), max_length=255, blank=True)
    buying_roles = models.JSONField(_("buying roles met"), default=list, blank=True)
    call_type = models.CharField(_("call type"), max_length=20, choices=CallType.choices)
    objective = models.CharField(_("objective"), max_length=20, choices=Objective.choices)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    appointment_won = models.BooleanField(_("appointment won"), default=False)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    coach_rating = models.PositiveSmallIntegerField(
        _("visit effectiveness (coach, 1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["field_day", "position", "id"]

    def __str__(self) -> str:
        return self.customer_name


class SellerVisitSummary(models.Model):
    """A seller's weekly visit measures, summed before and from the week of their earliest engagement start
    (`anchor`): what the coaching team page's before/after adds up instead of reading every visit in view.

    Kept by `coaching.visit_summary` (refreshed by the services that write visits and engagements; rebuilt by
    `manage.py coaching_summaries_rebuild` after rows written past them). A row is read only while its anchor is
    the seller's earliest start among the engagements in view; otherwise that seller is counted from the visits.
    """

    seller = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    anchor = models.DateField()
    first_week = models.DateField(null=True)  # the Monday of the seller's first week with visits
    last_week = models.DateField(null=True)
    # Per phase: weeks with visits, visits, and per measure the sum of its weekly values and the weeks that have one.
    before_weeks = models.PositiveIntegerField(default=0)
    before_visits = models.PositiveIntegerField(default=0)
    before_hit_sum = models.FloatField(default=0)
    before_hit_weeks = models.PositiveIntegerField(default=0)
    before_duration_sum = models.FloatField(default=0)
    before_duration_weeks = models.PositiveIntegerField(default=0)
    before_rating_sum = models.FloatField(default=0)
    before_rating_weeks = models.PositiveIntegerField(default=0)
    during_weeks = models.PositiveIntegerField(default=0)
    during_visits = models.PositiveIntegerField(default=0)
    during_hit_sum = models.FloatField(default=0)
    during_hit_weeks = models.PositiveIntegerField(default=0)
    during_duration_sum = models.FloatField(default=0)
    during_duration_weeks = models.PositiveIntegerField(default=0)
    during_rating_sum = models.FloatField(default=0)
    during_rating_weeks = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"visit summary of seller {self.seller_id} from {self.anchor}"


class CoachingSession(models.Model):
    """A scored session, blind both ways: neither side sees the other's ratings until both have submitted.

    If the seller never self-rates, the coach may close the session once `self_rating_due_on` has passed;
    that reveals the coach's ratings without a self-rating and is recorded here (who, when).
    """

    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE, related_name="sessions"
    )
    field_day = models.ForeignKey(
        FieldDay,
        verbose_name=_("field day"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    held_on = models.DateField(_("held on"))
    rubric_version = models.ForeignKey(
        "rubrics.RubricVersion", verbose_name=_("rubric version"), on_delete=models.PROTECT, related_name="+"
    )
    shared_notes = models.TextField(_("notes shared with the seller"), blank=True)
    private_notes = models.TextField(_("coach's private notes"), blank=True)
    seller_submitted_at = models.DateTimeField(_("seller submitted"), null=True, blank=True)
    coach_submitted_at = models.DateTimeField(_("coach submitted"), null=True, blank=True)
    seller_acknowledged_at = models.DateTimeField(_("seller acknowledged"), null=True, blank=True)
    # Null on sessions opened before the deadline existed: they count from held_on (see self_rating_deadline).
    self_rating_due_on = models.DateField(_("self-rating due"), null=True, blank=True)
    self_rating_reminded_at = models.DateTimeField(_("self-rating reminder sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed without self-rating"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    if TYPE_CHECKING:
        ratings: RelatedManager[SessionRating]

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.engagement.seller} · {self.held_on}"

    @property
    def self_rating_deadline(self) -> dt.date:
        return self.self_rating_due_on or self.held_on + dt.timedelta(days=SELF_RATING_DAYS)

    @property
    def ratings_revealed(self) -> bool:
        """Both sides have submitted, or the coach closed the session after the self-rating deadline."""
        both = self.seller_submitted_at is not None and self.coach_submitted_at is not None
        return both or self.closed_at is not None


class SessionRating(models.Model):
    class Rater(models.TextChoices):
        SELLER = "seller", _("Seller (self-rating)")
        COACH = "coach", _("Coach")

    session = models.ForeignKey(
        CoachingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="ratings"
    )
    criterion = models.ForeignKey(
        "rubrics.Criterion", verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    rater = models.CharField(_("rated by"), max_length=10, choices=Rater.choices)
    rating = models.PositiveSmallIntegerField(_("rating"))
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")
        ordering = ["session", "criterion__position", "rater"]
        constraints = [
            models.UniqueConstraint(fields=["session", "criterion", "rater"], name="coaching_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.rater}={self.rating}"


class ActionItem(models.Model):
    engagement = models.ForeignKey(
        Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE, related_name="action_items"
    )
    session = models.ForeignKey(
        CoachingSession,
        verbose_name=_("agreed in session"),
        on_delete=models.CASCADE,
        related_name="action_items",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="coaching_actions",
    )
    description = models.CharField(_("action"), max_length=255)
    due_date = models.DateField(_("due"))
    done = models.BooleanField(_("done"), default=False)
    followed_up_in = models.ForeignKey(
        CoachingSession,
        verbose_name=_("followed up in session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_up_items",
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description


class LedDeal(models.Model):
    """A deal the seller led, where recorded; counts as experience for qualification levels."""

    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("seller"), on_delete=models.CASCADE, related_name="led_deals"
    )
    name = models.CharField(_("deal"), max_length=160)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    closed_on = models.DateField(_("closed on"))

    class Meta:
        verbose_name = _("led deal")
        verbose_name_plural = _("led deals")
        ordering = ["-closed_on"]

    def __str__(self) -> str:
        return self.name


class QualificationLevel(models.Model):
    """A career level for sellers: what it takes (requirements) and what it allows (privileges)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), unique=True, help_text=_("Higher is more senior."))
    description = models.TextField(_("description"), blank=True)
    required_exams = models.ManyToManyField(
        "exams.Exam", verbose_name=_("certifications required"), blank=True, related_name="+"
    )
    min_tenure_days = models.PositiveIntegerField(_("minimum tenure (days)"), default=0)
    rating_criteria = models.JSONField(
        _("rated criteria"),
        default=list,
        blank=True,
        help_text=_("Names of coaching criteria whose mean counts."),
    )
    min_mean_rating = models.FloatField(_("minimum mean coaching rating"), null=True, blank=True)
    min_visits = models.PositiveIntegerField(_("minimum visits logged"), default=0)
    min_deals_led = models.PositiveIntegerField(_("minimum deals led"), default=0)
    max_deal_size = models.DecimalField(
        _("maximum deal size"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    may_lead_strategic = models.BooleanField(_("may lead strategic projects"), default=False)
    panel_rubric_version = models.ForeignKey(
        "rubrics.RubricVersion",
        verbose_name=_("panel rubric version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grant_valid_days = models.PositiveIntegerField(_("grant valid for (days)"), default=730)

    class Meta:
        verbose_name = _("qualification level")
        verbose_name_plural = _("qualification levels")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class QualificationApplication(models.Model):
    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In panel review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="qualification_applications",
    )
    level = models.ForeignKey(
        QualificationLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_REVIEW)
    checks = models.JSONField(_("requirement checks"), default=list)
    all_met = models.BooleanField(_("all requirements met"), default=False)
    panel_ratings = models.JSONField(_("panel ratings"), default=dict, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    appeal_reason = models.TextField(_("appeal"), blank=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualification application")
        verbose_name_plural = _("qualification applications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.seller} → {self.level}"


class QualificationGrant(models.Model):
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("seller"),
        on_delete=models.CASCADE,
        related_name="qualification_grants",
    )
    level = models.ForeignKey(
        QualificationLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="grants"
    )
    application = models.OneToOneField(
        QualificationApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="grant",
    )
    granted_at = models.DateTimeField(_("granted at"))
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Suspended while a requirement has lapsed (a certification expired or was revoked); restored when met.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)

    class Meta:
        verbose_name = _("qualification grant")
        verbose_name_plural = _("qualification grants")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.seller} · {self.level}"
