"""The workbench's question editor: every type saves, an edit is a new immutable version, and the preview grades."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.exams.grading import grade
from assessments.exams.models import Question, QuestionVersion
from tests.factories.accounts import UserFactory
from tests.factories.exams import CategoryFactory, QuestionBankFactory, QuestionFactory, mc_data

pytestmark = pytest.mark.django_db

# type → (editor fields, a right answer as the preview form posts it, the answer in key space for grade())
CASES: dict[str, tuple[dict[str, Any], dict[str, Any], Any]] = {
    "multichoice": (
        {"answers": "100 | Paris | yes\n0 | Lyon | no\n0 | Nice"},
        {"q-1": "0"},
        0,
    ),
    "truefalse": ({"tf_correct": "false", "tf_feedback_false": "Indeed"}, {"q-1": "false"}, "false"),
    "shortanswer": ({"answers": "100 | pari* | close enough\n50 | France"}, {"q-1": "Paris"}, "Paris"),
    "numerical": ({"answers": "100 | 42 | 0.5\n50 | 40 | 2"}, {"q-1": "42,3"}, "42,3"),
    "matching": (
        {"answers": "Red | Stop\nGreen | Go\n | Wait"},
        {"q-1-0": "Stop", "q-1-1": "Go"},
        {"0": "Stop", "1": "Go"},
    ),
    "ordering": ({"answers": "First\nSecond\nThird"}, {"q-1": ["0", "1", "2"]}, None),
    "essay": ({}, {"q-1": "Long thoughts"}, "Long thoughts"),
}


def _post_new(client, bank, qtype: str, **extra: Any):  # type: ignore[no-untyped-def]
    fields = {
        "name": f"A {qtype}",
        "qtype": qtype,
        "difficulty": 2,
        "default_mark": "2",
        "text": "<p>Ask?</p>",
    }
    fields.update(CASES[qtype][0])
    fields.update(extra)
    return client.post(f"/exams/workbench/banks/{bank.slug}/new/", fields)


@pytest.mark.parametrize("qtype", list(CASES))
def test_every_type_saves_and_its_preview_grades_like_the_engine(login_as, persona, qtype: str) -> None:
    bank = QuestionBankFactory()
    client = login_as("trainer")
    assert _post_new(client, bank, qtype, tags="geo, capitals").status_code == 302
    question = Question.objects.get(bank=bank)
    version = question.versions.get()
    assert question.status == Question.Status.DRAFT and question.author == persona("trainer")
    assert version.qtype == qtype and float(version.default_mark) == 2.0
    assert sorted(question.tags.values_list("name", flat=True)) == ["capitals", "geo"]
    page = client.get(f"/exams/workbench/questions/{question.pk}/preview/")
    html = page.content.decode()
    assert page.status_code == 200 and "Ask?" in html
    # The learner's view: no fractions or feedback before an answer is checked.
    assert "fraction" not in html and "close enough" not in html
    posted = client.post(f"/exams/workbench/questions/{question.pk}/preview/", CASES[qtype][1])
    result = posted.context["result"]
    key_answer = CASES[qtype][2]
    if qtype == "ordering":
        # The preview shows the items rotated (1, 2, 0); posting them unchanged is that order in key space.
        key_answer = [1, 2, 0]
    expected = grade(qtype, version.data, key_answer)
    assert result.fraction == expected
    if expected is not None:
        assert result.marks == pytest.approx(expected * 2)


def test_preview_of_a_right_multichoice_answer_shows_its_feedback(login_as) -> None:
    question = QuestionFactory(version__data=mc_data(right="Blue"))
    response = login_as("trainer").post(f"/exams/workbench/questions/{question.pk}/preview/", {"q-1": "0"})
    assert response.context["result"].fraction == 1.0
    assert "Blue is right" in response.content.decode()


def test_editor_reports_the_line_of_a_bad_answer(login_as) -> None:
    bank = QuestionBankFactory()
    response = _post_new(login_as("trainer"), bank, "multichoice", answers="100 | A\n33 | B")
    assert response.status_code == 200
    assert "Line 2" in response.content.decode()
    assert not Question.objects.filter(bank=bank).exists()


def test_saving_a_change_adds_a_version_and_keeps_the_old_one(login_as, persona) -> None:
    author = UserFactory(roles=[Role.TRAINER])
    bank = QuestionBankFactory()
    question = QuestionFactory(bank=bank, status=Question.Status.APPROVED, author=author, approved_by=author)
    v1 = question.versions.get()
    client = login_as("trainer")
    url = f"/exams/workbench/questions/{question.pk}/"
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["answers"] = "100 | Right\n0 | Wrong A\n0 | Wrong B\n0 | New wrong"
    assert client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.versions.count() == 2
    v2 = question.versions.get(number=2)
    assert v2.author == persona("trainer") and len(v2.data["answers"]) == 4
    assert QuestionVersion.objects.get(pk=v1.pk).data == v1.data  # the first version is untouched
    # A changed key needs a second look; exams keep drawing the approved version meanwhile.
    assert question.needs_review and question.approved_version_id == v1.pk
    page = client.get(url).content.decode()
    assert "v2" in page and persona("trainer").display_name in page
    event = AuditEvent.objects.get(verb="question.edit")
    assert event.after["changed"] == ["data"] and event.after["version"] == 2


def test_renaming_alone_adds_no_version(login_as) -> None:
    question = QuestionFactory()
    client = login_as("trainer")
    url = f"/exams/workbench/questions/{question.pk}/"
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data["name"] = "Renamed"
    client.post(url, data)
    question.refresh_from_db()
    assert question.name == "Renamed" and question.versions.count() == 1
    assert question.status == Question.Status.APPROVED


def test_a_stale_form_is_refused(login_as) -> None:
    question = QuestionFactory()
    client = login_as("trainer")
    url = f"/exams/workbench/questions/{question.pk}/"
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    first = dict(data, text="first edit")
    assert client.post(url, first).status_code == 302
    second = dict(data, text="second edit from an old form")
    response = client.post(url, second)
    assert response.status_code == 200 and "reload" in response.content.decode()
    assert question.versions.count() == 2


def test_a_category_of_another_bank_is_refused(login_as) -> None:
    bank = QuestionBankFactory()
    foreign = CategoryFactory()
    response = _post_new(login_as("trainer"), bank, "essay", category=foreign.pk)
    assert response.status_code == 200
    assert not Question.objects.filter(bank=bank).exists()


@pytest.mark.parametrize("name", ["learner", "coach"])
def test_editor_and_preview_refuse_non_trainers(login_as, name: str) -> None:
    question = QuestionFactory()
    client = login_as(name)
    assert client.get(f"/exams/workbench/questions/{question.pk}/").status_code == 403
    assert client.post(f"/exams/workbench/questions/{question.pk}/preview/", {"q-1": "0"}).status_code == 403
    assert client.post(f"/exams/workbench/questions/{question.pk}/", {"name": "x"}).status_code == 403


def test_an_untouched_save_of_multiline_answers_adds_no_version(login_as) -> None:
    data = {
        "single": True,
        "answers": [
            {
                "text": "Fits 50 to 2,000 technicians.\n适合 50 到 2000 名工程师。",
                "fraction": 1.0,
                "feedback": "a|b",
            },
            {"text": "Spreadsheet C:\\new", "fraction": 0.0},
            {"text": "Other", "fraction": 0.0, "feedback": ""},
        ],
    }
    question = QuestionFactory(version__data=data)
    client = login_as("trainer")
    url = f"/exams/workbench/questions/{question.pk}/"
    posted = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    assert client.post(url, posted).status_code == 302
    assert question.versions.count() == 1
    # Changing one line keeps the others exactly as stored.
    posted["answers"] = posted["answers"].replace("Other", "Another")
    client.post(url, dict(posted, version=Question.objects.get(pk=question.pk).version))
    newest = question.versions.get(number=2).data["answers"]
    assert newest[0]["text"] == data["answers"][0]["text"] and newest[0]["feedback"] == "a|b"
    assert newest[1]["text"] == "Spreadsheet C:\\new" and newest[2]["text"] == "Another"
