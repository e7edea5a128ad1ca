"""A material change to a linked content page flags the questions that test it."""

from __future__ import annotations

import pytest
from wagtail.models import Page

from assessments.exams.services import question_approve, questions_content_changed
from tests.factories.exams import QuestionFactory

pytestmark = pytest.mark.django_db


def test_content_change_flags_linked_questions_until_reapproved(persona) -> None:  # type: ignore[no-untyped-def]
    page = Page.objects.get(depth=1)
    linked = QuestionFactory(content_page=page, author=persona("trainer"))
    other = QuestionFactory()
    assert questions_content_changed(page_id=page.pk) == 1
    linked.refresh_from_db()
    other.refresh_from_db()
    assert (linked.needs_review, other.needs_review) == (True, False)
    question_approve(question=linked, actor=persona("admin"))
    linked.refresh_from_db()
    assert linked.needs_review is False
