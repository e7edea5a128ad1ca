"""Template filters of the trainer's workbench."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.models import User

from ..models import Exam, QuestionType

register = template.Library()

_LABELS = dict(QuestionType.choices)


@register.filter
def qtype_label(value: str) -> str:
    """The translated name of a question type code, as the annotated querysets hold the bare code."""
    return str(_LABELS.get(value, value))


@register.inclusion_tag("exams/workbench/_override_notice.html")
def exam_override_notice(exam: Exam, user: User) -> dict[str, Any]:
    """The learner's override of this exam (their own or their team's), for the exam's landing page."""
    from ..authoring import exam_terms_for

    return {"terms": exam_terms_for(exam=exam, user=user) if user.is_authenticated else None}
