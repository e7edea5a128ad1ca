"""The question editor links a question to one section of a library page, or to the whole page."""

from __future__ import annotations

from typing import Any

import pytest

from assessments.exams.models import Question
from tests.factories.courses import product_page
from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.django_db


def _fields(**extra: Any) -> dict[str, Any]:
    fields = {
        "name": "Pricing question",
        "qtype": "multichoice",
        "difficulty": 2,
        "default_mark": "1",
        "text": "<p>How is Ledgerly priced?</p>",
        "answers": "100 | Per entity | yes\n0 | Per seat",
    }
    fields.update(extra)
    return fields


def test_a_trainer_links_a_new_question_to_the_pricing_section_and_changes_it_later(login_as) -> None:  # type: ignore[no-untyped-def]
    bank, page = QuestionBankFactory(), product_page()
    client = login_as("trainer")
    form = client.get(f"/exams/workbench/banks/{bank.slug}/new/").content.decode()
    assert 'name="content_section"' in form and "Pricing and packaging notes" in form

    response = client.post(
        f"/exams/workbench/banks/{bank.slug}/new/", _fields(content_page=page.pk, content_section="pricing")
    )
    assert response.status_code == 302
    question = Question.objects.get(bank=bank)
    assert (question.content_page_id, question.content_section) == (page.pk, "pricing")
    listing = client.get(f"/exams/workbench/banks/{bank.slug}/").content.decode()
    assert "Ledgerly · Pricing and packaging notes" in listing

    edit = client.get(f"/exams/workbench/questions/{question.pk}/").content.decode()
    assert '<option value="pricing" selected>' in edit
    response = client.post(
        f"/exams/workbench/questions/{question.pk}/",
        _fields(content_page=page.pk, content_section="", version=question.version),
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.content_section == ""  # the whole page


def test_a_section_without_a_page_is_refused_naming_the_field(login_as) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    response = login_as("trainer").post(
        f"/exams/workbench/banks/{bank.slug}/new/", _fields(content_section="pricing")
    )
    assert response.status_code == 200
    assert "content_section" in response.context["form"].errors
    assert not Question.objects.filter(bank=bank).exists()
