"""Hiring forms: decisions, stage moves, amendments and the CSV upload (the scorecard form is in the template)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OPEN_STAGES, Candidate, Recommendation, Stage


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Stage.HIRED, _("Hire")),
            (Stage.REJECTED, _("Reject")),
            (Stage.DECLINED, _("Candidate declined")),
            (Stage.WITHDRAWN, _("Candidate withdrew")),
        ],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(
        label=_("Start date (for a hire)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=[(s.value, s.label) for s in OPEN_STAGES])
    reason = forms.CharField(label=_("Note"), required=False)


class AmendmentForm(forms.Form):
    criterion = forms.TypedChoiceField(label=_("What to correct"), coerce=int, choices=())
    value = forms.IntegerField(label=_("Corrected rating"), required=False)
    recommendation = forms.ChoiceField(
        label=_("Corrected recommendation"), required=False, choices=[("", "—"), *Recommendation.choices]
    )
    reason = forms.CharField(label=_("Why the correction"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, criteria: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["criterion"].choices = [(0, _("Overall recommendation")), *criteria]  # type: ignore[attr-defined]


class CandidateImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: name, email, phone, source; optional: sex, race_ethnicity, age_band. UTF-8."),
    )


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "email", "phone", "source", "cv"]

    def clean_cv(self) -> object:
        cv = self.cleaned_data.get("cv")
        if cv and getattr(cv, "size", 0) > 10 * 1024 * 1024:
            raise forms.ValidationError(_("A CV can be at most 10 MB."))
        return cv
