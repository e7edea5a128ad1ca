"""Forms: question file upload (with preview) and certification revocation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuestionBank

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class QuestionUploadForm(forms.Form):
    bank = forms.ModelChoiceField(queryset=QuestionBank.objects.order_by("name"), label=_("Question bank"))
    format = forms.ChoiceField(choices=[("gift", "GIFT"), ("moodlexml", "Moodle XML")], label=_("Format"))
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class EssayGradeForm(forms.Form):
    percent = forms.IntegerField(label=_("Share of the mark (%)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
