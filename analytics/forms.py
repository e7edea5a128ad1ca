"""Forms for performance import, new studies and proposal decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.exams.models import Exam
from assessments.hiring.models import Requisition
from assessments.rubrics.models import RubricVersion

from . import selectors
from .models import Metric


class PerformanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"), help_text=_("Columns: email, metric, period_start, period_end, value.")
    )


class _WindowForm(forms.Form):
    """Outcome metric and performance window, shared by every predictor family."""

    outcome = forms.ModelChoiceField(
        label=_("Outcome metric"), queryset=Metric.objects.none(), empty_label=None
    )
    period_from = forms.DateField(label=_("Performance from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label=_("Performance to"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = selectors.metrics()  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["period_to"].initial = today
        self.fields["period_from"].initial = today - dt.timedelta(days=365)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and end < start:
            self.add_error("period_to", _("The window ends before it starts."))
        return data


class StudyForm(_WindowForm):
    rubric_version = forms.ModelChoiceField(
        label=_("Rubric version"), queryset=RubricVersion.objects.none(), empty_label=None
    )
    cut = forms.FloatField(
        label=_("Current pass mark on the composite"),
        initial=3.0,
        help_text=_("Applicants whose weighted mean rating reaches this pass; used for the fairness table."),
    )
    requisitions = forms.ModelMultipleChoiceField(
        label=_("Pool hires from these requisitions"),
        queryset=Requisition.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Requisitions scored on any version of the same rubric can be pooled, so evidence builds up "
            "across openings and months; each requisition is compared only with itself, so a tougher panel "
            "or a richer territory does not count as validity. Leave empty for every requisition on the "
            "chosen version."
        ),
    )
    field_order = ["rubric_version", "requisitions", "outcome", "period_from", "period_to", "cut"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric_version"].queryset = selectors.rubric_versions_for_studies()  # type: ignore[attr-defined]
        self.fields["requisitions"].queryset = selectors.requisitions_for_pooling()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        version, chosen = data.get("rubric_version"), data.get("requisitions")
        if version is not None and chosen:
            foreign = [r for r in chosen if r.rubric_version.rubric_id != version.rubric_id]
            if foreign:
                self.add_error(
                    "requisitions",
                    _("%(titles)s use another rubric than %(rubric)s, so their scores cannot be pooled.")
                    % {"titles": ", ".join(str(r) for r in foreign), "rubric": version.rubric},
                )
        return data


class ExamStudyForm(_WindowForm):
    exams = forms.ModelMultipleChoiceField(
        label=_("Certifying exams"),
        queryset=Exam.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One column per exam; only people with a score on every chosen exam are compared."),
        error_messages={"required": _("Choose at least one certifying exam.")},
    )
    score_rule = forms.ChoiceField(
        label=_("Which score counts"),
        choices=[
            (selectors.ScoreRule.BEST, _("Best submitted score")),
            (selectors.ScoreRule.FIRST, _("First submitted score")),
        ],
        initial=selectors.ScoreRule.BEST,
        widget=forms.RadioSelect,
    )
    field_order = ["exams", "score_rule", "outcome", "period_from", "period_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exams = selectors.certifying_exams_with_scores()
        self.fields["exams"].queryset = exams  # type: ignore[attr-defined]
        if not self.is_bound:
            self.fields["exams"].initial = list(exams)


class CoachingStudyForm(_WindowForm):
    rubric_version = forms.ModelChoiceField(
        label=_("Coaching rubric version"),
        queryset=RubricVersion.objects.none(),
        empty_label=None,
        help_text=_("One column per criterion: each seller's mean coach rating across sessions."),
    )
    field_order = ["rubric_version", "outcome", "period_from", "period_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric_version"].queryset = selectors.coaching_versions_for_studies()  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("adopt", _("Adopt")), ("reject", _("Reject"))]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("Override reason (only when a group would fall below 0.8)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
