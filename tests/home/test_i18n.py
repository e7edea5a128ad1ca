"""English and Simplified Chinese: the catalog is complete and the switcher changes what people read."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOG = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_languages_are_english_and_simplified_chinese() -> None:
    assert [code for code, _ in settings.LANGUAGES] == ["en", "zh-hans"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


def test_zh_hans_catalog_has_no_untranslated_or_fuzzy_entries() -> None:
    catalog = polib.pofile(str(CATALOG))
    assert len(catalog) > 50
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


@pytest.mark.django_db
def test_switching_to_chinese_shows_chinese_navigation(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    english = client.get("/dashboard/").content.decode()
    assert "Dashboard" in english and "Sign out" in english

    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/dashboard/"})
    assert response.status_code == 302
    chinese = client.get("/dashboard/").content.decode()
    assert '<html lang="zh-hans">' in chinese
    assert "仪表板" in chinese
    assert "退出登录" in chinese
    assert "我的入职培训" in chinese
