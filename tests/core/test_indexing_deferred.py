"""Seeding holds search and reference index updates back and makes them once per object at the end: the indexes
must come out exactly as indexing on every save leaves them."""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.models import Page, ReferenceIndex
from wagtail.search.models import IndexEntry

from core.indexing import indexing_deferred
from courses.models import LearningPathStep, LessonPage
from tests.factories.courses import course, learning_path, lesson, product_page

pytestmark = pytest.mark.django_db


def _build() -> list[Page]:
    product = product_page(title="Ledgerly")
    product.title = "Ledgerly Cloud"
    product.save_revision().publish()
    crs = course(title="Ledgerly basics")
    first = lesson(
        course=crs,
        title="Why Ledgerly",
        body=[{"type": "section_reference", "value": {"page": product.pk, "section": "pitch"}}],
    )
    first.title = "Why Ledgerly wins"
    first.save()
    learning_path(courses=[(crs, 7)])  # a child row: Wagtail indexes its parent, if that is indexed at all
    return [product, crs, first]


def _indexes(pages: list[Page]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    ids = [str(p.pk) for p in pages]
    search = sorted(
        IndexEntry.objects.filter(
            object_id__in=ids, content_type__app_label__in=["courses", "wagtailcore"]
        ).values_list("content_type_id", "object_id", "title", "body")
    )
    references = sorted(
        ReferenceIndex.objects.values_list(
            "content_type_id", "object_id", "to_content_type_id", "to_object_id", "content_path"
        )
    )
    return search, references


def test_deferred_indexes_match_indexing_on_every_save() -> None:
    pages = _build()
    expected = _indexes(pages)
    assert expected[0] and expected[1]  # both indexes hold rows for these pages

    IndexEntry.objects.filter(object_id__in=[str(p.pk) for p in pages]).delete()
    ReferenceIndex.objects.all().delete()
    with indexing_deferred():
        for page in pages:
            page.specific.save_revision().publish()
        for step in LearningPathStep.objects.all():
            step.save()
        assert _indexes(pages) == ([], [])  # held back while the block runs
    assert _indexes(pages) == expected


def test_nothing_is_indexed_when_the_block_fails_and_saves_index_again_afterwards() -> None:
    with pytest.raises(RuntimeError), indexing_deferred():
        pages = _build()
        raise RuntimeError("seeding failed")
    assert _indexes(pages) == ([], [])
    lesson_page = LessonPage.objects.get(pk=pages[2].pk)
    lesson_page.save()  # the usual per-save handlers are connected again
    assert IndexEntry.objects.filter(object_id=str(lesson_page.pk)).exists()
    assert ReferenceIndex.objects.filter(object_id=str(lesson_page.pk)).exists()
