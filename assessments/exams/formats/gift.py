"""GIFT (Moodle's plain-text question format) → ParsedQuestion; a pure function of the text."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ..vocabulary import QuestionType
from . import ParsedQuestion, ParseError, category_path, checked_fraction, default_name

# Escaped characters become private-use placeholders while parsing, and are restored at the end.
_ESCAPES = {
    "\\\\": "\ue000",
    "\\:": "\ue001",
    "\\#": "\ue002",
    "\\=": "\ue003",
    "\\{": "\ue004",
    "\\}": "\ue005",
    "\\~": "\ue006",
}
_RESTORE = {v: k[1] for k, v in _ESCAPES.items()}
_ESCAPE_RE = re.compile(r"\\[\\:#={}~]|\\n")
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_PERCENT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _escape(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: "\n" if m.group(0) == "\\n" else _ESCAPES[m.group(0)], text)


def _restore(text: str) -> str:
    for placeholder, char in _RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    match = _FORMAT_RE.match(text)
    if match:
        return _restore(text[match.end() :].strip()), match.group(1).lower()
    return _restore(text.strip()), default


def _blocks(source: str) -> list[tuple[int, str]]:
    """Questions are separated by blank lines; `//` comment lines are dropped."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(source.splitlines(), start=1):
        if line.lstrip().startswith("//"):
            continue
        if not line.strip():
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def _split_answers(answer_text: str) -> list[str]:
    """Moodle's rule: every `~` or `=` starts an answer (escaped ones were replaced already)."""
    pieces = answer_text.replace("=", "~=").split("~")
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    return pieces


def _weighted(piece: str, *, default: float, ctx: dict[str, Any]) -> tuple[str, float]:
    piece = piece.strip()
    match = _PERCENT_RE.match(piece)
    if match:
        return piece[match.end() :], checked_fraction(float(match.group(1)), **ctx)
    return piece, default


def _split_feedback(piece: str) -> tuple[str, str]:
    text, _, feedback = piece.partition("#")
    return text, _with_format(feedback, "moodle")[0]


def _number(raw: str, ctx: dict[str, Any]) -> tuple[float, float]:
    raw = _restore(raw).strip()
    try:
        if ".." in raw:
            # Decimal arithmetic so 3.141..3.142 gives exactly 3.1415 ± 0.0005.
            low, high = (Decimal(x.strip()) for x in raw.split("..", 1))
            return float((low + high) / 2), float(abs(high - low) / 2)
        if ":" in raw:
            value, tolerance = raw.split(":", 1)
            return float(value), abs(float(tolerance))
        return float(raw), 0.0
    except (ValueError, InvalidOperation):
        raise ParseError(f"{raw!r} is not a number, a value:tolerance or a min..max range", **ctx) from None


