"""A learning path's name and description in each UI language (django-modeltranslation): `name_en` and
`name_zh_hans` columns, `path.name` reads the active language's and falls back to English. One path record, so
its steps, assignments and enrolments are shared by readers of every language (unlike pages, which Wagtail
copies per locale)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models.signals import pre_save
from django.dispatch import receiver
from modeltranslation.translator import TranslationOptions, register

from .models import LearningPath


@register(LearningPath)
class LearningPathTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}


def english_original(instance: object, fields: Sequence[str]) -> None:
    """The untranslated columns keep the English, so a lookup that bypasses the translation (another model's
    `exam__title`, raw SQL, an old export) reads the original language rather than whichever was set last."""
    for field in fields:
        instance.__dict__[field] = getattr(instance, f"{field}_en") or ""


@receiver(pre_save, sender=LearningPath)
def _path_original_is_english(sender: type[LearningPath], instance: LearningPath, **kwargs: object) -> None:
    english_original(instance, LearningPathTranslationOptions.fields)
