"""The rubric engine: a rubric has numbered versions, each a fixed set of weighted, anchored criteria."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel


class RubricVersionLocked(ValidationError):
    """Raised when something tries to change a version that has already been scored on."""


def _locked_error() -> RubricVersionLocked:
    return RubricVersionLocked(
        _("This rubric version has been used for scoring and can no longer change; create a new version.")
    )


class Rubric(models.Model):  # type: ignore[django-manager-missing]
    class Purpose(models.TextChoices):
        HIRING = "hiring", _("Hiring")
        COACHING = "coaching", _("Coaching")
        ESSAY = "essay", _("Essay grading")

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.HIRING)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    if TYPE_CHECKING:
        versions: RelatedManager[RubricVersion]

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("purpose"), FieldPanel("description")]

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RubricVersion(ClusterableModel):
    rubric: models.ForeignKey[Rubric, Rubric] = models.ForeignKey(
        Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="versions"
    )
    number: models.PositiveIntegerField[Any, int] = models.PositiveIntegerField(
        _("version number"), editable=False
    )
    change_note: models.TextField[Any, str] = models.TextField(
        _("change note"), help_text=_("What changed compared with the previous version, and why.")
    )
    created_by: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at: models.DateTimeField[Any, Any] = models.DateTimeField(_("created at"), auto_now_add=True)
    locked_at: models.DateTimeField[Any, Any] = models.DateTimeField(
        _("locked at"), null=True, blank=True, editable=False
    )

    panels = [
        FieldPanel("rubric"),
        FieldPanel("change_note"),
        InlinePanel("criteria", label=_("Criteria"), min_num=1),
    ]

    class Meta:
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        ordering = ["rubric__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubricversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.rubric} v{self.number}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk and self._stored_locked():
            raise _locked_error()
        if not self.number:
            last = RubricVersion.objects.filter(rubric_id=self.rubric_id).aggregate(models.Max("number"))
            self.number = (last["number__max"] or 0) + 1
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.pk and self._stored_locked():
            raise _locked_error()
        return super().delete(*args, **kwargs)

    def _stored_locked(self) -> bool:
        # The database, not this instance, says whether scoring has started.
        return RubricVersion.objects.filter(pk=self.pk, locked_at__isnull=False).exists()


class RubricVersionForm(WagtailAdminModelForm):
    """Admin form: refuses to edit a locked version, and checks weights and scales across the inline criteria."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_locked:
            raise _locked_error()
        formset = self.formsets.get("criteria")
        if formset is not None and all(f.is_valid() for f in formset.forms):
            kept = [
                f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            if not kept:
                raise ValidationError(_("A rubric version needs at least one criterion."))
            if sum(float(c.get("weight") or 0) for c in kept) <= 0:
                raise ValidationError(_("At least one criterion must have a weight above zero."))
        return cleaned


RubricVersion.base_form_class = RubricVersionForm


class Criterion(models.Model):
    version = ParentalKey(
        RubricVersion, verbose_name=_("rubric version"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weight = models.FloatField(
        _("weight"),
        validators=[MinValueValidator(0.0)],
        help_text=_("Relative importance; weights are normalised to sum to 1 when the version is saved."),
    )
    scale_min = models.SmallIntegerField(_("lowest rating"), default=1)
    scale_max = models.SmallIntegerField(_("highest rating"), default=5)
    anchor_low = models.TextField(_("what the lowest rating looks like"))
    anchor_mid = models.TextField(_("what the middle rating looks like"))
    anchor_high = models.TextField(_("what the highest rating looks like"))

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("scale_min"), FieldPanel("scale_max")]),
        MultiFieldPanel(
            [FieldPanel("anchor_low"), FieldPanel("anchor_mid"), FieldPanel("anchor_high")],
            heading=_("Anchored levels"),
        ),
    ]

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight_not_negative"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="criterion_scale_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.version_id and self._version_locked():
            raise _locked_error()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.version_id and self._version_locked():
            raise _locked_error()
        return super().delete(*args, **kwargs)

    @property
    def scale(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    @property
    def scale_mid(self) -> float:
        return (self.scale_min + self.scale_max) / 2

    def clean(self) -> None:
        if self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("The highest rating must be above the lowest.")})

    def _version_locked(self) -> bool:
        return RubricVersion.objects.filter(pk=self.version_id, locked_at__isnull=False).exists()
