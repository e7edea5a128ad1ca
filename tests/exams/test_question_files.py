"""Files embedded in Moodle XML (`<file encoding="base64">`, `@@PLUGINFILE@@` links) are kept in private storage,
listed in the import JSON, shown to those who may see the question (never as something that runs), refused when
named or sized like an attack, and written back by the export."""

from __future__ import annotations

import base64
import json
import zlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.formats import MAX_EMBEDDED_FILE_BYTES, ParseError
from assessments.exams.formats.moodlexml import export_moodlexml, parse_moodlexml
from assessments.exams.models import Attempt, BlueprintRule, Exam, Question, QuestionFile
from assessments.exams.selectors import bank_as_parsed
from assessments.exams.services import question_approve, questions_import
from tests.factories.accounts import UserFactory
from tests.factories.exams import REVIEW_FULL, CategoryFactory, ExamFactory, QuestionBankFactory


def _png() -> bytes:
    """A real 1×1 PNG, built here so the test does not rely on a binary fixture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png()
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _b64(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    # Moodle wraps long base64 lines; the parser must not mind.
    return "\n".join(encoded[i : i + 40] for i in range(0, len(encoded), 40))


def _xml(files_in_text: str, feedback_file: str = "", name: str = "Logo question") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="category"><category><text>$course$/Brand</text></category></question>
<question type="multichoice">
<name><text>{name}</text></name>
<questiontext format="html"><text><![CDATA[<p>Which logo is ours? <img src="@@PLUGINFILE@@/our%20logo.png" alt="logo"></p>
<p><a href="@@PLUGINFILE@@/notes.svg">notes</a> <a href="@@PLUGINFILE@@/page.html">page</a></p>]]></text>
{files_in_text}
</questiontext>
<single>true</single>
<answer fraction="100" format="html"><text>The green one</text>
<feedback format="html"><text><![CDATA[Right: <img src="@@PLUGINFILE@@/tick.gif">]]></text>{feedback_file}</feedback></answer>
<answer fraction="0" format="html"><text>The red one</text><feedback format="html"><text>No</text></feedback></answer>
</question>
</quiz>
"""


def _file(name: str, data: bytes) -> str:
    return f'<file name="{name}" path="/" encoding="base64">{_b64(data)}</file>'


XML = _xml(
    _file("our logo.png", PNG) + _file("notes.svg", SVG) + _file("page.html", HTML),
    _file("tick.gif", GIF),
)


def test_the_parser_decodes_every_embedded_file_and_the_json_lists_them() -> None:
    (question,) = parse_moodlexml(XML)
    assert {f.name: f.content for f in question.files} == {
        "our logo.png": PNG,
        "notes.svg": SVG,
        "page.html": HTML,
        "tick.gif": GIF,
    }
    assert question.contract()["files"] == ["our logo.png", "notes.svg", "page.html", "tick.gif"]


@pytest.mark.django_db
def test_import_command_json_has_the_files_and_the_import_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "bank.xml"
    path.write_text(XML, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_questions", str(path), "--format", "moodlexml", "--bank", "brand", "--json", stdout=out
    )
    (printed,) = json.loads(out.getvalue())
    assert printed["files"] == ["our logo.png", "notes.svg", "page.html", "tick.gif"]
    stored = QuestionFile.objects.filter(question__bank__slug="brand").order_by("name")
    assert [f.name for f in stored] == ["notes.svg", "our logo.png", "page.html", "tick.gif"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../../x", "directory"),
        ("..", "directory"),
        ("a\\b.png", "directory"),
        ("", "no name"),
        ("bad&#10;name.png", "control characters"),
    ],
)
def test_a_file_named_like_a_path_is_refused_naming_question_and_file(name: str, reason: str) -> None:
    with pytest.raises(ParseError) as exc:
        parse_moodlexml(_xml(_file(name, PNG)))
    assert "Logo question" in str(exc.value) and reason in str(exc.value)
    assert "line 4" in str(exc.value)


