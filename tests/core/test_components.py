"""The shared table, upload-form and preview-table components draw what they are given, and say what is missing."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from core.components import Cell, Preview, PreviewRow, Table, limits_text
from core.uploads import UploadLimits


def _table(**kwargs) -> str:  # type: ignore[no-untyped-def]
    return render_to_string("core/components/table.html", {"table": Table(**kwargs)})


def test_a_table_labels_every_cell_with_its_column_for_the_narrow_reflow() -> None:
    html = _table(
        headers=["Name", "Team"],
        rows=[[Cell(text="Ana", href="/p/1/", meta="new"), None]],
        caption="People",
        testid="people",
    )
    assert "<caption>People</caption>" in html
    assert '<th scope="col">Name</th><th scope="col">Team</th>' in html
    assert (
        '<td data-label="Name">' in html
        and '<a href="/p/1/">Ana</a><br><span class="meta">new</span>' in html
    )
    assert '<td data-label="Team">' in html and "—" in html  # a missing value is a dash, not a blank
    assert 'data-testid="people"' in html and 'class="data-table"' in html


def test_an_empty_table_shows_its_empty_state_and_no_table() -> None:
    html = _table(headers=["Name"], rows=[], empty="Nobody yet.")
    assert '<p class="empty">Nobody yet.</p>' in html and "<table" not in html


def test_cell_text_is_escaped() -> None:
    html = _table(headers=["Name"], rows=[["<b>x</b>"]])
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def _preview(**kwargs) -> Preview:  # type: ignore[no-untyped-def]
    defaults = {
        "headers": ["Email"],
        "rows": [
            PreviewRow(number=2, cells=["a@example.com"]),
            PreviewRow(number=3, cells=["b@example.com"]),
        ],
        "title": "Preview",
        "totals": "2 rows ready.",
        "confirm_label": "Import these",
        "cancel_url": "/import/",
        "hidden": {"token": "abc"},
    }
    return Preview(**(defaults | kwargs))


def test_a_clean_preview_shows_rows_totals_and_confirm_with_the_token() -> None:
    request = RequestFactory().get("/")
    html = render_to_string("core/components/preview_table.html", {"preview": _preview()}, request=request)
    assert '<th scope="row" data-label="#">' in html and "b@example.com" in html
    assert "2 rows ready." in html
    assert '<input type="hidden" name="token" value="abc">' in html
    assert ">Import these</button>" in html and 'href="/import/"' in html


def test_a_preview_with_row_errors_lists_them_and_offers_no_confirm() -> None:
    rows = [PreviewRow(number=3, cells=["x"], errors=["Row 3, email: not an address."])]
    html = render_to_string("core/components/preview_table.html", {"preview": _preview(rows=rows)})
    assert "Row 3, email: not an address." in html and "Nothing was imported" in html
    assert "Import these" not in html


def test_a_long_preview_draws_the_first_rows_and_counts_the_rest() -> None:
    rows = [PreviewRow(number=n, cells=[f"p{n}@example.com"]) for n in range(2, 12)]
    html = render_to_string("core/components/preview_table.html", {"preview": _preview(rows=rows, shown=4)})
    assert "p5@example.com" in html and "p6@example.com" not in html
    assert "and 6 more rows." in html


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A")], label="Kind")
    file = forms.FileField(label="File")


def test_the_upload_form_states_accepted_types_and_the_limit_and_ties_errors_to_the_file() -> None:
    form = _Form(data={"kind": "a"}, files={})
    form.is_valid()
    limits = limits_text(UploadLimits(max_bytes=2 * 1024 * 1024, max_rows=500, max_cells=5000))
    html = render_to_string(
        "core/components/upload_form.html",
        {"form": form, "limits": limits, "accept": ".csv", "types": "CSV"},
        request=RequestFactory().get("/"),
    )
    assert 'accept=".csv"' in html and 'aria-describedby="id_file_limits"' in html
    assert "Accepted: CSV. Largest file: 2 MB, at most 500 rows." in html
    assert 'aria-invalid="true"' in html and "This field is required." in html
    assert 'enctype="multipart/form-data"' in html and ">Preview</button>" in html
