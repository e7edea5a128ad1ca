"""CSV import of candidates: parse and check every row first (the preview), then create them all or none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import audit_record
from core.uploads import UploadLimits, csv_rows, decode_text

from .models import Candidate, Requisition, SelfIdentification
from .services import candidate_create

REQUIRED_COLUMNS = ("name", "email")
OPTIONAL_COLUMNS = ("phone", "source", "sex", "race_ethnicity", "age_band")
MAX_ROWS = 5000
# Preview and confirm read the same stashed file under these same limits.
CANDIDATE_LIMITS = UploadLimits(max_bytes=2 * 1024 * 1024, max_rows=MAX_ROWS, max_cells=MAX_ROWS * 10)


@dataclass
class ImportRow:
    number: int  # the line in the file, header = 1
    data: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    duplicate: bool = False


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    file_errors: list[str]

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [e for r in self.rows for e in r.errors]

    @property
    def new_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.duplicate and not r.errors]

    @property
    def duplicates(self) -> list[ImportRow]:
        return [r for r in self.rows if r.duplicate]


def _choice(value: str, choices: Any, row: int, column: str, errors: list[str]) -> str | None:
    value = value.strip()
    if not value:
        return None
    by_key = {k.lower(): k for k in choices.values} | {str(label).lower(): k for k, label in choices.choices}
    found = by_key.get(value.lower())
    if found is None:
        errors.append(
            _("Row %(row)s, %(column)s: “%(value)s” is not one of: %(allowed)s.")
            % {"row": row, "column": column, "value": value, "allowed": ", ".join(choices.values)}
        )
    return found


def candidates_text(raw: bytes) -> str:
    """The file's text once its size, rows and cells pass the limits; the encoding error names the problem."""
    csv_rows(raw, CANDIDATE_LIMITS)
    return decode_text(raw)


def candidates_import_preview(*, requisition: Requisition, text: str) -> ImportPreview:
    """Check every row; duplicates (same email in this requisition already) are skipped, not errors."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return ImportPreview(
            [], [_("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}]
        )
    reader.fieldnames = header
    existing = set(
        Candidate.objects.filter(requisition=requisition).exclude(email="").values_list("email", flat=True)
    )
    seen: dict[str, int] = {}
    rows: list[ImportRow] = []
    for number, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            return ImportPreview(rows, [_("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS}])
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(values.values()):
            continue
        errors: list[str] = []
        email = values.get("email", "").lower()
        if not values.get("name"):
            errors.append(_("Row %(row)s, name: a name is required.") % {"row": number})
        if not email:
            errors.append(_("Row %(row)s, email: an email address is required.") % {"row": number})
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    _("Row %(row)s, email: “%(value)s” is not an email address.")
                    % {"row": number, "value": email}
                )
            if email in seen:
                errors.append(
                    _("Row %(row)s, email: the same address is already on row %(other)s.")
                    % {"row": number, "other": seen[email]}
                )
            seen.setdefault(email, number)
        if len(values.get("phone", "")) > 40:
            errors.append(_("Row %(row)s, phone: at most 40 characters.") % {"row": number})
        if len(values.get("name", "")) > 160:
            errors.append(_("Row %(row)s, name: at most 160 characters.") % {"row": number})
        data: dict[str, Any] = {
            "name": values.get("name", ""),
            "email": email,
            "phone": values.get("phone", ""),
        }
        data["source"] = (
            _choice(values.get("source", ""), Candidate.Source, number, "source", errors)
            or Candidate.Source.OTHER
        )
        self_id = {
            "sex": _choice(values.get("sex", ""), SelfIdentification.Sex, number, "sex", errors),
            "race_ethnicity": _choice(
                values.get("race_ethnicity", ""),
                SelfIdentification.Ethnicity,
                number,
                "race_ethnicity",
                errors,
            ),
            "age_band": _choice(
                values.get("age_band", ""), SelfIdentification.AgeBand, number, "age_band", errors
            ),
        }
        data["self_identification"] = {k: v for k, v in self_id.items() if v} or None
        rows.append(ImportRow(number, data, errors, duplicate=email in existing and not errors))
    if not rows:
        return ImportPreview([], [_("The file has no candidate rows.")])
    return ImportPreview(rows, [])


@transaction.atomic
def candidates_import(*, requisition: Requisition, text: str, actor: User | None) -> ImportPreview:
    """Create every new candidate in the file, or none if any row is wrong (raises ValidationError listing them)."""
    preview = candidates_import_preview(requisition=requisition, text=text)
    if preview.errors:
        raise ValidationError(preview.errors)
    for row in preview.new_rows:
        candidate_create(requisition=requisition, actor=actor, **row.data)
    audit_record(
        actor=actor,
        verb="candidate.import",
        obj=requisition,
        after={"created": len(preview.new_rows), "skipped_duplicates": len(preview.duplicates)},
    )
    return preview
