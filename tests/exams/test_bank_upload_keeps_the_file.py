"""After an error the question import keeps the bank and the file; the preview shows text and correct answers."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.django_db

GIFT = b"::Sky::The sky is blue.{T}\n\n::Capital::Capital of France?{=Paris ~Lyon ~Nice}\n"
URL = "/exams/banks/upload/"


def test_a_wrong_format_keeps_the_bank_and_file_so_only_the_format_changes(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    QuestionBankFactory(name="Aardvark bank")
    bank = QuestionBankFactory(name="Products bank")
    failed = client.post(
        URL, {"bank": bank.pk, "format": "moodlexml", "file": SimpleUploadedFile("q.gift", GIFT)}
    )
    html = failed.content.decode()
    assert failed.status_code == 400 and "not well-formed XML" in html
    assert f'<option value="{bank.pk}" selected>' in html
    assert "File kept: q.gift" in html
    token = failed.context["stash"].token

    preview = client.post(URL, {"bank": bank.pk, "format": "gift", "stash": token})  # no file picked again
    assert preview.status_code == 200 and "Preview: 2 questions" in preview.content.decode()
    saved = client.post(URL, {"confirm": "1", "bank": bank.pk, "format": "gift", "stash": token})
    assert saved.status_code == 302
    assert sorted(bank.questions.values_list("name", flat=True)) == ["Capital", "Sky"]


def test_the_preview_shows_question_text_and_correct_answers(login_as) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    html = (
        login_as("trainer")
        .post(URL, {"bank": bank.pk, "format": "gift", "file": SimpleUploadedFile("q.gift", GIFT)})
        .content.decode()
    )
    assert "Capital of France?" in html and "The sky is blue." in html
    rows = html.split("<tbody>")[1]
    assert "<li>Paris</li>" in rows and "Lyon" not in rows


def test_no_file_and_nothing_kept_asks_for_a_file(login_as) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    response = login_as("trainer").post(URL, {"bank": bank.pk, "format": "gift"})
    assert response.status_code == 400 and "Choose a GIFT or Moodle XML file." in response.content.decode()


def test_someone_elses_stash_cannot_be_confirmed(login_as) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    preview = login_as("trainer").post(
        URL, {"bank": bank.pk, "format": "gift", "file": SimpleUploadedFile("q.gift", GIFT)}
    )
    token = preview.context["stash"].token
    other = login_as("admin").post(URL, {"confirm": "1", "bank": bank.pk, "format": "gift", "stash": token})
    assert other.status_code == 302 and not bank.questions.exists()
