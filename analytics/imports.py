"""Performance import from CSV or XLSX: check every row first (the preview), then save all rows or none."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.uploads import UploadLimits, table_rows

from .models import Metric, PerformanceRecord

COLUMNS = ("email", "metric", "period_start", "period_end", "value")
MAX_ROWS = 50_000  # a quarter's records for a large sales organisation; previews and imports in seconds
# Preview and confirm read the same stashed file under these same limits.
PERFORMANCE_LIMITS = UploadLimits(max_bytes=10 * 1024 * 1024, max_rows=MAX_ROWS, max_cells=MAX_ROWS * 10)
TEMPLATE_EXAMPLE = ("seller@example.com", "quota_attainment", "2026-01-01", "2026-01-31", 87.5)


@dataclass
class ImportRow:
    number: int  # the row in the file, header = 1
    data: dict[str, str]
    errors: list[str] = field(default_factory=list)
    person_id: int | None = None
    metric_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    value: float | None = None


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[str]

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [e for r in self.rows for e in r.errors]


def rows_from_file(*, name: str, content: bytes) -> list[list[str]]:
    """The file as rows of text cells (header first), from CSV or XLSX, under the import's limits."""
    return table_rows(name=name, content=content, limits=PERFORMANCE_LIMITS)


def performance_import_preview(*, rows: list[list[str]]) -> ImportPreview:
    """Every row checked: known email, known metric, ordered ISO dates, value a number in the metric's range."""
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        return ImportPreview(rows=[], file_errors=[_("The file is empty.")])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return ImportPreview(
            rows=[], file_errors=[_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    if len(rows) - 1 > MAX_ROWS:
        return ImportPreview(rows=[], file_errors=[_("At most %(max)s rows per file.") % {"max": MAX_ROWS}])

    parsed = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = {h: (raw[i].strip() if i < len(raw) else "") for i, h in enumerate(header)}
        parsed.append(ImportRow(number=number, data={c: cells.get(c, "") for c in COLUMNS}))

    # Two queries whatever the file size.
    emails = {r.data["email"].lower() for r in parsed}
    people = {e.lower(): pk for pk, e in User.objects.filter(email__in=emails).values_list("pk", "email")}
    metrics = {m.code: m for m in Metric.objects.all()}
    for row in parsed:
        import_row_check(row, people, metrics)
    return ImportPreview(rows=parsed, file_errors=[])


def import_row_check(row: ImportRow, people: dict[str, int], metrics: dict[str, Metric]) -> None:
    def error(column: str, message: str) -> None:
        row.errors.append(
            _("Row %(row)s, %(field)s: %(message)s")
            % {"row": row.number, "field": column, "message": message}
        )

    email = row.data["email"].lower()
    row.person_id = people.get(email)
    if row.person_id is None:
        error("email", _("no person with the email “%(email)s”.") % {"email": row.data["email"]})
    metric = metrics.get(row.data["metric"])
    if metric is None:
        error("metric", _("unknown metric “%(metric)s”.") % {"metric": row.data["metric"]})
    else:
        row.metric_id = metric.pk
    for column in ("period_start", "period_end"):
        try:
            setattr(
                row, "start" if column == "period_start" else "end", dt.date.fromisoformat(row.data[column])
            )
        except ValueError:
            error(column, _("“%(value)s” is not a date like 2026-01-31.") % {"value": row.data[column]})
    if row.start and row.end and row.end < row.start:
        error("period_end", _("the period ends before it starts."))
    try:
        value = float(row.data["value"].replace(",", "."))
        if not math.isfinite(value):
            raise ValueError
    except ValueError:
        error("value", _("“%(value)s” is not a number.") % {"value": row.data["value"]})
        return
    row.value = value
    if metric is not None and (
        (metric.min_value is not None and value < metric.min_value)
        or (metric.max_value is not None and value > metric.max_value)
    ):
        low = "−∞" if metric.min_value is None else f"{metric.min_value:g}"
        high = "∞" if metric.max_value is None else f"{metric.max_value:g}"
        error(
            "value",
            _("%(value)s is outside the valid range %(low)s–%(high)s for %(metric)s.")
            % {"value": f"{value:g}", "low": low, "high": high, "metric": metric.code},
        )


@transaction.atomic
def performance_import(*, rows: list[list[str]], actor: User | None) -> list[PerformanceRecord]:
    """Save every row, or none when any row is wrong (the error lists each bad row and field)."""
    preview = performance_import_preview(rows=rows)
    if preview.errors:
        raise ValidationError(preview.errors)
    created = PerformanceRecord.objects.bulk_create([_record(r) for r in preview.rows])
    audit_record(
        actor=actor,
        verb="performance.import",
        after={"rows": len(created), "people": len({r.person_id for r in preview.rows})},
    )
    return created


def _record(row: ImportRow) -> PerformanceRecord:
    # The preview passed, so every checked field is set.
    assert row.person_id and row.metric_id and row.start and row.end and row.value is not None
    return PerformanceRecord(
        person_id=row.person_id,
        metric_id=row.metric_id,
        period_start=row.start,
        period_end=row.end,
        value=row.value,
        source=PerformanceRecord.Source.IMPORT,
    )
