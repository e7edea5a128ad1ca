"""Optimistic concurrency: an edit form carries the version it was loaded at, and a save of a stale one is refused.

Two people editing the same thing both load version n; the first save makes it n + 1 and records who and
when, the second is refused with "changed by X at T — reload" instead of silently overwriting the first.
Services check under a row lock (``select_for_update``) or with one conditional UPDATE; admin forms
check in ``clean()`` inside the admin's own transaction. Every app's models, services and admins use this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Versioned(models.Model):
    """A version counter and the last change's author and time, for the optimistic check."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("last changed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(gettext_lazy("last changed at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class VersionFields:
    """Names of the three fields; a model with two independently edited parts has two sets."""

    version: str = "version"
    by: str = "changed_by"
    at: str = "changed_at"


DEFAULT_FIELDS = VersionFields()


def stale_message(*, what: str, by: Any, at: dt.datetime | None) -> str:
    name = getattr(by, "display_name", None) or (str(by) if by else _("someone else"))
    when = date_format(timezone.localtime(at), "Y-m-d H:i:s") if at else _("an unknown time")
    return _(
        "%(what)s was changed by %(name)s at %(when)s — reload the page to see their changes; "
        "yours were not saved."
    ) % {"what": what, "name": name, "when": when}


class StaleEdit(ValidationError):
    """The form was loaded at an older version than the one stored now."""

    def __init__(self, *, what: str, by: Any, at: dt.datetime | None) -> None:
        self.by, self.at = by, at
        super().__init__(stale_message(what=what, by=by, at=at), code="stale")


def parse_version(raw: object) -> int | None:
    """The hidden field's value; anything that is not a whole number counts as absent."""
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


def version_check(
    obj: models.Model, *, expected: int | None, what: str, fields: VersionFields = DEFAULT_FIELDS
) -> None:
    """Refuse when `obj` (read with ``select_for_update`` in this transaction) moved past `expected`.

    `expected` None means the caller is not a form (a seeder, a script) and takes the current version.
    """
    if expected is None or getattr(obj, fields.version) == expected:
        return
    raise StaleEdit(what=what, by=getattr(obj, fields.by), at=getattr(obj, fields.at))


def version_stamp(obj: models.Model, *, actor: Any, fields: VersionFields = DEFAULT_FIELDS) -> list[str]:
    """Move `obj` to the next version as changed by `actor` now; returns the field names for ``update_fields``."""
    setattr(obj, fields.version, getattr(obj, fields.version) + 1)
    setattr(obj, fields.by, actor if getattr(actor, "pk", None) else None)
    setattr(obj, fields.at, timezone.now())
    return [fields.version, fields.by, fields.at]


def version_claim(
    model: type[models.Model],
    *,
    pk: Any,
    expected: int | None,
    actor: Any,
    what: str,
    fields: VersionFields = DEFAULT_FIELDS,
) -> int:
    """Check and bump in one conditional UPDATE (no lock held before); returns the new version.

    Call it inside the transaction of the save it guards, so a refusal later in that save undoes the bump.
    """
    rows = model._default_manager.filter(pk=pk)
    if expected is not None:
        rows = rows.filter(**{fields.version: expected})
    changed = rows.update(
        **{
            fields.version: F(fields.version) + 1,
            fields.by: actor if getattr(actor, "pk", None) else None,
            fields.at: timezone.now(),
        }
    )
    current = model._default_manager.select_related(fields.by).get(pk=pk)
    if not changed:
        raise StaleEdit(what=what, by=getattr(current, fields.by), at=getattr(current, fields.at))
    return int(getattr(current, fields.version))


class VersionedAdminForm(forms.ModelForm):
    """An admin change form that refuses to save over a change made since it was loaded."""

    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk:
            # The admin wraps the whole change view in a transaction: this lock lasts until the save is done.
            current = type(self.instance)._default_manager.select_for_update().get(pk=self.instance.pk)
            try:
                version_check(
                    current,
                    expected=cleaned.get("seen_version"),
                    what=str(self.instance._meta.verbose_name).capitalize(),
                )
            except StaleEdit as exc:
                raise forms.ValidationError(exc.messages, code="stale") from exc
        return cleaned


class VersionedAdminMixin:
    """ModelAdmin mixin: the stale check on the form, and every saved change stamped with who and when."""

    form: Any = VersionedAdminForm

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        if change:
            version_stamp(obj, actor=request.user)
        super().save_model(request, obj, form, change)  # type: ignore[misc]
