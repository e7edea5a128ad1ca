"""Forms: question file upload (with preview) and certification revocation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.rubrics.models import Criterion

from .models import QuestionBank


class QuestionUploadForm(forms.Form):
    bank = forms.ModelChoiceField(queryset=QuestionBank.objects.order_by("name"), label=_("Question bank"))
    format = forms.ChoiceField(choices=[("gift", "GIFT"), ("moodlexml", "Moodle XML")], label=_("Format"))
    # Not required: after an error the page keeps the stashed file (the view checks there is one).
    file = forms.FileField(label=_("File"), required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class EssayGradeForm(forms.Form):
    percent = forms.IntegerField(label=_("Share of the mark (%)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RubricGradeForm(forms.Form):
    """One required rating per criterion of the essay's rubric version (fields named criterion_<id>)."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[(r, str(r)) for r in criterion.scale],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("%(criterion)s: choose a rating.") % {"criterion": criterion.name}
                },
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
        )

    def rows(self) -> list[tuple[Criterion, forms.BoundField]]:
        return [(c, self[f"criterion_{c.pk}"]) for c in self.criteria]

    def ratings(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}
