"""Forms for performance import, new studies and proposal decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.rubrics.models import RubricVersion

from . import selectors
from .models import Metric


class PerformanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"), help_text=_("Columns: email, metric, period_start, period_end, value.")
    )


class StudyForm(forms.Form):
    rubric_version = forms.ModelChoiceField(
        label=_("Rubric version"), queryset=RubricVersion.objects.none(), empty_label=None
    )
    outcome = forms.ModelChoiceField(
        label=_("Outcome metric"), queryset=Metric.objects.none(), empty_label=None
    )
    period_from = forms.DateField(label=_("Performance from"), widget=forms.DateInput(attrs={"type": "date"}))
    period_to = forms.DateField(label=_("Performance to"), widget=forms.DateInput(attrs={"type": "date"}))
    cut = forms.FloatField(
        label=_("Current pass mark on the composite"),
        initial=3.0,
        help_text=_("Applicants whose weighted mean rating reaches this pass; used for the fairness table."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rubric_version"].queryset = selectors.rubric_versions_for_studies()  # type: ignore[attr-defined]
        self.fields["outcome"].queryset = selectors.metrics()  # type: ignore[attr-defined]
        today = timezone.localdate()
        self.fields["period_to"].initial = today
        self.fields["period_from"].initial = today - dt.timedelta(days=365)


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