def test_a_huge_base64_payload_is_refused_before_it_is_decoded() -> None:
    huge = "A" * (MAX_EMBEDDED_FILE_BYTES * 4 // 3 + 8)
    xml = _xml(f'<file name="big.png" path="/" encoding="base64">{huge}</file>')
    with pytest.raises(ParseError, match=r"'big\.png' is larger than 2 MB"):
        parse_moodlexml(xml)


def test_broken_base64_and_two_different_files_of_one_name_are_refused() -> None:
    with pytest.raises(ParseError, match=r"'x\.png' is not valid base64"):
        parse_moodlexml(_xml('<file name="x.png" path="/" encoding="base64">**not base64**</file>'))
    with pytest.raises(ParseError, match=r"two different embedded files are named 'x\.png'"):
        parse_moodlexml(_xml(_file("x.png", PNG), _file("x.png", GIF)))


@pytest.mark.django_db
def test_an_import_that_fails_keeps_no_file() -> None:
    bank = QuestionBankFactory()
    with pytest.raises(ParseError):
        questions_import(bank=bank, questions=parse_moodlexml(_xml(_file("../../x", PNG))), actor=None)
    assert not QuestionFile.objects.exists()


@pytest.mark.django_db
def test_import_stores_files_privately_with_the_type_sniffed_from_the_bytes() -> None:
    bank = QuestionBankFactory()
    (question,) = questions_import(bank=bank, questions=parse_moodlexml(XML), actor=None)
    stored = {f.name: f for f in question.files.all()}
    assert {n: f.content_type for n, f in stored.items()} == {
        "our logo.png": "image/png",
        "notes.svg": "application/octet-stream",
        "page.html": "application/octet-stream",
        "tick.gif": "image/gif",
    }
    assert stored["our logo.png"].size == len(PNG)
    for item in stored.values():
        # Private storage under a random name: the imported name never becomes a path.
        assert item.content.storage is item.content.field.storage
        assert item.name not in item.content.name
        assert item.content.name.startswith(f"exams/question-files/{question.pk}/")


def _published_exam(persona) -> Exam:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank, name="Brand")
    (question,) = questions_import(bank=bank, questions=parse_moodlexml(XML), actor=persona("trainer"))
    Question.objects.filter(pk=question.pk).update(category=category)
    question_approve(question=question, actor=persona("admin"))
    exam = ExamFactory(
        bank=bank,
        status=Exam.Status.PUBLISHED,
        published_at=timezone.now(),
        review_options=REVIEW_FULL,
        shuffle_choices=False,
        pass_mark=0,
    )
    BlueprintRule.objects.create(exam=exam, category=category, count=1)
    return exam


@pytest.mark.django_db
def test_learner_and_trainer_see_the_image_through_the_checked_url(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    exam = _published_exam(persona)
    question = Question.objects.get(bank=exam.bank)
    url = f"/exams/questions/{question.pk}/files/our%20logo.png"

    learner = login_as("learner")
    learner.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)
    page = learner.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    assert f'<img src="{url}" alt="logo">' in page
    assert "@@PLUGINFILE@@" not in page

    image = learner.get(url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image["Content-Security-Policy"]
    assert image["Content-Disposition"].startswith("inline")
    assert b"".join(image.streaming_content) == PNG

    response = attempt.responses.get()
    learner.post(
        f"/exams/attempts/{attempt.pk}/save/",
        data=json.dumps({"position": response.position, "value": 0, "seq": 1}),
        content_type="application/json",
    )
    learner.post(f"/exams/attempts/{attempt.pk}/submit/")
    review = learner.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    assert f'<img src="/exams/questions/{question.pk}/files/tick.gif">' in review
    assert "@@PLUGINFILE@@" not in review

    trainer = login_as("trainer")
    preview = trainer.get(f"/exams/workbench/questions/{question.pk}/preview/").content.decode()
    assert f'<img src="{url}" alt="logo">' in preview
    assert trainer.get(url).status_code == 200


@pytest.mark.django_db
def test_script_carrying_files_are_only_ever_downloads(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    exam = _published_exam(persona)
    question = Question.objects.get(bank=exam.bank)
    trainer = login_as("trainer")
    for name in ("notes.svg", "page.html"):
        served = trainer.get(f"/exams/questions/{question.pk}/files/{name}")
        assert served.status_code == 200
        assert served["Content-Type"] == "application/octet-stream"
        assert served["Content-Disposition"] == f'attachment; filename="{name}"'
        assert served["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in served["Content-Security-Policy"]


@pytest.mark.django_db
def test_only_those_who_may_see_the_question_get_its_files(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    exam = _published_exam(persona)
    question = Question.objects.get(bank=exam.bank)
    url = f"/exams/questions/{question.pk}/files/our%20logo.png"
    # Never delivered the question: as if it did not exist.
    assert login_as("learner").get(url).status_code == 404
    assert login_as("coach").get(url).status_code == 404
    anonymous = login_as(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert login_as("admin").get(url).status_code == 200
    # Someone else's attempt does not open the file for a learner who was not delivered it.
    other = UserFactory(roles=[Role.LEARNER])
    client = login_as(None)
    client.force_login(other)
    client.post(f"/exams/{exam.slug}/start/")
    assert client.get(url).status_code == 200
    assert login_as("learner").get(url).status_code == 404
    # A file the question does not have.
    assert login_as("trainer").get(f"/exams/questions/{question.pk}/files/other.png").status_code == 404


@pytest.mark.django_db
def test_export_writes_the_files_back_and_import_of_the_export_round_trips() -> None:
    bank = QuestionBankFactory()
    questions_import(bank=bank, questions=parse_moodlexml(XML), actor=None)
    exported = export_moodlexml(bank_as_parsed(bank))
    assert exported.count("<file ") == 4 and 'encoding="base64"' in exported
    (again,) = parse_moodlexml(exported)
    (original,) = parse_moodlexml(XML)
    assert {f.name: f.content for f in again.files} == {f.name: f.content for f in original.files}
    assert again.contract() == original.contract()

    other = QuestionBankFactory()
    (reimported,) = questions_import(bank=other, questions=[again], actor=None)
    with reimported.files.get(name="our logo.png").content.open("rb") as handle:
        assert handle.read() == PNG
