"""The exam engine's question types, in a module of their own so the pure parsers and graders can name them."""

from __future__ import annotations

# Only the enum machinery: importing this needs neither settings nor the app registry.
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class QuestionType(TextChoices):
    MULTICHOICE = "multichoice", _("Multiple choice")
    TRUEFALSE = "truefalse", _("True/false")
    SHORTANSWER = "shortanswer", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    MULTIANSWER = "multianswer", _("Embedded answers (Cloze)")
    ESSAY = "essay", _("Essay")
    DESCRIPTION = "description", _("Description")
