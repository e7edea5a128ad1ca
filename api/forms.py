from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Scope


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=120, help_text=_("Which integration uses it, e.g. “Workday sync”.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
