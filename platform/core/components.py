"""What the shared table, upload-form and preview-table templates draw, built in Python so every page's data
table has the same markup: a caption, scoped headers, a label on every cell for the 375 px reflow, an empty state.

Views (or an app's presentation module) build a :class:`Table` or :class:`Preview` from rows they already
loaded, so a page's query count does not change; the templates in ``core/components/`` only draw them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.uploads import UploadLimits


@dataclass(frozen=True)
class Cell:
    """One table cell: text, optionally a link, a second muted line, or a badge (``badge`` is its CSS class)."""

    text: Any
    href: str = ""
    meta: Any = ""
    badge: str | None = None
    items: Sequence[Any] = ()  # a short list drawn as <ul> under the text (e.g. a question's correct answers)


@dataclass(frozen=True)
class LabelledCell:
    label: str
    cell: Cell


def cell(value: Any) -> Cell:
    return value if isinstance(value, Cell) else Cell(text="—" if value is None or value == "" else value)


@dataclass
class Table:
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    empty: str = ""
    caption: str = ""
    labelledby: str = ""
    compact: bool = False
    testid: str = ""
    row_header: bool = False  # the first cell names the row (<th scope="row">)

    def labelled_rows(self) -> list[list[LabelledCell]]:
        return [
            [LabelledCell(label=str(h), cell=cell(v)) for h, v in zip(self.headers, row, strict=True)]
            for row in self.rows
        ]


@dataclass
class PreviewRow:
    number: int  # the row (or question) in the file, as the errors name it
    cells: Sequence[Any]
    errors: Sequence[str] = ()


@dataclass
class Preview:
    """The stash → preview step: what would be saved, or every problem by row and field, and confirm/cancel.

    ``hidden`` are the fields the confirm form posts back (the stash token and the choices that go with it).
    """

    headers: Sequence[str]
    rows: Sequence[PreviewRow]
    title: str
    totals: str
    confirm_label: str
    cancel_url: str
    hidden: Mapping[str, Any] = field(default_factory=dict)
    file_errors: Sequence[str] = ()
    number_label: str = "#"
    shown: int | None = None  # draw only the first n rows (a summary line says how many more)

    @property
    def errors(self) -> list[str]:
        return [*self.file_errors, *(e for r in self.rows for e in r.errors)]

    @property
    def table(self) -> Table:
        rows = self.rows if self.shown is None else self.rows[: self.shown]
        return Table(
            headers=[self.number_label, *self.headers],
            rows=[[r.number, *r.cells] for r in rows],
            compact=True,
            row_header=True,
            labelledby="preview",
        )

    @property
    def hidden_rows(self) -> int:
        return 0 if self.shown is None else max(0, len(self.rows) - self.shown)


def limits_text(limits: UploadLimits) -> dict[str, str]:
    """The numbers the upload form states next to its file input."""
    return {"megabytes": f"{limits.max_bytes / 1_048_576:g}", "rows": f"{limits.max_rows}"}
