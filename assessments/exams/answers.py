"""What a saved answer may look like for each question type: the save endpoint refuses anything else with a reason.

Checked before the database sees the value, because PostgreSQL refuses NUL characters and lone surrogates in
jsonb (a 500, not an answer), and an answer of the wrong shape would only fail later, at grading."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .vocabulary import QuestionType

# Longest text per type: a short answer is a word or a phrase, a number is a number, an essay is long but bounded.
TEXT_LIMITS: dict[str, int] = {
    QuestionType.SHORTANSWER: 500,
    QuestionType.NUMERICAL: 100,
    QuestionType.ESSAY: 50_000,
}
MATCHED_TEXT_LIMIT = 5_000  # a matching answer is one of the question's own option texts
MAX_ITEMS = 200  # choices, ordering items or matching rows one answer may name
MAX_SEQ = 2**53 - 1  # the largest integer a browser's JavaScript number holds exactly
MAX_POSITION = 10_000
ALL_TYPES = (
    QuestionType.MULTICHOICE,
    QuestionType.TRUEFALSE,
    QuestionType.SHORTANSWER,
    QuestionType.NUMERICAL,
    QuestionType.ESSAY,
    QuestionType.MATCHING,
    QuestionType.ORDERING,
    QuestionType.MULTIANSWER,
    QuestionType.DESCRIPTION,
)


class AnswerRejected(ValueError):
    """The value cannot be an answer (to this question): the message says why, for the examinee."""


def _is_index(item: Any) -> bool:
    return isinstance(item, int) and not isinstance(item, bool) and 0 <= item < MAX_ITEMS


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return _("The answer contains a NUL character.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _("The answer contains an invalid character (a lone surrogate).")
    return None


def answer_types(value: Any) -> tuple[str, ...]:
    """The question types `value` could be an answer to; AnswerRejected if it fits none.

    The save's UPDATE is limited to questions of these types, so checking the value against its question's own
    type costs no read on the happy path; `answer_problem` names the reason when the type did not match."""
    if value is None:
        return ALL_TYPES
    if isinstance(value, bool):
        raise AnswerRejected(_("The answer is not a choice, a text or a list of choices."))
    if isinstance(value, int):
        if not _is_index(value):
            raise AnswerRejected(_("The answer names a choice that does not exist."))
        return (QuestionType.MULTICHOICE,)
    if isinstance(value, float):
        raise AnswerRejected(_("Send numbers as text."))
    if isinstance(value, str):
        problem = _text_problem(value)
        if problem:
            raise AnswerRejected(problem)
        fits = tuple(t for t, limit in TEXT_LIMITS.items() if len(value) <= limit)
        if value in ("", "true", "false"):
            fits += (QuestionType.TRUEFALSE,)
        if not fits:
            raise AnswerRejected(
                _("The answer is too long: at most %(limit)s characters.")
                % {"limit": TEXT_LIMITS[QuestionType.ESSAY]}
            )
        return fits
    if isinstance(value, list):
        if len(value) > MAX_ITEMS or not all(_is_index(item) for item in value):
            raise AnswerRejected(_("The answer must be a list of choice numbers."))
        if len(set(value)) != len(value):
            raise AnswerRejected(_("The answer names a choice twice."))
        return (QuestionType.MULTICHOICE, QuestionType.ORDERING)
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise AnswerRejected(_("The answer matches too many items."))
        for key, chosen in value.items():
            if not (key.isdigit() and int(key) < MAX_ITEMS) or not isinstance(chosen, str):
                raise AnswerRejected(_("A matching answer pairs item numbers with texts."))
            problem = _text_problem(key) or _text_problem(chosen)
            if problem:
                raise AnswerRejected(problem)
            if len(chosen) > MATCHED_TEXT_LIMIT:
                raise AnswerRejected(_("A matched text is too long."))
        # Both answer "blank or row" → text: a matching question's rows, a Cloze question's blanks.
        return (QuestionType.MATCHING, QuestionType.MULTIANSWER)
    raise AnswerRejected(_("The answer is not a choice, a text or a list of choices."))


def answer_problem(qtype: str, value: Any) -> str | None:
    """Why `value` is not an answer to a question of type `qtype`, or None when it is."""
    try:
        fits = answer_types(value)
    except AnswerRejected as exc:
        return str(exc)
    if qtype in fits:
        return None
    if qtype == QuestionType.DESCRIPTION:
        return _("This item is a description: there is nothing to answer.")
    if qtype in TEXT_LIMITS and isinstance(value, str):
        return _("The answer is too long: at most %(limit)s characters.") % {"limit": TEXT_LIMITS[qtype]}
    return _("This answer does not fit the question type (%(qtype)s).") % {"qtype": qtype}
