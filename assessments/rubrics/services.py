"""Writes to the rubric engine: new versions (validated, weights normalised), locking on first use; all audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record

from .models import Criterion, Rubric, RubricVersion, RubricVersionLocked

CRITERION_FIELDS = (
    "name",
    "description",
    "weight",
    "scale_min",
    "scale_max",
    "anchor_low",
    "anchor_mid",
    "anchor_high",
)


def _version_snapshot(version: RubricVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "change_note": version.change_note,
        "criteria": [{"name": c.name, "weight": round(c.weight, 6)} for c in version.criteria.all()],
    }


def criteria_from_version(
    version: RubricVersion, *, weights: Mapping[str, float] | None = None
) -> list[dict[str, Any]]:
    """The version's criteria as `rubric_version_create` input, optionally with new weights by criterion name."""
    rows = []
    for c in version.criteria.all():
        row = {f: getattr(c, f) for f in CRITERION_FIELDS}
        if weights is not None and c.name in weights:
            row["weight"] = weights[c.name]
        rows.append(row)
    return rows


def _clean_criteria(criteria: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Validate every criterion; the error names the criterion (1-based) and the field."""
    if not criteria:
        raise ValidationError(_("A rubric version needs at least one criterion."))
    errors: list[str] = []
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, raw in enumerate(criteria, start=1):
        row: dict[str, Any] = {
            "name": str(raw.get("name", "")).strip(),
            "description": str(raw.get("description", "")).strip(),
            "scale_min": raw.get("scale_min", 1),
            "scale_max": raw.get("scale_max", 5),
            "anchor_low": str(raw.get("anchor_low", "")).strip(),
            "anchor_mid": str(raw.get("anchor_mid", "")).strip(),
            "anchor_high": str(raw.get("anchor_high", "")).strip(),
        }

        def fail(field: str, message: str, index: int = index) -> None:
            errors.append(
                _("Criterion %(n)s, %(field)s: %(message)s")
                % {"n": index, "field": field, "message": message}
            )

        if not row["name"]:
            fail("name", _("a name is required."))
        elif row["name"].lower() in seen:
            fail("name", _("another criterion already has this name."))
        seen.add(row["name"].lower())
        try:
            row["weight"] = float(raw.get("weight"))  # type: ignore[arg-type]
            if row["weight"] < 0 or row["weight"] != row["weight"]:
                fail("weight", _("must be zero or more."))
        except (TypeError, ValueError):
            fail("weight", _("must be a number."))
            row["weight"] = 0.0
        try:
            row["scale_min"], row["scale_max"] = int(row["scale_min"]), int(row["scale_max"])
            if row["scale_max"] <= row["scale_min"]:
                fail("scale_max", _("the highest rating must be above the lowest."))
        except (TypeError, ValueError):
            fail("scale_min", _("the scale must be whole numbers."))
        for anchor in ("anchor_low", "anchor_mid", "anchor_high"):
            if not row[anchor]:
                fail(anchor, _("describe what this level looks like."))
        cleaned.append(row)
    if not errors and sum(r["weight"] for r in cleaned) <= 0:
        errors.append(_("At least one criterion must have a weight above zero."))
    if errors:
        raise ValidationError(errors)
    total = sum(r["weight"] for r in cleaned)
    for r in cleaned:
        r["weight"] = r["weight"] / total
    return cleaned


@transaction.atomic
def rubric_create(
    *, name: str, purpose: str = Rubric.Purpose.HIRING, description: str = "", actor: User | None
) -> Rubric:
    base = slugify(name)[:150] or "rubric"
    slug, n = base, 1
    while Rubric.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    rubric = Rubric.objects.create(name=name, slug=slug, purpose=purpose, description=description)
    audit_record(actor=actor, verb="rubric.create", obj=rubric, after={"name": name, "purpose": purpose})
    return rubric


@transaction.atomic
def rubric_version_create(
    *, rubric: Rubric, criteria: Sequence[Mapping[str, Any]], change_note: str, actor: User | None
) -> RubricVersion:
    """A new version of `rubric` with these criteria (dicts of Criterion fields; weights are normalised to sum to 1)."""
    if not change_note.strip():
        raise ValidationError({"change_note": _("Say what changed and why.")})
    cleaned = _clean_criteria(criteria)
    # Lock the rubric row so two concurrent edits cannot take the same number.
    Rubric.objects.select_for_update().filter(pk=rubric.pk).first()
    version = RubricVersion(rubric=rubric, change_note=change_note.strip(), created_by=actor)
    version.save()
    Criterion.objects.bulk_create(
        [Criterion(version=version, position=i, **row) for i, row in enumerate(cleaned)]
    )
    previous = rubric.versions.filter(number__lt=version.number).order_by("-number").first()
    audit_record(
        actor=actor,
        verb="rubric.version_create",
        obj=version,
        before=_version_snapshot(previous) if previous else None,
        after=_version_snapshot(version),
        note=version.change_note,
    )
    return version


@transaction.atomic
def rubric_version_normalise(
    *, version: RubricVersion, actor: User | None, verb: str = "rubric.version_edit"
) -> RubricVersion:
    """After an admin edit of an unused version: weights back to sum 1, and the change audited."""
    if rubric_version_is_locked(version=version):
        raise RubricVersionLocked(
            _("This rubric version has been used for scoring and can no longer change.")
        )
    criteria = list(version.criteria.all())
    total = sum(max(c.weight, 0.0) for c in criteria)
    if total > 0:
        for c in criteria:
            Criterion.objects.filter(pk=c.pk).update(weight=max(c.weight, 0.0) / total)
    audit_record(
        actor=actor, verb=verb, obj=version, after=_version_snapshot(version), note=version.change_note
    )
    return version


def rubric_version_is_locked(*, version: RubricVersion) -> bool:
    """Locked once anything has been scored on it (read from the database, not the instance)."""
    return RubricVersion.objects.filter(pk=version.pk, locked_at__isnull=False).exists()


@transaction.atomic
def rubric_version_mark_used(*, version: RubricVersion, actor: User | None = None) -> bool:
    """Call when something is scored on `version`; locks it the first time. Returns True if it locked now."""
    now = timezone.now()
    # update() on purpose: the model's save guard forbids changing a version, and locking is the one change allowed.
    changed = RubricVersion.objects.filter(pk=version.pk, locked_at__isnull=True).update(locked_at=now)
    if changed:
        version.locked_at = now
        audit_record(
            actor=actor, verb="rubric.version_lock", obj=version, after={"locked_at": now.isoformat()}
        )
    return bool(changed)
