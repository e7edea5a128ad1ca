"""Pure grading rules per question type: (question data, response) → fraction of the mark, or None when graded by hand."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .vocabulary import QuestionType

# Moodle's grade options (question_bank::fraction_options_full), positive and negative.
_MOODLE_GRADES = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)  # fmt: skip
_TOLERANCE = 1e-5

CLOSED_TYPES = frozenset(
    {
        QuestionType.MULTICHOICE,
        QuestionType.TRUEFALSE,
        QuestionType.SHORTANSWER,
        QuestionType.NUMERICAL,
        QuestionType.MATCHING,
        QuestionType.ORDERING,
        QuestionType.MULTIANSWER,
    }
)
MANUAL_TYPES = frozenset({QuestionType.ESSAY})
UNMARKED_TYPES = frozenset({QuestionType.DESCRIPTION})
ALL_TYPES = CLOSED_TYPES | MANUAL_TYPES | UNMARKED_TYPES


def valid_grade(fraction: float) -> float | None:
    """The Moodle grade `fraction` stands for (−1..1, rounded values like 0.3333333 accepted), or None."""
    for grade in _MOODLE_GRADES:
        if abs(abs(fraction) - grade) < _TOLERANCE:
            return math.copysign(grade, fraction) if grade else 0.0
    return None


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def grade_multichoice(data: Mapping[str, Any], response: Any) -> float:
    """Single: the chosen answer's fraction (never below 0). Multiple: sum of chosen fractions, clamped to 0..1."""
    answers = data.get("answers", [])
    if response is None or response == [] or response == "":
        return 0.0
    chosen = response if isinstance(response, list) else [response]
    indices = {int(i) for i in chosen if str(i).lstrip("-").isdigit() and 0 <= int(i) < len(answers)}
    if data.get("single", True):
        if len(indices) != 1:
            return 0.0
        return _clamp(float(answers[indices.pop()]["fraction"]))
    return _clamp(sum(float(answers[i]["fraction"]) for i in indices))


def grade_truefalse(data: Mapping[str, Any], response: Any) -> float:
    if response is None or response == "":
        return 0.0
    chosen = "true" if response in (True, "true", "True", "1", 1) else "false"
    for answer in data.get("answers", []):
        if answer["text"] == chosen:
            return _clamp(float(answer["fraction"]))
    return 0.0


def shortanswer_matches(pattern: str, response: str, *, case_sensitive: bool) -> bool:
    """Moodle's rule: `*` matches any run of characters, `\\*` a literal star; surrounding space is ignored."""
    parts = re.split(r"(?<!\\)\*", pattern.strip())
    regex = ".*".join(re.escape(p.replace("\\*", "*")) for p in parts)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(regex, " ".join(response.split()), flags | re.DOTALL) is not None


def shortanswer_match(data: Mapping[str, Any], response: Any) -> int | None:
    """Index of the first answer the response matches (answers are tried in order), or None."""
    if response is None or not str(response).strip():
        return None
    for index, answer in enumerate(data.get("answers", [])):
        if shortanswer_matches(
            answer["text"], str(response), case_sensitive=bool(data.get("case_sensitive"))
        ):
            return index
    return None


def grade_shortanswer(data: Mapping[str, Any], response: Any) -> float:
    index = shortanswer_match(data, response)
    return 0.0 if index is None else _clamp(float(data["answers"][index]["fraction"]))


def parse_number(response: Any) -> float | None:
    """A learner's number: accepts a decimal comma and surrounding space; None when it is not a finite number."""
    if response is None:
        return None
    if isinstance(response, int | float) and not isinstance(response, bool):
        value = float(response)
    else:
        text = str(response).strip().replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def numerical_match(data: Mapping[str, Any], response: Any) -> int | None:
    """Index of the first answer whose value ± tolerance contains the response (None value = any number)."""
    value = parse_number(response)
    if value is None:
        return None
    for index, answer in enumerate(data.get("answers", [])):
        if answer.get("value") is None:
            return index
        tolerance = abs(float(answer.get("tolerance") or 0.0))
        # A relative epsilon so 0.1 + 0.2 style rounding never fails an exact answer.
        if abs(value - float(answer["value"])) <= tolerance + 1e-9 * max(1.0, abs(value)):
            return index
    return None


def grade_numerical(data: Mapping[str, Any], response: Any) -> float:
    index = numerical_match(data, response)
    return 0.0 if index is None else _clamp(float(data["answers"][index]["fraction"]))


def grade_matching(data: Mapping[str, Any], response: Any) -> float:
    """Share of sub-questions matched right; `response` maps the sub-question's index to the chosen answer text."""
    pairs = [p for p in data.get("pairs", []) if p["question"].strip()]
    if not pairs or not isinstance(response, Mapping):
        return 0.0
    all_pairs = data.get("pairs", [])
    right = 0
    for index, pair in enumerate(all_pairs):
        if pair["question"].strip() and response.get(str(index)) == pair["answer"]:
            right += 1
    return right / len(pairs)