def _numerical(answer_text: str, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    body = answer_text[1:]
    wrong_feedback = None
    if "~" in body:
        body, _, wrong = body.partition("~")
        wrong_feedback = _with_format(wrong.lstrip("#"), "moodle")[0] if wrong.strip() else ""
    pieces = body.split("=")
    if pieces and not pieces[0].strip():
        pieces = pieces[1:]
    if not pieces:
        raise ParseError("a numerical question needs at least one answer", **ctx)
    answers: list[dict[str, Any]] = []
    for piece in pieces:
        piece, fraction = _weighted(piece, default=1.0, ctx=ctx)
        raw, feedback = _split_feedback(piece)
        value, tolerance = _number(raw, ctx)
        answers.append({"value": value, "tolerance": tolerance, "fraction": fraction, "feedback": feedback})
    if wrong_feedback is not None:
        answers.append({"value": None, "tolerance": 0.0, "fraction": 0.0, "feedback": wrong_feedback})
    return answers


def _question(number: int, line: int, block: str, category: str) -> ParsedQuestion:
    text = block.strip()
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise ParseError("the question name is not closed with '::'", number=number, line=line)
        name = _restore(text[2:end]).strip()
        text = text[end + 2 :].strip()
    ctx: dict[str, Any] = {"number": number, "name": name, "line": line}
    start = text.find("{")
    if start < 0:
        question_text, text_format = _with_format(text)
        return ParsedQuestion(
            number,
            line,
            name or default_name(question_text),
            QuestionType.DESCRIPTION,
            category,
            question_text,
            text_format,
        )
    finish = text.find("}", start)
    if finish < 0:
        raise ParseError("the answers are not closed with '}'", **ctx)
    answer_text = text[start + 1 : finish].strip()
    if text.endswith("}"):
        raw_text = text[:start] + text[finish + 1 :]
    else:
        raw_text = text[:start] + "_____" + text[finish + 1 :]
    question_text, text_format = _with_format(raw_text)
    ctx["name"] = name = name or default_name(question_text)
    general_feedback = ""
    if "####" in answer_text:
        answer_text, _, general = answer_text.partition("####")
        answer_text = answer_text.strip()
        general_feedback = _with_format(general, "moodle")[0]
    q = ParsedQuestion(number, line, name, "", category, question_text, text_format, general_feedback)

    if answer_text == "":
        q.qtype = QuestionType.ESSAY
    elif answer_text.startswith("#"):
        q.qtype = QuestionType.NUMERICAL
        q.answers = _numerical(answer_text, ctx)
    elif "~" in answer_text:
        q.qtype = QuestionType.MULTICHOICE
        q.single = "=" in answer_text
        for piece in _split_answers(answer_text):
            default = 1.0 if piece.startswith("=") else 0.0
            piece, fraction = _weighted(piece[1:] if piece[:1] in "=~" else piece, default=default, ctx=ctx)
            raw, feedback = _split_feedback(piece)
            q.answers.append({"text": _with_format(raw)[0], "fraction": fraction, "feedback": feedback})
    elif "=" not in answer_text:
        q.qtype = QuestionType.TRUEFALSE
        word, *feedbacks = answer_text.split("#")
        word = word.strip().upper()
        if word not in ("T", "TRUE", "F", "FALSE"):
            raise ParseError(
                f"a true/false answer must be T, TRUE, F or FALSE, not {_restore(word)!r}", **ctx
            )
        correct = word.startswith("T")
        wrong_feedback = _with_format(feedbacks[0])[0] if feedbacks else ""
        right_feedback = _with_format(feedbacks[1])[0] if len(feedbacks) > 1 else ""
        q.answers = [
            {
                "text": "true",
                "fraction": 1.0 if correct else 0.0,
                "feedback": right_feedback if correct else wrong_feedback,
            },
            {
                "text": "false",
                "fraction": 0.0 if correct else 1.0,
                "feedback": wrong_feedback if correct else right_feedback,
            },
        ]
    elif "->" in answer_text:
        q.qtype = QuestionType.MATCHING
        for piece in _split_answers(answer_text):
            if "->" not in piece:
                raise ParseError(f"matching pair {_restore(piece.strip())!r} has no '->'", **ctx)
            left, _, right = piece.lstrip("=").partition("->")
            q.answers.append({"question": _with_format(left)[0], "answer": _with_format(right)[0]})
        if sum(1 for a in q.answers if a["question"]) < 2:
            raise ParseError("a matching question needs at least two pairs", **ctx)
    else:
        q.qtype = QuestionType.SHORTANSWER
        for piece in _split_answers(answer_text):
            piece, fraction = _weighted(piece.lstrip("="), default=1.0, ctx=ctx)
            raw, feedback = _split_feedback(piece)
            q.answers.append({"text": _with_format(raw)[0], "fraction": fraction, "feedback": feedback})
    if q.qtype == QuestionType.MULTICHOICE and len(q.answers) < 2:
        raise ParseError("a multiple-choice question needs at least two answers", **ctx)
    if q.qtype in (QuestionType.MULTICHOICE, QuestionType.SHORTANSWER, QuestionType.NUMERICAL) and not any(
        a["fraction"] > 0 for a in q.answers
    ):
        raise ParseError("no answer gets any credit", **ctx)
    return q


def parse_gift(source: str) -> list[ParsedQuestion]:
    """Every question in file order; raises ParseError naming the question and line on invalid input."""
    questions: list[ParsedQuestion] = []
    category = ""
    for line, block in _blocks(_escape(source.lstrip("\ufeff"))):
        if block.lstrip().startswith("$CATEGORY:"):
            first, _, rest = block.lstrip().partition("\n")
            category = category_path(_restore(first[len("$CATEGORY:") :]))
            if not rest.strip():
                continue
            block = rest
        questions.append(_question(len(questions) + 1, line, block, category))
    return questions
