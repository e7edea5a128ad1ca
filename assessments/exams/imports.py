"""One entry point for both formats, shared by the command and the upload page: decode, parse, and preview rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.uploads import UploadLimits, decode_text

from .formats import ParsedQuestion, ParseError
from .formats.gift import parse_gift
from .formats.moodlexml import parse_moodlexml
from .vocabulary import QuestionType

FORMATS = ("gift", "moodlexml")
# The upload page's preview and its confirm read the stashed file under these same limits (rows = questions).
QUESTION_LIMITS = UploadLimits(max_bytes=5 * 1024 * 1024, max_rows=2000, max_cells=2000)
# `manage.py import_questions` is run by an operator on a whole library export (a 10,000-question file parses in
# seconds), so it takes larger files than the upload page, whose preview is read in a browser.
COMMAND_LIMITS = UploadLimits(max_bytes=50 * 1024 * 1024, max_rows=50_000, max_cells=50_000)


def parse_questions(raw: bytes, fmt: str, *, limits: UploadLimits = QUESTION_LIMITS) -> list[ParsedQuestion]:
    """Every question of a GIFT or Moodle XML file; ParseError names the question and line, or the encoding."""
    if fmt not in FORMATS:
        raise ParseError(f"unknown format {fmt!r}")
    if len(raw) > limits.max_bytes:
        raise ParseError(
            _("The file is larger than %(limit)s MB.") % {"limit": limits.max_bytes // 1_048_576}
        )
    try:
        text = decode_text(raw, xml=fmt == "moodlexml")
    except ValidationError as exc:
        raise ParseError(" ".join(exc.messages)) from None
    questions = parse_moodlexml(text) if fmt == "moodlexml" else parse_gift(text)
    if len(questions) > limits.max_rows:
        raise ParseError(
            _("The file has more than %(max)s questions; split it into smaller files.")
            % {"max": limits.max_rows}
        )
    return questions


def _correct_answers(question: ParsedQuestion) -> list[str]:
    if question.qtype == QuestionType.MATCHING:
        return [f"{strip_tags(a['question'])} → {strip_tags(a['answer'])}" for a in question.answers]
    if question.qtype == QuestionType.NUMERICAL:
        return [
            f"{float(a['value']):g} ± {float(a['tolerance']):g}"
            for a in question.answers
            if a.get("value") is not None and float(a["fraction"]) > 0
        ]
    right = [a for a in question.answers if float(a.get("fraction", 0)) > 0]
    return [
        strip_tags(str(a["text"])) + ("" if float(a["fraction"]) >= 1 else f" ({float(a['fraction']):.0%})")
        for a in right
    ]


def questions_preview(questions: list[ParsedQuestion]) -> list[dict[str, Any]]:
    """What the trainer checks before saving: each question's text and its correct answers, as plain text."""
    return [
        {
            "name": strip_tags(q.name),
            "type": q.qtype,
            "category": q.category,
            "text": strip_tags(q.text),
            "correct": _correct_answers(q),
        }
        for q in questions
    ]
