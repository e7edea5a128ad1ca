"""Performance outcomes, validity studies of hiring/exam/coaching scores against them, and weight proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The seeded metrics' names in the reader's language; the stored name is the fallback for metrics added later.
METRIC_LABELS = {
    "quota_attainment": _("Quota attainment"),
    "revenue": _("Revenue"),
    "win_rate": _("Win rate"),
    "ramp_days": _("Ramp days"),
    "manager_rating": _("Manager rating"),
    "retained_12m": _("Retained at 12 months"),
}


class Metric(models.Model):
    """One performance measure, defined once: how it is named, which way is better, what values are valid."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.FloatField(_("lowest valid value"), null=True, blank=True)
    max_value = models.FloatField(_("highest valid value"), null=True, blank=True)
    censored_on_leave = models.BooleanField(
        _("censored when the person leaves"),
        default=False,
        help_text=_("A leaver's missing value means 'not reached before leaving', not zero."),
    )

    class Meta:
        verbose_name = _("performance metric")
        verbose_name_plural = _("performance metrics")
        ordering = ["name"]

    def __str__(self) -> str:
        return str(METRIC_LABELS.get(self.code, self.name))


class PerformanceRecord(models.Model):
    class Source(models.TextChoices):
        IMPORT = "import", _("File import")
        API = "api", _("API")
        DEMO = "demo", _("Demo data")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="performance_records",
    )
    metric = models.ForeignKey(
        Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="records"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.IMPORT)
    # Set by API clients so a retried write updates instead of duplicating.
    external_id = models.CharField(_("external id"), max_length=120, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("performance record")
        verbose_name_plural = _("performance records")
        ordering = ["person", "metric", "period_start", "id"]
        indexes = [models.Index(fields=["metric", "period_start"], name="analytics_perf_metric_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="performance_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.metric} · {self.period_start}"


class PredictorFamily(models.TextChoices):
    HIRING = "hiring", _("Hiring scores")
    EXAM = "exam", _("Exam scores")
    COACHING = "coaching", _("Coaching ratings")


class ValidityStudy(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    family = models.CharField(
        _("predictor family"), max_length=10, choices=PredictorFamily.choices, default=PredictorFamily.HIRING
    )
    rubric_version = models.ForeignKey(
        "rubrics.RubricVersion",
        verbose_name=_("rubric version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="validity_studies",
    )
    exam = models.ForeignKey(
        "exams.Exam",
        verbose_name=_("exam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="validity_studies",
    )
    outcome = models.ForeignKey(
        Metric, verbose_name=_("outcome metric"), on_delete=models.PROTECT, related_name="studies"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    results = models.JSONField(_("results"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("validity study")
        verbose_name_plural = _("validity studies")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="validity_study_progress_max")
        ]

    def __str__(self) -> str:
        return f"{self.get_family_display()} · {self.outcome} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class WeightProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Rejected")

    study = models.ForeignKey(
        ValidityStudy, verbose_name=_("validity study"), on_delete=models.CASCADE, related_name="proposals"
    )
    weights = models.JSONField(_("proposed weights"), default=dict)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    fairness = models.JSONField(_("fairness table"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    override_reason = models.TextField(_("reason for overriding the adverse-impact block"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    rubric_version = models.ForeignKey(
        "rubrics.RubricVersion",
        verbose_name=_("rubric version created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("weight proposal")
        verbose_name_plural = _("weight proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"weight proposal #{self.pk} ({self.status})"

    @property
    def groups_newly_flagged(self) -> list[str]:
        return list(self.fairness.get("introduced", []))


class Completion(models.Model):
    """One person's onboarding completion as the dashboards count it (analytics.tallies), stored so a dashboard
    reads one row per person instead of every lesson done, certificate and attempt.

    Kept current by analytics.completion: the events that change it mark the row for a recount (`plan` emptied,
    `version` raised) and queue the recount; a row holds only for the plan it was counted against (a path or
    step edited, a lesson published changes the plan) and until `stale_at`, when a certificate it counted
    expires. A dashboard counts everyone whose row does not hold from the source tables instead, so what it
    shows never depends on the recount having run."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    plan = models.CharField(_("plan counted against"), max_length=40, blank=True)
    done = models.PositiveIntegerField(_("work done"), default=0)
    total = models.PositiveIntegerField(_("work to do"), default=0)
    stale_at = models.DateTimeField(_("recount after"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding completion")
        verbose_name_plural = _("onboarding completions")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.done}/{self.total}"
