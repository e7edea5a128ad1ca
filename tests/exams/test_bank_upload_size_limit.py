"""The question import's size limit holds at preview and at confirm, and a refused confirm keeps bank and file."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.exams.imports import QUESTION_LIMITS
from assessments.exams.models import Question
from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.django_db

URL = "/exams/banks/upload/"
GIFT = b"::Sky::The sky is blue.{T}\n"
# One byte over the limit, still valid GIFT, so only the size can be the reason it is refused.
OVERSIZED = GIFT + b"//" + b"x" * (QUESTION_LIMITS.max_bytes - len(GIFT) - 2) + b"\n"


def _preview(client, bank):  # type: ignore[no-untyped-def]
    response = client.post(
        URL, {"bank": bank.pk, "format": "gift", "file": SimpleUploadedFile("q.gift", GIFT)}
    )
    assert response.status_code == 200
    return response.context["stash"]


def test_an_oversized_file_is_refused_at_preview_with_the_limit_named(login_as) -> None:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    response = login_as("trainer").post(
        URL, {"bank": bank.pk, "format": "gift", "file": SimpleUploadedFile("big.gift", OVERSIZED)}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "the largest file accepted is 5.0 MB" in html
    assert response.context["preview"] is None and response.context["stash"] is None


def test_a_stashed_file_grown_past_the_limit_is_refused_at_confirm(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    bank = QuestionBankFactory(name="Products bank")
    stash = _preview(client, bank)
    storage = storages["private"]
    storage.delete(stash.path)
    storage.save(stash.path, ContentFile(OVERSIZED))  # the bytes behind the token are now too big

    response = client.post(URL, {"confirm": "1", "bank": bank.pk, "format": "gift", "stash": stash.token})
    html = response.content.decode()
    assert response.status_code == 400
    assert "the largest file accepted is 5.0 MB" in html
    assert not Question.objects.exists()
    assert f'<option value="{bank.pk}" selected>' in html and "File kept: q.gift" in html


def test_a_bigger_file_posted_with_the_confirm_is_not_what_gets_saved(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    bank = QuestionBankFactory()
    stash = _preview(client, bank)
    forged = SimpleUploadedFile("evil.gift", b"::Evil::Evil{T}\n" + b"//" + b"x" * 100)
    response = client.post(
        URL, {"confirm": "1", "bank": bank.pk, "format": "gift", "stash": stash.token, "file": forged}
    )
    assert response.status_code == 302
    assert list(bank.questions.values_list("name", flat=True)) == ["Sky"]


def test_a_forged_stash_id_at_confirm_saves_nothing_and_says_why(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    bank = QuestionBankFactory()
    _preview(client, bank)
    forged = "0000000001-AAAAAAAAAAAAAAAAAAAAAA"
    response = client.post(
        URL,
        {
            "confirm": "1",
            "bank": bank.pk,
            "format": "gift",
            "stash": forged,
            "file": SimpleUploadedFile("q.gift", GIFT),
        },
        follow=True,
    )
    assert "The preview has expired; upload the file again." in response.content.decode()
    assert not Question.objects.exists()


def test_an_error_at_confirm_keeps_the_bank_and_the_file(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    bank = QuestionBankFactory(name="Products bank")
    stash = _preview(client, bank)
    response = client.post(
        URL, {"confirm": "1", "bank": bank.pk, "format": "moodlexml", "stash": stash.token}
    )
    html = response.content.decode()
    assert response.status_code == 400 and "not well-formed XML" in html
    assert f'<option value="{bank.pk}" selected>' in html and "File kept: q.gift" in html
    assert not Question.objects.exists()
    again = client.post(URL, {"confirm": "1", "bank": bank.pk, "format": "gift", "stash": stash.token})
    assert again.status_code == 302 and list(bank.questions.values_list("name", flat=True)) == ["Sky"]
