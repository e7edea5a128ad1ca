"""The upload kit: files are stashed per user and expire; readers refuse bad encodings and huge files early."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.uploads import UploadLimits, csv_rows, decode_text, stash_get, upload_stash, xlsx_rows
from tests.factories.accounts import UserFactory

LIMITS = UploadLimits(max_bytes=1_000_000, max_rows=10, max_cells=100, max_unzipped_bytes=500_000)


@pytest.mark.parametrize(
    "raw",
    [
        "名字,Café".encode(),
        "\ufeff名字,Café".encode(),
        "\ufeff名字,Café".encode("utf-16-le"),
        "\ufeff名字,Café".encode("utf-16-be"),
    ],
)
def test_utf8_with_or_without_bom_and_utf16_with_bom_are_read(raw: bytes) -> None:
    assert decode_text(raw) == "名字,Café"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("Café".encode("latin-1"), "not valid UTF-8 text (byte 4"),
        ("name".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    ],
)
def test_other_encodings_are_refused_naming_the_problem(raw: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        decode_text(raw)


def test_xml_is_decoded_by_its_declaration() -> None:
    raw = '<?xml version="1.0" encoding="ISO-8859-1"?><quiz>Café</quiz>'.encode("latin-1")
    assert decode_text(raw, xml=True).endswith("<quiz>Café</quiz>")
    with pytest.raises(ValidationError, match="“x-klingon”, which is not known"):
        decode_text(b'<?xml version="1.0" encoding="x-klingon"?><quiz/>', xml=True)


def test_csv_is_refused_past_its_row_or_cell_limit() -> None:
    assert len(csv_rows(b"h\n" + b"1\n" * 10, LIMITS)) == 11
    with pytest.raises(ValidationError, match="more than 10 rows"):
        csv_rows(b"h\n" + b"1\n" * 11, LIMITS)
    with pytest.raises(ValidationError, match="more than 100 cells"):
        csv_rows(b",".join([b"x"] * 101), LIMITS)


def _xlsx(rows: int, *, dimension: str | None = None, padding: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for n in range(rows):
        sheet.append([n])
    out = io.BytesIO()
    book.save(out)
    if dimension is None and not padding:
        return out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                if dimension is not None:
                    data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data)
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * padding)
            target.writestr(item, data)
    return rebuilt.getvalue()


def test_a_small_workbook_is_read() -> None:
    assert xlsx_rows(_xlsx(3), LIMITS) == [["0"], ["1"], ["2"]]


def test_a_workbook_declaring_millions_of_cells_is_refused_before_reading() -> None:
    with pytest.raises(ValidationError, match="more than 10 rows"):
        xlsx_rows(_xlsx(2, dimension="A1:XFD1048576"), LIMITS)
    with pytest.raises(ValidationError, match="more than 100 cells"):
        xlsx_rows(_xlsx(2, dimension="A1:XFD5"), LIMITS)


def test_a_workbook_understating_its_size_is_still_stopped_while_streaming() -> None:
    with pytest.raises(ValidationError, match="more than 10 rows"):
        xlsx_rows(_xlsx(40, dimension="A1:A1"), LIMITS)


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    bomb = _xlsx(1, padding=2_000_000)
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError, match="unpacks to 1.9 MB"):
        xlsx_rows(bomb, LIMITS)


def test_a_damaged_workbook_is_refused() -> None:
    with pytest.raises(ValidationError, match="could not be read as an Excel workbook"):
        xlsx_rows(b"PK not really", LIMITS)


@pytest.mark.django_db
def test_a_stash_belongs_to_its_user_and_expires(settings) -> None:
    alice, bob = UserFactory(), UserFactory()
    stash = upload_stash(user=alice, upload=SimpleUploadedFile("../../q.gift", b"data"), limits=LIMITS)
    assert stash.name == "q.gift"
    found = stash_get(user=alice, token=stash.token)
    assert found is not None and found.read() == b"data"
    assert stash_get(user=bob, token=stash.token) is None
    assert stash_get(user=alice, token="../../etc") is None
    settings.RAMPWAY_UPLOAD_STASH_SECONDS = -1
    assert stash_get(user=alice, token=stash.token) is None


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_not_stashed() -> None:
    with pytest.raises(ValidationError, match="the largest file accepted is 0.0 MB"):
        upload_stash(
            user=UserFactory(),
            upload=SimpleUploadedFile("big.csv", b"x" * 2000),
            limits=UploadLimits(max_bytes=1000, max_rows=1, max_cells=1),
        )
