"""Trainers upload a file, see a preview, and only the confirmation saves; a bad file is refused whole."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.exams.models import Question
from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.django_db

GIFT = b"::One::Sky is blue{T}\n\n::Two::Pick{=a ~b}\n"


def test_preview_saves_nothing_and_confirm_saves_all(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    bank = QuestionBankFactory()
    preview = client.post(
        "/exams/banks/upload/",
        {"bank": bank.pk, "format": "gift", "file": SimpleUploadedFile("q.gift", GIFT)},
    )
    assert preview.status_code == 200
    assert "Preview: 2 questions" in preview.content.decode()
    assert not Question.objects.exists()
    stash = preview.context["stash"].token
    saved = client.post(
        "/exams/banks/upload/", {"confirm": "1", "bank": bank.pk, "format": "gift", "stash": stash}
    )
    assert saved.status_code == 302
    assert list(bank.questions.values_list("name", flat=True)) == ["One", "Two"]


def test_invalid_file_shows_the_question_and_line(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    bank = QuestionBankFactory()
    bad = GIFT + b"\n::Three::Pick{=a ~%33%b}\n"
    page = client.post(
        "/exams/banks/upload/", {"bank": bank.pk, "format": "gift", "file": SimpleUploadedFile("q.gift", bad)}
    ).content.decode()
    assert "Question 3 &#x27;Three&#x27; line 5" in page
    assert "Save these questions" not in page
    assert not Question.objects.exists()
