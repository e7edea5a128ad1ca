"""The trainer's upload form for a SCORM package (a Wagtail snippet form with a file that is not a model field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .scorm import StoredPackage, package_delete, package_store


class ScormPackageForm(WagtailAdminModelForm):
    package = forms.FileField(
        label=_("SCORM 1.2 package (.zip)"),
        required=False,
        help_text=_("A zip with imsmanifest.xml at its top level. Uploading again replaces the files."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored: StoredPackage | None = None
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Left empty, the manifest's title is used.")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        upload = cleaned.get("package")
        if not upload:
            if not self.instance.pk:
                self.add_error("package", _("Choose the package's zip file."))
            return cleaned
        try:
            self.stored = package_store(upload)
        except ValidationError as exc:
            self.add_error("package", exc)
            return cleaned
        if not cleaned.get("title"):
            cleaned["title"] = self.stored.manifest.title
        if not cleaned.get("title"):
            self.add_error("title", _("The manifest has no title: give one."))
        return cleaned

    def save(self, commit: bool = True) -> Any:
        instance = super().save(commit=False)
        replaced = ""
        if self.stored is not None:
            replaced = instance.folder if instance.pk else ""
            instance.folder = self.stored.folder
            instance.launch = self.stored.manifest.launch
            instance.identifier = self.stored.manifest.identifier
            instance.file_count = self.stored.file_count
            instance.total_bytes = self.stored.total_bytes
        if commit:
            instance.save()
            if replaced:
                transaction.on_commit(lambda: package_delete(replaced))
        return instance
