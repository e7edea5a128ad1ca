"""Which translation of a library or course page a reader sees, and which one the rest of the product keys on.

A page and its translations share a translation_key and are served at the same URL in the reader's language
(Wagtail routes the active locale's tree; home.HomePage.route falls back to the original when the translation
is missing or still a draft). Progress, path steps, lesson references, dependents and exam links all belong to
the *original*, the page in the default locale: a learner who reads a lesson in Chinese completes the same
lesson as one who reads it in English, and one publication of the original is one material change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

P = TypeVar("P", bound=Page)


def default_locale() -> Locale:
    return Locale.get_default()


def active_locale() -> Locale | None:
    """The locale of the reader's UI language, if content is kept in it."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return None
    try:
        return Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return None


def original_of(page: P) -> P:
    """The page in the default locale that this one translates (itself when it is the original)."""
    default = default_locale()
    if page.locale_id == default.pk:
        return page
    original = page.get_translation_or_none(default)
    return original if original is not None else page


def originals_by_pk(pages: Iterable[Page]) -> dict[int, int]:
    """page id → id of its original, in one query for any number of pages."""
    pages = list(pages)
    default = default_locale()
    result = {p.pk: p.pk for p in pages if p.locale_id == default.pk}
    keys = {p.translation_key: p.pk for p in pages if p.locale_id != default.pk}
    if keys:
        for pk, key in Page.objects.filter(locale=default, translation_key__in=keys).values_list(
            "pk", "translation_key"
        ):
            result[keys[key]] = pk
    for p in pages:
        result.setdefault(p.pk, p.pk)
    return result


def localized_pages(pages: Iterable[P]) -> dict[int, Any]:
    """original id → the live translation in the reader's language, or the original itself; one query."""
    pages = list(pages)
    shown: dict[int, Any] = {p.pk: p for p in pages}
    locale = active_locale()
    if locale is None or not pages:
        return shown
    wanted = {p.translation_key: p.pk for p in pages if p.locale_id != locale.pk}
    if wanted:
        for page in Page.objects.live().filter(locale=locale, translation_key__in=wanted).specific():
            shown[wanted[page.translation_key]] = page
    return shown


def is_untranslated(page: Page) -> bool:
    """True when the reader's language has content but this page is shown in another one."""
    locale = active_locale()
    return locale is not None and page.locale_id != locale.pk


# The migration that turned the side-by-side `*_zh` text into translations (courses 0005).
LOCALISATION_MIGRATION = ("courses", "0005_localisation")


def pages_reindex() -> int:
    """Put every page in the search index as it stands now; the number of pages indexed.

    A data migration writes pages through historical models, which the search index never hears of: after the
    localisation migration its Chinese translations were missing from the index, and the English originals kept
    entries holding the Chinese text they no longer have. Run once that migration has been applied."""
    pages: dict[type[Page], list[Page]] = {}
    for page in Page.objects.specific():
        pages.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, items in pages.items():
            backend.add_bulk(model, items)
    return sum(len(items) for items in pages.values())
