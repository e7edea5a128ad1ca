"""Template filters of the trainer's workbench."""

from __future__ import annotations

from django import template

from ..models import QuestionType

register = template.Library()

_LABELS = dict(QuestionType.choices)


@register.filter
def qtype_label(value: str) -> str:
    """The translated name of a question type code, as the annotated querysets hold the bare code."""
    return str(_LABELS.get(value, value))
