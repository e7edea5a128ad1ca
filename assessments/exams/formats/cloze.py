"""Moodle's Cloze (embedded answers) syntax ⇄ our multianswer form: text with {#1}, {#2}… and subquestions (pure)."""

from __future__ import annotations

import re
from typing import Any

from ..grading import valid_grade
from ..vocabulary import QuestionType

_FIELD = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^}\\])*)\}")
_TYPES = {
    **dict.fromkeys(
        ("MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS")
        + ("MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS"),
        QuestionType.MULTICHOICE,
    ),
    **dict.fromkeys(("SHORTANSWER", "SA", "MW"), QuestionType.SHORTANSWER),
    **dict.fromkeys(("SHORTANSWER_C", "SAC", "MWC"), QuestionType.SHORTANSWER),
    **dict.fromkeys(("NUMERICAL", "NM"), QuestionType.NUMERICAL),
}
_ESCAPED = re.compile(r"\\(.)")


class ClozeError(ValueError):
    """A Cloze field that cannot be read; the message names the field (1, 2, …)."""


def _split(raw: str, sep: str) -> list[str]:
    parts, current, i = [], "", 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            current += raw[i : i + 2]
            i += 2
            continue
        if raw[i] == sep:
            parts.append(current)
            current = ""
        else:
            current += raw[i]
        i += 1
    parts.append(current)
    return parts


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text).strip()


def _answer(raw: str, qtype: str, field: int) -> dict[str, Any]:
    body, *feedback = _split(raw, "#")
    fraction = 0.0
    if body.startswith("="):
        fraction, body = 1.0, body[1:]
    elif body.startswith("%"):
        end = body.find("%", 1)
        try:
            percent = float(body[1:end])
        except ValueError:
            raise ClozeError(f"field {field}: {body[: end + 1]!r} is not a grade") from None
        grade = valid_grade(percent / 100)
        if end < 0 or grade is None:
            raise ClozeError(f"field {field}: {percent:g}% is not a valid Moodle grade")
        fraction, body = grade, body[end + 1 :]
    answer: dict[str, Any] = {"fraction": fraction, "feedback": _unescape(feedback[0]) if feedback else ""}
    text = _unescape(body)
    if qtype == QuestionType.NUMERICAL:
        value, _sep, tolerance = text.partition(":")
        try:
            answer |= {
                "value": None if value == "*" else float(value),
                "tolerance": abs(float(tolerance or 0)),
            }
        except ValueError:
            raise ClozeError(f"field {field}: {text!r} is not a number or number:tolerance") from None
    else:
        answer["text"] = text
    return answer


def parse_cloze(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text with each field replaced by {#n}, and the subquestions in order (mark, type, answers)."""
    subquestions: list[dict[str, Any]] = []

    def field(match: re.Match[str]) -> str:
        number = len(subquestions) + 1
        kind = _TYPES.get(match.group(2))
        if kind is None:
            raise ClozeError(f"field {number}: the type {match.group(2)} is not supported")
        answers = [_answer(raw, kind, number) for raw in _split(match.group(3), "~") if raw.strip()]
        if not any(a["fraction"] > 0 for a in answers):
            raise ClozeError(f"field {number}: no answer gets any credit")
        sub: dict[str, Any] = {"type": kind, "mark": float(match.group(1) or 1), "answers": answers}
        if match.group(2) in ("SHORTANSWER_C", "SAC", "MWC"):
            sub["case_sensitive"] = True
        subquestions.append(sub)
        return f"{{#{number}}}"

    plain = _FIELD.sub(field, text)
    if not subquestions:
        raise ClozeError("the text has no embedded answer fields")
    return plain, subquestions


def _escape(text: str) -> str:
    return re.sub(r"([}#~/\"\\=%])", r"\\\1", text)


def to_cloze(text: str, subquestions: list[dict[str, Any]]) -> str:
    """Our multianswer form back into Moodle's Cloze syntax (for export)."""

    def field(match: re.Match[str]) -> str:
        sub = subquestions[int(match.group(1)) - 1]
        kind = {QuestionType.MULTICHOICE: "MULTICHOICE", QuestionType.NUMERICAL: "NUMERICAL"}.get(
            sub["type"], "SHORTANSWER_C" if sub.get("case_sensitive") else "SHORTANSWER"
        )
        parts = []
        for a in sub["answers"]:
            if sub["type"] == QuestionType.NUMERICAL:
                body = (
                    "*"
                    if a.get("value") is None
                    else f"{float(a['value'])!r}:{float(a.get('tolerance') or 0)!r}"
                )
            else:
                body = _escape(a["text"])
            grade = "=" if a["fraction"] >= 1 else f"%{float(a['fraction']) * 100:.7g}%"
            parts.append(grade + body + (f"#{_escape(a['feedback'])}" if a.get("feedback") else ""))
        return f"{{{float(sub['mark']):g}:{kind}:{'~'.join(parts)}}}"

    return re.sub(r"\{#(\d+)\}", field, text)
