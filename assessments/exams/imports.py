"""One entry point for both formats, shared by the command and the upload page."""

from __future__ import annotations

from .formats import ParsedQuestion, ParseError
from .formats.gift import parse_gift
from .formats.moodlexml import parse_moodlexml

FORMATS = ("gift", "moodlexml")


def parse_questions(raw: bytes, fmt: str) -> list[ParsedQuestion]:
    if fmt == "moodlexml":
        return parse_moodlexml(raw)
    if fmt == "gift":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ParseError(f"the file is not UTF-8 text (byte {exc.start})") from None
        return parse_gift(text)
    raise ParseError(f"unknown format {fmt!r}")
