"""The one exporter for table downloads: formula-safe CSV streamed in constant memory, and XLSX written row by row.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (and TAB/CR lead some
importers to the same place), so a learner named ``=HYPERLINK(…)`` would run code on the analyst's machine.
Every text cell of every export passes through :func:`csv_cell` or :func:`xlsx_cell`; numbers stay numbers, so a
negative value is still a number and not text.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters XML 1.0 cannot carry; openpyxl refuses them, so they are dropped rather than failing the export.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FILENAME_UNSAFE = re.compile(r"[^\w.\- ]+")

Row = Sequence[Any]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def csv_cell(value: object) -> object:
    """A number as it is; anything else as text, with a leading ``'`` when a spreadsheet would run it."""
    if _is_number(value):
        return value
    text = _text(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def xlsx_cell(value: object) -> object:
    """A number or date as itself; anything else as text (the caller marks it a string, never a formula).

    An aware datetime becomes the site's local wall-clock time without a zone: openpyxl refuses aware values,
    and a spreadsheet has no zone of its own, so the reader sees the time the pages show.
    """
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value, timezone.get_default_timezone())
    if _is_number(value) or isinstance(value, dt.date):
        return value
    return _XML_ILLEGAL.sub("", _text(value))


def export_filename(name: str, extension: str) -> str:
    """A download name with no path, quote or control character in it, ending in the right extension."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if stem.lower().endswith("." + extension):
        stem = stem[: -len(extension) - 1]
    stem = _FILENAME_UNSAFE.sub("-", stem).strip(" .-") or "export"
    return f"{stem[:120]}.{extension}"


class _Echo:
    """A file-like object whose write returns the line, so csv.writer produces chunks for a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: Row, rows: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly (Chinese names) only with a BOM
    yield writer.writerow([csv_cell(c) for c in header])
    for row in rows:
        yield writer.writerow([csv_cell(c) for c in row])


def csv_response(*, filename: str, header: Row, rows: Iterable[Row]) -> StreamingHttpResponse:
    """Stream the table as CSV: rows are read from the iterable as the client downloads, never all held."""
    response = StreamingHttpResponse(_csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(filename, "csv")) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response


def xlsx_write(out: Any, *, header: Row, rows: Iterable[Row], sheet_title: str = "export") -> None:
    """Write one sheet in openpyxl's write-only mode (rows go to disk as they come) to a path or binary file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_XML_ILLEGAL.sub("", sheet_title)[:31] or "export")

    def cells(row: Row) -> list[WriteOnlyCell]:
        out_cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=xlsx_cell(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text that starts with "=" is still text, not a formula
            out_cells.append(cell)
        return out_cells

    sheet.append(cells(header))
    for row in rows:
        sheet.append(cells(row))
    book.save(out)


def xlsx_response(
    *, filename: str, header: Row, rows: Iterable[Row], sheet_title: str = "export"
) -> FileResponse:
    """The table as an XLSX download, built in a temporary file and streamed from it."""
    # Spills to disk past 1 MB, so a large export costs disk, not memory; closed (deleted) with the response.
    buffer = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - the response closes it
    xlsx_write(buffer, header=header, rows=rows, sheet_title=sheet_title)
    buffer.seek(0)
    response = FileResponse(
        buffer, as_attachment=True, filename=export_filename(filename, "xlsx"), content_type=XLSX_CONTENT_TYPE
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def table_response(
    fmt: str, *, filename: str, header: Row, rows: Iterable[Row], sheet_title: str = "export"
) -> StreamingHttpResponse | FileResponse:
    """CSV or XLSX by name (``fmt`` is "csv" or "xlsx"); ``filename`` has no extension."""
    if fmt == "xlsx":
        return xlsx_response(filename=filename, header=header, rows=rows, sheet_title=sheet_title)
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=rows)
    raise ValueError(f"unknown export format {fmt!r}")
