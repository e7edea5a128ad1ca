"""An exam's title and description in each UI language (django-modeltranslation): `title_en` and
`title_zh_hans` columns, `exam.title` reads the active language's and falls back to English. One exam record,
so attempts and certifications are shared by readers of every language."""

from __future__ import annotations

from modeltranslation.translator import TranslationOptions, register

from .models import Exam


@register(Exam)
class ExamTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}