def grade_ordering(data: Mapping[str, Any], response: Any) -> float:
    """Share of items in their right place; `response` lists item indices (the right order is 0, 1, 2, …)."""
    items = data.get("items", [])
    if not items or not isinstance(response, Sequence) or isinstance(response, str):
        return 0.0
    try:
        order = [int(i) for i in response]
    except (TypeError, ValueError):
        return 0.0
    if sorted(order) != list(range(len(items))):
        return 0.0
    return sum(1 for position, item in enumerate(order) if position == item) / len(items)


def _blank(sub: Mapping[str, Any], value: Any) -> Any:
    # A choice blank is answered with the index of the chosen answer, sent as text like every blank.
    if sub.get("type") == QuestionType.MULTICHOICE:
        return int(value) if isinstance(value, str) and value.isdigit() else None
    return value


def _sub_data(sub: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "answers": sub.get("answers", []),
        "single": True,
        "case_sensitive": sub.get("case_sensitive", False),
    }


def grade_multianswer(data: Mapping[str, Any], response: Any) -> float:
    """Cloze: each blank graded as its own type, weighted by its mark; `response` maps "1", "2", … to answers."""
    subs = data.get("subquestions", [])
    total = sum(float(s.get("mark", 1)) for s in subs)
    if not subs or total <= 0:
        return 0.0
    answered = response if isinstance(response, Mapping) else {}
    earned = 0.0
    for number, sub in enumerate(subs, start=1):
        value = _blank(sub, answered.get(str(number)))
        if value in (None, ""):
            continue
        fraction = _GRADERS[sub["type"]](_sub_data(sub), value)
        earned += max(0.0, fraction or 0.0) * float(sub.get("mark", 1))
    return earned / total


_GRADERS: dict[str, Callable[[Mapping[str, Any], Any], float]] = {
    QuestionType.MULTICHOICE: grade_multichoice,
    QuestionType.TRUEFALSE: grade_truefalse,
    QuestionType.SHORTANSWER: grade_shortanswer,
    QuestionType.NUMERICAL: grade_numerical,
    QuestionType.MATCHING: grade_matching,
    QuestionType.ORDERING: grade_ordering,
    QuestionType.MULTIANSWER: grade_multianswer,
}


def grade(qtype: str, data: Mapping[str, Any], response: Any) -> float | None:
    """Fraction 0..1 for a closed type; None for essays (graded by hand) and descriptions (no marks)."""
    if qtype in MANUAL_TYPES or qtype in UNMARKED_TYPES:
        return None
    try:
        grader = _GRADERS[qtype]
    except KeyError:
        raise ValueError(f"unknown question type {qtype!r}") from None
    return grader(data, response)


def feedback_for(qtype: str, data: Mapping[str, Any], response: Any) -> list[str]:
    """The per-answer feedback the learner's response earns (shown only after submit)."""
    answers = data.get("answers", [])
    index: int | None = None
    if qtype == QuestionType.MULTIANSWER:
        answered = response if isinstance(response, Mapping) else {}
        return [
            f
            for number, sub in enumerate(data.get("subquestions", []), start=1)
            for f in feedback_for(sub["type"], _sub_data(sub), _blank(sub, answered.get(str(number))))
        ]
    if qtype == QuestionType.MULTICHOICE:
        chosen = response if isinstance(response, list) else [response]
        return [
            answers[int(i)].get("feedback", "")
            for i in chosen
            if str(i).isdigit() and int(i) < len(answers) and answers[int(i)].get("feedback")
        ]
    if qtype == QuestionType.TRUEFALSE and response not in (None, ""):
        picked = "true" if response in (True, "true", "True", "1", 1) else "false"
        index = next((i for i, a in enumerate(answers) if a["text"] == picked), None)
    elif qtype == QuestionType.SHORTANSWER:
        index = shortanswer_match(data, response)
    elif qtype == QuestionType.NUMERICAL:
        index = numerical_match(data, response)
    if index is not None and answers[index].get("feedback"):
        return [answers[index]["feedback"]]
    return []


def right_answers(qtype: str, data: dict[str, Any]) -> list[str]:
    """The right answers in words, for a review that shows them (never sent otherwise)."""
    if qtype in (QuestionType.MULTICHOICE, QuestionType.SHORTANSWER, QuestionType.TRUEFALSE):
        return [a["text"] for a in data.get("answers", []) if a.get("fraction", 0) > 0]
    if qtype == QuestionType.NUMERICAL:
        return [
            f"{a['value']:g} ± {a['tolerance']:g}"
            for a in data.get("answers", [])
            if a.get("value") is not None and a.get("fraction", 0) >= 1
        ]
    if qtype == QuestionType.MATCHING:
        return [f"{p['question']} → {p['answer']}" for p in data.get("pairs", []) if p["question"]]
    if qtype == QuestionType.ORDERING:
        return list(data.get("items", []))
    if qtype == QuestionType.MULTIANSWER:
        return [
            f"[{number}] {right}"
            for number, sub in enumerate(data.get("subquestions", []), start=1)
            for right in right_answers(sub["type"], sub)
        ]
    return []
