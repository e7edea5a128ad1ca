"""Pages in two languages: the reader's language when translated, else the original with a note; progress on
the original; required sections checked on each translation at publish."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from courses.models import LessonProgress
from courses.services import page_translation_publish
from tests.factories.courses import course, filled_body, lesson, product_page

pytestmark = pytest.mark.django_db


def _zh() -> Locale:
    return Locale.objects.get(language_code="zh-hans")


def _client(login_as, language: str):  # type: ignore[no-untyped-def]
    client = login_as("learner")
    client.cookies["django_language"] = language
    return client


def test_a_reader_sees_the_page_in_their_language_at_the_same_url(login_as) -> None:  # type: ignore[no-untyped-def]
    page = product_page(title="Ledgerly")
    page_translation_publish(
        page=page,
        locale=_zh(),
        fields={"title": "账易", "body": filled_body(elevator_pitch={"pitch": "三天结账。"})},
    )
    english = _client(login_as, "en").get(page.url).content.decode()
    chinese = _client(login_as, "zh-hans").get(page.url).content.decode()
    assert "<h1>Ledgerly" in english and "三天结账" not in english
    assert "<h1>账易" in chinese and "三天结账。" in chinese and "<h1>Ledgerly" not in chinese
    assert 'data-testid="untranslated"' not in english + chinese


def test_an_untranslated_page_shows_the_original_with_a_note(login_as) -> None:  # type: ignore[no-untyped-def]
    page = product_page(title="Only in English")
    html = _client(login_as, "zh-hans").get(page.url).content.decode()
    assert "<h1>Only in English" in html
    assert 'data-testid="untranslated"' in html


def test_a_draft_translation_is_not_shown(login_as) -> None:  # type: ignore[no-untyped-def]
    page = product_page(title="Ledgerly")
    draft = page.copy_for_translation(_zh(), copy_parents=True)
    draft.title = "账易草稿"
    draft.save()
    html = _client(login_as, "zh-hans").get(page.url).content.decode()
    assert "<h1>Ledgerly" in html and "账易草稿" not in html


def test_completing_a_translated_lesson_completes_the_original(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    original_course = course(title="Basics")
    original = lesson(course=original_course, title="Pitch")
    lesson(course=original_course, title="Second")
    page_translation_publish(page=original_course, locale=_zh(), fields={"title": "基础"})
    chinese = page_translation_publish(page=original, locale=_zh(), fields={"title": "电梯演讲"})
    client = _client(login_as, "zh-hans")
    client.post(f"/onboarding/lessons/{chinese.pk}/complete/")
    progress = LessonProgress.objects.get(user=persona("learner"))
    assert progress.lesson_id == original.pk and progress.completed_at is not None
    # The Chinese course page lists the original's lessons (one untranslated), and counts the progress.
    html = client.get(original_course.url).content.decode()
    assert "<h1>基础" in html and "电梯演讲" in html and "Second" in html
    assert 'aria-valuenow="50"' in html


def test_each_translation_must_fill_every_section_before_it_is_published() -> None:
    page = product_page(title="Ledgerly")
    with pytest.raises(ValidationError) as refused:
        page_translation_publish(
            page=page, locale=_zh(), fields={"title": "账易", "body": filled_body(elevator_pitch=None)}
        )
    assert refused.value.code == "section_empty"
    assert page.get_translation_or_none(_zh()) is None  # nothing half-saved


def test_my_onboarding_shows_course_and_lesson_titles_in_the_readers_language(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    from courses.services import learning_path_assign
    from tests.factories.courses import learning_path

    original_course = course(title="Basics")
    first = lesson(course=original_course, title="Pitch")
    lesson(course=original_course, title="Second")
    page_translation_publish(page=original_course, locale=_zh(), fields={"title": "基础"})
    page_translation_publish(page=first, locale=_zh(), fields={"title": "电梯演讲"})
    path = learning_path(name="Onboarding", courses=[(original_course, 7)])
    learning_path_assign(
        path=path, users=[persona("learner")], start=timezone.localdate() - dt.timedelta(days=1)
    )
    chinese = _client(login_as, "zh-hans").get("/onboarding/").content.decode()
    assert "基础" in chinese and "电梯演讲" in chinese and "Basics" not in chinese
    english = _client(login_as, "en").get("/onboarding/").content.decode()
    assert "Basics" in english and "基础" not in english
