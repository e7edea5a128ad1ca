"""Hiring: requisitions with an interview plan, candidates moving through stages, interviews and scorecards."""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from assessments.rubrics.models import Criterion, RubricVersion
from core.concurrency import Versioned, VersionFields

if TYPE_CHECKING:
    from accounts.models import User


class Requisition(Versioned):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("role title"), max_length=160)
    team = models.ForeignKey(
        OrgUnit, verbose_name=_("team"), on_delete=models.PROTECT, related_name="requisitions"
    )
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("hiring manager"), on_delete=models.PROTECT, related_name="+"
    )
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recruiter"), on_delete=models.PROTECT, related_name="+"
    )
    rubric_version = models.ForeignKey(
        RubricVersion, verbose_name=_("rubric version"), on_delete=models.PROTECT, related_name="requisitions"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    # The interview plan is edited on its own page, so it carries its own version (see core.concurrency).
    plan_version = models.PositiveIntegerField(_("plan version"), default=1, editable=False)
    plan_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("plan last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan_changed_at = models.DateTimeField(_("plan last changed at"), null=True, blank=True, editable=False)

    PLAN_VERSION = VersionFields("plan_version", "plan_changed_by", "plan_changed_at")

    class Meta:
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        ordering = ["status", "-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} · {self.team}"


class InterviewPlanStep(models.Model):
    """One interview in the plan: which criteria it covers and who may conduct it."""

    requisition = models.ForeignKey(
        Requisition, verbose_name=_("requisition"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    criteria = models.ManyToManyField(Criterion, verbose_name=_("criteria"), related_name="+")
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewers"), related_name="+"
    )

    class Meta:
        verbose_name = _("interview plan step")
        verbose_name_plural = _("interview plan steps")
        ordering = ["requisition", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREEN = "screen", _("Screen")
    INTERVIEWS = "interviews", _("Interviews")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STAGES = (Stage.APPLIED, Stage.SCREEN, Stage.INTERVIEWS, Stage.OFFER)
CLOSED_STAGES = (Stage.HIRED, Stage.REJECTED, Stage.DECLINED, Stage.WITHDRAWN)


class Candidate(models.Model):
    class Source(models.TextChoices):
        REFERRAL = "referral", _("Referral")
        CAREERS_SITE = "careers_site", _("Careers site")
        JOB_BOARD = "job_board", _("Job board")
        LINKEDIN = "linkedin", _("LinkedIn")
        AGENCY = "agency", _("Agency")
        CAMPUS = "campus", _("Campus")
        OTHER = "other", _("Other")

    requisition = models.ForeignKey(
        Requisition, verbose_name=_("requisition"), on_delete=models.PROTECT, related_name="candidates"
    )
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.OTHER)
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.APPLIED, db_index=True
    )
    stage_reason = models.TextField(_("reason"), blank=True)
    stage_changed_at = models.DateTimeField(_("stage changed at"))
    cv = models.FileField(_("CV"), upload_to="hiring/cv/%Y/%m/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidate",
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # The composite over the submitted scorecards (None: nothing rated yet) and the share of the weight rated,
    # kept current by `composites` so the board ranks in the database.
    composite_score = models.FloatField(_("composite score"), null=True, blank=True, editable=False)
    composite_coverage = models.FloatField(_("composite coverage"), default=0.0, editable=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["requisition", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "email"],
                condition=~models.Q(email=""),
                name="candidate_unique_email_per_requisition",
            )
        ]
        indexes = [
            # The board's two orders within a stage: best composite first (no score counts as -1), and by name.
            models.Index(
                "requisition",
                "stage",
                Coalesce("composite_score", models.Value(-1.0)).desc(),
                "name",
                "id",
                name="candidate_board_by_composite",
            ),
            models.Index(fields=["requisition", "stage", "name", "id"], name="candidate_board_by_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ScheduledInterview(models.Model):
    """A plan step's interview with a candidate at a time and place. Its interviewers are the Interview rows
    that point here (one per interviewer, each with its own scorecard), so `interviewers` goes through them."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="scheduled_interviews"
    )
    step = models.ForeignKey(
        InterviewPlanStep, verbose_name=_("plan step"), on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # The zone the recruiter scheduled in: times are stored in UTC and shown back in this zone.
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    location = models.CharField(_("location"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    # RFC 5545 SEQUENCE: raised on every reschedule and on the cancellation, so calendars replace the event.
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organizer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interviewers: models.ManyToManyField[User, Interview] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewers"),
        through="Interview",
        through_fields=("scheduled", "interviewer"),
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled interview")
        verbose_name_plural = _("scheduled interviews")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "step"],
                condition=models.Q(cancelled_at__isnull=True),
                name="scheduled_interview_one_per_step",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="scheduled_interview_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "ends_at"], name="scheduled_interview_when")]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.step} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def when(self) -> str:
        """'2026-12-03 10:00–11:00 (Asia/Shanghai)': the times in the zone they were scheduled in."""
        zone = zoneinfo.ZoneInfo(self.time_zone)
        start, end = self.starts_at.astimezone(zone), self.ends_at.astimezone(zone)
        last = f"{end:%H:%M}" if start.date() == end.date() else f"{end:%Y-%m-%d %H:%M}"
        return f"{start:%Y-%m-%d %H:%M}–{last} ({self.time_zone})"

    @property
    def uid(self) -> str:
        """The iCalendar UID every invitation, update, cancellation and feed entry of this interview carries."""
        return f"hiring-interview-{self.pk}@rampway"


class Interview(models.Model):
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="interviews"
    )
    step = models.ForeignKey(
        InterviewPlanStep,
        verbose_name=_("plan step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)
    scheduled = models.ForeignKey(
        ScheduledInterview,
        verbose_name=_("scheduled interview"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["candidate", "scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "interviewer"], name="interview_unique_interviewer")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.interviewer}"


class Recommendation(models.TextChoices):
    DEFINITELY_NOT = "definitely_not", _("Definitely not")
    NO = "no", _("No")
    YES = "yes", _("Yes")
    STRONG_YES = "strong_yes", _("Strong yes")


class Scorecard(Versioned):
    """One interviewer's independent ratings of one candidate; locked once submitted."""

    interview = models.OneToOneField(
        Interview, verbose_name=_("interview"), on_delete=models.CASCADE, related_name="scorecard"
    )
    # Denormalised from the interview so the independence rule and aggregates need no extra join.
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="scorecards"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        related_name="scorecards",
    )
    rubric_version = models.ForeignKey(
        RubricVersion, verbose_name=_("rubric version"), on_delete=models.PROTECT, related_name="+"
    )
    recommendation = models.CharField(
        _("overall recommendation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["candidate", "submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.interviewer}"


class Rating(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="ratings"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.SmallIntegerField(_("rating"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="rating_unique_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class ScorecardAmendment(models.Model):
    """A correction to a submitted scorecard; the scorecard shows the corrected value, this keeps the old one."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="amendments"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=20)
    before = models.CharField(_("before"), max_length=40, blank=True)
    after = models.CharField(_("after"), max_length=40, blank=True)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scorecard amendment")
        verbose_name_plural = _("scorecard amendments")
        ordering = ["scorecard", "at", "id"]

    def __str__(self) -> str:
        return f"{self.scorecard}: {self.field} {self.before} → {self.after}"


class StageChange(models.Model):
    """The candidate's timeline: every move between stages and every decision, with its reason."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    reason = models.TextField(_("reason"), blank=True)
    # A hire or rejection decided while some interviewers' scorecards were still missing: why, and whose.
    missing_scorecards_reason = models.TextField(_("reason to decide without every scorecard"), blank=True)
    missing_scorecards = models.JSONField(_("scorecards missing at the decision"), default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["candidate", "at", "id"]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.from_stage} → {self.to_stage}"


class SelfIdentification(models.Model):
    """Voluntary self-identification, kept apart from the candidate and only ever read in aggregate."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Another sex")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", _("Asian")
        BLACK = "black", _("Black or African American")
        HISPANIC = "hispanic", _("Hispanic or Latino")
        WHITE = "white", _("White")
        TWO_OR_MORE = "two_or_more", _("Two or more groups")
        OTHER = "other", _("Another group")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    class AgeBand(models.TextChoices):
        UNDER_30 = "under_30", _("Under 30")
        FROM_30_TO_39 = "30_39", _("30–39")
        FROM_40_TO_49 = "40_49", _("40–49")
        FROM_50 = "50_plus", _("50 or over")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="self_identification"
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, default=Sex.UNDISCLOSED)
    race_ethnicity = models.CharField(
        _("race/ethnicity"), max_length=12, choices=Ethnicity.choices, default=Ethnicity.UNDISCLOSED
    )
    age_band = models.CharField(
        _("age band"), max_length=12, choices=AgeBand.choices, default=AgeBand.UNDISCLOSED
    )
    # The separate consent this step asks for, kept with the answers it covers.
    consent_version = models.CharField(_("consent version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    race_ethnicity_consented_at = models.DateTimeField(
        _("race/ethnicity question consented at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("self-identification")
        verbose_name_plural = _("self-identifications")

    def __str__(self) -> str:
        # Never the answers themselves: this string may land in logs or admin lists.
        return f"self-identification #{self.pk}"


class ApplicationConsent(models.Model):
    """What an applicant agreed to on the careers site: the exact text shown, its version, language and time."""

    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="application_consent"
    )
    version = models.CharField(_("consent version"), max_length=20)
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("consent text"))
    consented_at = models.DateTimeField(_("consented at"))

    class Meta:
        verbose_name = _("application consent")
        verbose_name_plural = _("application consents")

    def __str__(self) -> str:
        return f"{self.version} · {self.consented_at:%Y-%m-%d %H:%M}"
