"""A fresh demo (`make run`: migrate, then seed_demo) finds its Chinese pages by the words a seller types."""

from __future__ import annotations

import pytest
from django.utils import translation
from wagtail.models import Page

from accounts.demo import seed_accounts
from courses.demo import seed_courses
from courses.localisation import pages_reindex
from courses.models import CoursePage, LessonPage, ProductPage, SolutionPage
from courses.segmentation import page_texts
from courses.selectors import content_search

pytestmark = pytest.mark.django_db

SEARCHED = (ProductPage, SolutionPage, CoursePage, LessonPage)


def _chinese_pages_saying(word: str) -> set[object]:
    return {
        page.translation_key
        for page in Page.objects.live().type(*SEARCHED).filter(locale__language_code="zh-hans").specific()
        if word in " ".join(page_texts(page))
    }


@pytest.mark.parametrize("word", ["价格", "结账"])
def test_the_seeded_demo_finds_every_chinese_page_that_says_the_word(roles, word: str) -> None:  # type: ignore[no-untyped-def]
    seed_accounts()
    seed_courses()
    containing = _chinese_pages_saying(word)
    assert containing
    with translation.override("zh-hans"):
        hits = content_search(word)
    assert {h.page.translation_key for h in hits} == containing
    assert all(h.page.locale.language_code == "zh-hans" for h in hits)
    assert any(f"<mark>{word}</mark>" in h.snippet for h in hits)


def test_reindexing_puts_back_pages_the_index_never_heard_of(roles) -> None:  # type: ignore[no-untyped-def]
    seed_accounts()
    seed_courses()
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()  # as pages written by a data migration's historical models stand
    with translation.override("zh-hans"):
        assert content_search("结账") == []
    assert pages_reindex() == Page.objects.count()
    with translation.override("zh-hans"):
        assert {h.page.translation_key for h in content_search("结账")} == _chinese_pages_saying("结账")
