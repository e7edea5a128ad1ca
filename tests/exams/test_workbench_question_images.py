"""A trainer adds and removes a question's images in the editor: each change is a new immutable version, the
learner's attempt and the preview show the image through the checked URL, and uploads that could attack the
site (wrong type, too big, SVG with script, path-like names) are refused or defused."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.formats import MAX_EMBEDDED_FILE_BYTES
from assessments.exams.models import Attempt, BlueprintRule, Exam, Question, QuestionFile
from assessments.exams.services import question_approve, question_file_add
from tests.exams.test_question_files import GIF, PNG, SVG
from tests.factories.accounts import UserFactory
from tests.factories.exams import REVIEW_FULL, CategoryFactory, QuestionBankFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _question(**fields) -> Question:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    fields.setdefault("version__text", "<p>Which logo is ours?</p>")
    return QuestionFactory(
        bank=bank, category=CategoryFactory(bank=bank), status=Question.Status.DRAFT, **fields
    )


def _add(client, question: Question, content: bytes, name: str = "logo.png", alt: str = "Our logo"):  # type: ignore[no-untyped-def]
    question.refresh_from_db()
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    return client.post(
        f"/exams/workbench/questions/{question.pk}/files/add/",
        {"image": upload, "alt": alt, "version": question.version},
        follow=True,
    )


def _remove(client, question: Question, name: str):  # type: ignore[no-untyped-def]
    question.refresh_from_db()
    return client.post(
        f"/exams/workbench/questions/{question.pk}/files/remove/",
        {"name": name, "version": question.version},
        follow=True,
    )


def test_adding_an_image_is_a_new_version_that_shows_it(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    client = login_as("trainer")
    page = _add(client, question, PNG).content.decode()
    assert "logo.png" in page and 'data-testid="question-files-empty"' not in page

    v1, v2 = question.versions.order_by("number")
    assert "@@PLUGINFILE@@" not in v1.text
    assert v2.text.startswith(v1.text) and '<img src="@@PLUGINFILE@@/logo.png" alt="Our logo">' in v2.text
    assert v2.author == persona("trainer")
    stored = QuestionFile.objects.get(question=question)
    assert (stored.name, stored.content_type, stored.size) == ("logo.png", "image/png", len(PNG))
    assert stored.content.open("rb").read() == PNG
    event = AuditEvent.objects.get(verb="question.file_add")
    assert event.actor == persona("trainer") and event.after == {"file": "logo.png", "version": 2}

    preview = client.get(f"/exams/workbench/questions/{question.pk}/preview/").content.decode()
    assert f'<img src="/exams/questions/{question.pk}/files/logo.png" alt="Our logo">' in preview
    image = client.get(f"/exams/questions/{question.pk}/files/logo.png")
    assert image["Content-Type"] == "image/png" and b"".join(image.streaming_content) == PNG


def test_the_learner_sees_the_image_the_editor_added(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    _add(login_as("trainer"), question, PNG)
    question.refresh_from_db()
    question_approve(question=question, actor=UserFactory())
    exam = Exam.objects.create(
        bank=question.bank,
        slug="logos",
        title="Logos",
        status=Exam.Status.PUBLISHED,
        opens_at=timezone.now(),
        review_options=REVIEW_FULL,
    )
    BlueprintRule.objects.create(exam=exam, category=question.category, count=1)
    learner = login_as("learner")
    learner.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)
    page = learner.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert f'<img src="/exams/questions/{question.pk}/files/logo.png" alt="Our logo">' in page
    assert learner.get(f"/exams/questions/{question.pk}/files/logo.png").status_code == 200
    response = attempt.responses.get()
    assert response.version.number == 2
    learner.post(
        f"/exams/attempts/{attempt.pk}/save/",
        data=json.dumps({"position": response.position, "value": 0, "seq": 1}),
        content_type="application/json",
    )


def test_removing_an_image_is_a_new_version_and_older_versions_keep_it(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    client = login_as("trainer")
    _add(client, question, PNG)
    _add(client, question, GIF, name="tick.gif", alt="")
    page = _remove(client, question, "logo.png").content.decode()
    assert 'data-testid="question-files"' in page

    v2, v3, v4 = question.versions.order_by("number")[1:]
    assert "logo.png" in v3.text and "tick.gif" in v3.text
    assert "logo.png" not in v4.text and '<img src="@@PLUGINFILE@@/tick.gif" alt="">' in v4.text
    assert v4.text.startswith("<p>Which logo is ours?</p>")
    # The file stays for the versions that show it; the editor lists only what the newest version shows.
    assert set(QuestionFile.objects.filter(question=question).values_list("name", flat=True)) == {
        "logo.png",
        "tick.gif",
    }
    editor = client.get(f"/exams/workbench/questions/{question.pk}/").content.decode()
    assert 'value="tick.gif"' in editor and 'value="logo.png"' not in editor
    assert AuditEvent.objects.get(verb="question.file_remove").before == {"file": "logo.png", "version": 3}

    # A file the newest version does not show cannot be removed again (no empty version).
    again = _remove(client, question, "logo.png").content.decode()
    assert question.versions.count() == 4 and "does not show" in again


def test_removing_takes_the_link_out_of_feedback_and_answers_too(login_as) -> None:  # type: ignore[no-untyped-def]
    answers = [
        {"text": '<img src="@@PLUGINFILE@@/a.png" alt="">', "fraction": 1.0, "feedback": ""},
        {"text": "Other", "fraction": 0.0, "feedback": '<a href="@@PLUGINFILE@@/a.png">see</a>'},
    ]
    question = _question(version__data={"single": True, "answers": answers})
    QuestionFile.objects.create(question=question, name="a.png", content_type="image/png", size=1)
    _remove(login_as("trainer"), question, "a.png")
    latest = question.versions.order_by("-number").first()
    assert latest is not None and latest.number == 2
    assert latest.data["answers"][0]["text"] == "" and latest.data["answers"][1]["feedback"] == "see"


def test_an_approved_question_with_a_new_image_waits_for_review(login_as) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory()
    approved = question.approved_version
    _add(login_as("trainer"), question, PNG)
    question.refresh_from_db()
    assert question.needs_review and question.approved_version == approved
    assert question.versions.count() == 2


def test_plain_text_is_kept_as_the_learner_saw_it_when_an_image_is_added(login_as) -> None:  # type: ignore[no-untyped-def]
    question = _question(version__text="Line one\nA < B", version__text_format="moodle")
    _add(login_as("trainer"), question, PNG)
    latest = question.versions.order_by("-number").first()
    assert latest is not None and latest.text_format == "html"
    assert latest.text.startswith("Line one<br>A &lt; B\n<p><img")


@pytest.mark.parametrize(
    ("content", "name", "why"),
    [
        (SVG, "logo.svg", "not a PNG, JPEG, GIF or WebP"),
        (SVG, "logo.png", "not a PNG, JPEG, GIF or WebP"),  # an SVG named like a PNG is still an SVG
        (b"<html><script>alert(1)</script></html>", "page.gif", "not a PNG, JPEG, GIF or WebP"),
        (b"%PDF-1.7 rest", "doc.pdf", "not a PNG, JPEG, GIF or WebP"),
        (PNG + b"\0" * MAX_EMBEDDED_FILE_BYTES, "huge.png", "the largest file accepted is 2.0 MB"),
        (b"", "empty.png", "is empty"),
    ],
)
def test_an_upload_that_is_not_a_small_raster_image_is_refused(
    login_as, content: bytes, name: str, why: str
) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    page = _add(login_as("trainer"), question, content, name=name).content.decode()
    assert why in page
    assert question.versions.count() == 1
    assert not QuestionFile.objects.filter(question=question).exists()
    assert not AuditEvent.objects.filter(verb="question.file_add").exists()


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\logo.png", "logo.png"),
        ("/abs/path/we ird<>.png", "we_ird.png"),
        ("..", "image"),
        (".htaccess", "image.htaccess"),
    ],
)
def test_a_path_like_name_keeps_only_a_plain_file_name(persona, name: str, kept: str) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    # Called with the name exactly as a hostile client could send it (Django's own parsing trims some already).
    question_file_add(
        question=question,
        upload=ContentFile(PNG, name=name),
        alt="",
        actor=persona("trainer"),
        expected_version=None,
    )
    stored = QuestionFile.objects.get(question=question)
    assert stored.name == kept
    # Stored under a random name: the upload's name never becomes a storage path.
    assert (
        stored.content.name.startswith(f"exams/question-files/{question.pk}/")
        and kept not in stored.content.name
    )
    assert f"@@PLUGINFILE@@/{kept}" in question.versions.order_by("-number").first().text  # type: ignore[union-attr]


def test_a_second_image_of_the_same_name_does_not_replace_the_first(login_as) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    client = login_as("trainer")
    _add(client, question, PNG)
    _add(client, question, GIF, name="logo.png")
    files = {f.name: f.content_type for f in QuestionFile.objects.filter(question=question)}
    assert files == {"logo.png": "image/png", "logo-2.png": "image/gif"}


def test_a_stale_form_is_refused(login_as) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    client = login_as("trainer")
    question.refresh_from_db()
    loaded_at = question.version
    _add(client, question, PNG)
    upload = SimpleUploadedFile("late.png", PNG)
    client.post(
        f"/exams/workbench/questions/{question.pk}/files/add/",
        {"image": upload, "alt": "", "version": loaded_at},
    )
    assert question.versions.count() == 2
    assert not QuestionFile.objects.filter(name="late.png").exists()


@pytest.mark.parametrize("who", ["learner", "coach", "analyst"])
def test_only_workbench_roles_may_change_images(login_as, who: str) -> None:  # type: ignore[no-untyped-def]
    question = _question()
    client = login_as(who)
    assert _add(client, question, PNG).status_code == 403
    QuestionFile.objects.create(question=question, name="x.png", content_type="image/png", size=1)
    assert _remove(client, question, "x.png").status_code == 403
    assert question.versions.count() == 1
