"""Reads from the rubric engine: versions with their criteria, and a side-by-side comparison of two versions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.roles import Role

from .models import Criterion, Rubric, RubricVersion

RUBRIC_READER_ROLES = frozenset({Role.TRAINER, Role.RECRUITER, Role.COACH, Role.ANALYST, Role.ADMIN})


def rubrics_with_versions() -> QuerySet[Rubric]:
    return Rubric.objects.prefetch_related(
        Prefetch("versions", queryset=RubricVersion.objects.order_by("-number").select_related("created_by"))
    ).order_by("name")


def rubric_version_with_criteria(*, pk: int) -> RubricVersion | None:
    return (
        RubricVersion.objects.select_related("rubric", "created_by")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")))
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    left: Criterion | None
    right: Criterion | None

    @property
    def weight_change(self) -> float | None:
        if self.left is None or self.right is None:
            return None
        return self.right.weight - self.left.weight

    @property
    def status(self) -> str:
        if self.left is None:
            return "added"
        if self.right is None:
            return "removed"
        fields = ("description", "scale_min", "scale_max", "anchor_low", "anchor_mid", "anchor_high")
        if abs(self.left.weight - self.right.weight) > 1e-9 or any(
            getattr(self.left, f) != getattr(self.right, f) for f in fields
        ):
            return "changed"
        return "same"


def rubric_versions_compare(*, left: RubricVersion, right: RubricVersion) -> list[ComparisonRow]:
    """Criteria matched by name (case-insensitive): left's order first, then those only on the right."""
    left_by = {c.name.lower(): c for c in left.criteria.all()}
    right_by = {c.name.lower(): c for c in right.criteria.all()}
    rows = [ComparisonRow(c.name, c, right_by.get(key)) for key, c in left_by.items()]
    rows += [ComparisonRow(c.name, None, c) for key, c in right_by.items() if key not in left_by]
    return rows
