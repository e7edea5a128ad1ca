"""The hiring pages' tables, as the shared table and preview components draw them (no queries here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.translation import gettext as _

from core.components import Cell, Preview, PreviewRow, Table

from .imports import ImportPreview


def _when(value: Any) -> str:
    return date(value, "Y-m-d H:i") if value else ""


def _step(interview: Any) -> str:
    return (interview.step.name if interview.step else "") or "—"


def _candidate(interview: Any) -> Cell:
    return Cell(
        text=interview.candidate.name, href=reverse("hiring:candidate", args=[interview.candidate_id])
    )


def to_score_table(interviews: Iterable[Any]) -> Table:
    return Table(
        headers=[_("Candidate"), _("Requisition"), _("Interview"), _("My scorecard")],
        rows=[
            [
                _candidate(i),
                i.candidate.requisition.title,
                Cell(text=_step(i), meta=_when(i.scheduled_at)),
                Cell(text=_("Score now"), href=reverse("hiring:scorecard", args=[i.candidate_id])),
            ]
            for i in interviews
        ],
        labelledby="to-score",
        testid="to-score",
    )


def decisions_table(candidates: Iterable[Any]) -> Table:
    return Table(
        headers=[_("Candidate"), _("Requisition"), _("Stage"), _("Scorecards")],
        rows=[
            [
                Cell(text=c.name, href=reverse("hiring:candidate", args=[c.pk]) + "#decision"),
                c.requisition.title,
                c.get_stage_display(),
                c.n_scorecards,
            ]
            for c in candidates
        ],
        labelledby="to-decide",
        testid="to-decide",
    )


def requisitions_table(rows: Iterable[dict[str, Any]], stage_labels: Sequence[Any]) -> Table:
    return Table(
        headers=[_("Role"), _("Status"), _("Candidates"), *stage_labels],
        rows=[
            [
                Cell(
                    text=r["requisition"].title,
                    href=reverse("hiring:board", args=[r["requisition"].pk]),
                    meta=str(r["requisition"].team),
                ),
                r["requisition"].get_status_display(),
                r["total"],
                *r["stages"],
            ]
            for r in rows
        ],
        labelledby="my-requisitions",
        testid="requisitions",
    )


def done_table(interviews: Iterable[Any]) -> Table:
    return Table(
        headers=[_("Candidate"), _("Requisition"), _("Interview"), _("Submitted")],
        rows=[
            [
                _candidate(i),
                i.candidate.requisition.title,
                _step(i),
                _when(i.scorecard.submitted_at),
            ]
            for i in interviews
        ],
        labelledby="done",
        testid="done",
    )


def candidates_preview(*, preview: ImportPreview, token: str, cancel_url: str) -> Preview:
    return Preview(
        title=_("Preview"),
        totals=_("%(new)s new candidates; %(dup)s already in this requisition (same email) will be skipped.")
        % {"new": len(preview.new_rows), "dup": len(preview.duplicates)},
        headers=[_("Name"), _("Email"), _("Source"), ""],
        number_label=_("Row"),
        rows=[
            PreviewRow(
                number=row.number,
                cells=[
                    row.data.get("name", ""),
                    row.data.get("email", ""),
                    row.data.get("source", ""),
                    Cell(text=_("duplicate, skipped"), badge="")
                    if row.duplicate
                    else Cell(text=_("new"), badge="ok"),
                ],
                errors=row.errors,
            )
            for row in preview.rows
        ],
        file_errors=preview.file_errors,
        confirm_label=_("Import these candidates"),
        cancel_url=cancel_url,
        hidden={"token": token},
    )
