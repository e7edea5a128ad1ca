"""The exam engine's vocabulary for templates: ``{% question_types as QuestionType %}`` then
``{% if q.qtype == QuestionType.ESSAY %}``, so a template names an enum member, never its stored string."""

from __future__ import annotations

from django import template

from ..models import Attempt
from ..vocabulary import QuestionType

register = template.Library()


@register.simple_tag
def question_types() -> type[QuestionType]:
    return QuestionType


@register.simple_tag
def attempt_states() -> type[Attempt.State]:
    return Attempt.State
