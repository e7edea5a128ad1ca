"""SCORM 1.2 packages: the uploaded zip unpacked into private storage, and what its manifest says to launch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .scorm_forms import ScormPackageForm


class ScormPackage(models.Model):
    title = models.CharField(_("title"), max_length=255)
    identifier = models.CharField(_("manifest identifier"), max_length=255, blank=True)
    # Relative to `folder`, as the manifest's resource href gives it (a query string kept as written).
    launch = models.CharField(_("launch file"), max_length=500)
    folder = models.CharField(max_length=100, unique=True)  # "scorm/<uuid>" in the private storage
    file_count = models.PositiveIntegerField(_("files"), default=0)
    total_bytes = models.PositiveBigIntegerField(_("unpacked size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    panels = [FieldPanel("title"), FieldPanel("package")]
    base_form_class = ScormPackageForm

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title
