"""A question file in another encoding is read by its BOM or XML declaration, or refused by name — never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.django_db

XML = (
    '<?xml version="1.0" encoding="{encoding}"?>\n<quiz><question type="truefalse"><name><text>Café</text></name>'
    "<questiontext><text>Le café est chaud.</text></questiontext>"
    '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
    "</question></quiz>\n"
)
GIFT = "::Café::Le café est chaud.{T}\n"


def _post(client, fmt: str, name: str, raw: bytes):  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    return client.post(
        "/exams/banks/upload/", {"bank": bank.pk, "format": fmt, "file": SimpleUploadedFile(name, raw)}
    )


@pytest.mark.parametrize(
    ("fmt", "raw"),
    [
        ("moodlexml", XML.format(encoding="ISO-8859-1").encode("latin-1")),
        ("moodlexml", XML.format(encoding="UTF-16").encode("utf-16")),
        ("moodlexml", b"\xef\xbb\xbf" + XML.format(encoding="UTF-8").encode()),
        ("gift", GIFT.encode("utf-16")),
        ("gift", b"\xef\xbb\xbf" + GIFT.encode()),
    ],
)
def test_a_declared_or_marked_encoding_is_decoded(login_as, fmt: str, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    response = _post(login_as("trainer"), fmt, "q.txt", raw)
    assert response.status_code == 200
    assert "Le café est chaud." in response.content.decode()


@pytest.mark.parametrize(
    ("fmt", "raw", "message"),
    [
        ("moodlexml", XML.replace(' encoding="{encoding}"', "").encode("latin-1"), "not valid UTF-8 text"),
        ("moodlexml", XML.format(encoding="x-unknown").encode(), "“x-unknown”, which is not known"),
        ("gift", GIFT.encode("latin-1"), "not valid UTF-8 text"),
        ("gift", GIFT.encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    ],
)
def test_an_unreadable_encoding_is_refused_by_name(login_as, fmt: str, raw: bytes, message: str) -> None:  # type: ignore[no-untyped-def]
    response = _post(login_as("trainer"), fmt, "q.txt", raw)
    assert response.status_code == 400
    assert message in response.content.decode()
