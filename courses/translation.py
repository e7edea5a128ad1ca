"""A learning path's name and description in each UI language (django-modeltranslation): `name_en` and
`name_zh_hans` columns, `path.name` reads the active language's and falls back to English. One path record, so
its steps, assignments and enrolments are shared by readers of every language (unlike pages, which Wagtail
copies per locale)."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from .models import LearningPath


@register(LearningPath)
class LearningPathTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}
