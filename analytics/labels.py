"""Fairness groups and selections in the words the fairness tables print, so every message agrees with them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

DIMENSION_LABELS = {
    "sex": gettext_lazy("Sex"),
    "race_ethnicity": gettext_lazy("Race/ethnicity"),
    "intersection": gettext_lazy("Sex × race/ethnicity"),
}


def group_label(dimension: str, code: str) -> str:
    """ "female · asian" in the intersection table → "Female · Asian", as the self-identification form words it."""
    from assessments.hiring.models import SelfIdentification

    sex = dict(SelfIdentification.Sex.choices)
    ethnicity = dict(SelfIdentification.Ethnicity.choices)
    # Both choice lists have an "other"; which one applies depends on the part's position.
    parts_labels = {"sex": [sex], "race_ethnicity": [ethnicity], "intersection": [sex, ethnicity]}.get(
        dimension, [{}]
    )
    out = []
    for i, part in enumerate(code.split(" · ")):
        labels = parts_labels[min(i, len(parts_labels) - 1)]
        out.append(str(_("Not answered")) if part == "unknown" else str(labels.get(part, part)))
    return " · ".join(out)


def flagged_group_labels(codes: Iterable[str]) -> list[str]:
    """["race_ethnicity: asian"] (as the composite check stores them) → ["Race/ethnicity: Asian"]."""
    out = []
    for code in codes:
        dimension, _sep, group = code.partition(": ")
        out.append(f"{DIMENSION_LABELS.get(dimension, dimension)}: {group_label(dimension, group)}")
    return out


def adverse_impact_message(fairness: dict[str, Any]) -> str:
    """The one sentence about groups a weight proposal newly flags; empty when it flags none.

    The check compares pass/fail at the composite cut (the proposed weights pass as many applicants as the
    current ones do at the cut), not the stage selections, so the sentence says so.
    """
    groups = flagged_group_labels(fairness.get("introduced", []))
    if not groups:
        return ""
    message = ngettext(
        "At the composite cut (as many applicants passing as pass at %(cut)s with the current weights), the "
        "proposed weights would put %(groups)s below an impact ratio of 0.8; the current weights keep this "
        "group at or above it.",
        "At the composite cut (as many applicants passing as pass at %(cut)s with the current weights), the "
        "proposed weights would put %(groups)s below an impact ratio of 0.8; the current weights keep these "
        "groups at or above it.",
        len(groups),
    ) % {"cut": fairness.get("cut", "—"), "groups": "; ".join(groups)}
    small = len(fairness.get("introduced_small", []))
    if small == len(groups):
        reliability = ngettext(
            "This flag rests on small numbers (one person's outcome would change it), so it is weak evidence "
            "of adverse impact; it still blocks adoption until someone looks.",
            "These flags rest on small numbers (one person's outcome would change each), so they are weak "
            "evidence of adverse impact; they still block adoption until someone looks.",
            len(groups),
        )
    elif small:
        reliability = ngettext(
            "%(small)s of these flags rests on small numbers (one person's outcome would change it); the others "
            "do not.",
            "%(small)s of these flags rest on small numbers (one person's outcome would change them); the "
            "others do not.",
            small,
        ) % {"small": small}
    else:
        reliability = ngettext(
            "The group is large enough that one person's outcome would not change the flag.",
            "The groups are large enough that one person's outcome would not change the flags.",
            len(groups),
        )
    return f"{message} {reliability}"
