"""The demo lessons teach: paragraphs of substance in English and Chinese, and a knowledge check wherever one is promised."""

from __future__ import annotations

import re

import pytest
from django.utils.html import strip_tags

from accounts.demo import seed_accounts
from courses.demo import seed_courses
from courses.models import LessonPage

pytestmark = pytest.mark.django_db

MIN_ENGLISH_WORDS = 100
MIN_CHINESE_CHARACTERS = 160
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
PROMISES_A_CHECK = re.compile(r"knowledge check|the check below|小测", re.IGNORECASE)


def _text(lesson: LessonPage) -> str:
    return " ".join(strip_tags(str(b.value)) for b in lesson.body if b.block_type == "text")


def test_every_demo_lesson_teaches_in_both_languages_and_has_the_check_it_promises(roles) -> None:  # type: ignore[no-untyped-def]
    seed_accounts()
    seed_courses()
    # Each lesson is an English page with its Chinese translation linked by Wagtail's translation key.
    lessons = list(LessonPage.objects.live().filter(locale__language_code="en"))
    assert len(lessons) >= 20
    chinese = {
        page.translation_key: page
        for page in LessonPage.objects.live().filter(locale__language_code="zh-hans")
    }

    counts = {
        lesson.title: (
            len(LATIN_WORD.findall(_text(lesson))),
            len(CJK.findall(_text(chinese[lesson.translation_key])))
            if lesson.translation_key in chinese
            else 0,
        )
        for lesson in lessons
    }
    short = {t: c for t, c in counts.items() if c[0] < MIN_ENGLISH_WORDS or c[1] < MIN_CHINESE_CHARACTERS}
    assert short == {}

    promising = [lesson for lesson in lessons if PROMISES_A_CHECK.search(_text(lesson))]
    assert len(promising) >= 7
    without = [
        lesson.title
        for lesson in promising
        if not any(b.block_type == "knowledge_check" for b in lesson.body)
    ]
    assert without == []
