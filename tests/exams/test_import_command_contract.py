"""`import_questions` prints exactly the documented JSON, exits non-zero naming the question, and --dry-run saves nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from assessments.exams.models import Category, Question, QuestionBank, QuestionVersion

pytestmark = pytest.mark.django_db

GIFT = """$CATEGORY: $course$/Products/Cloud

::MC::[html]Pick <b>one</b>{=right#yes ~%-50%wrong#no ~%50%half}

::TF::Sky is blue{T}

::SA::Name it{=CRM =%50%crm tool}

::NUM::Pi?{#3.141..3.142}

$CATEGORY: Methodology

::MATCH::Match{=lead -> 线索 =contract -> 合同}

::ESSAY::Explain{}

::DESC::Read this.
"""


def run(tmp_path: Path, source: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    path = tmp_path / "q.gift"
    path.write_text(source, encoding="utf-8")
    out = StringIO()
    call_command("import_questions", str(path), "--format", "gift", "--bank", "sales", *args, stdout=out)
    return json.loads(out.getvalue()) if "--json" in args else []


def test_json_output_follows_the_contract(tmp_path: Path) -> None:
    printed = run(tmp_path, GIFT, "--json")
    assert printed == [
        {
            "name": "MC",
            "type": "multichoice",
            "category": "Products/Cloud",
            "text": "Pick <b>one</b>",
            "single": True,
            "answers": [
                {"text": "right", "fraction": 1.0},
                {"text": "wrong", "fraction": -0.5},
                {"text": "half", "fraction": 0.5},
            ],
            "default_mark": 1.0,
            "tags": [],
            "files": [],
        },
        {
            "name": "TF",
            "type": "truefalse",
            "category": "Products/Cloud",
            "text": "Sky is blue",
            "answers": [{"text": "true", "fraction": 1.0}, {"text": "false", "fraction": 0.0}],
            "default_mark": 1.0,
            "tags": [],
            "files": [],
        },
        {
            "name": "SA",
            "type": "shortanswer",
            "category": "Products/Cloud",
            "text": "Name it",
            "answers": [{"text": "CRM", "fraction": 1.0}, {"text": "crm tool", "fraction": 0.5}],
            "default_mark": 1.0,
            "tags": [],
            "files": [],
        },
        {
            "name": "NUM",
            "type": "numerical",
            "category": "Products/Cloud",
            "text": "Pi?",
            "answers": [{"value": 3.1415, "tolerance": 0.0005, "fraction": 1.0}],
            "default_mark": 1.0,
            "tags": [],
            "files": [],
        },
        {
            "name": "MATCH",
            "type": "matching",
            "category": "Methodology",
            "text": "Match",
            "answers": [{"question": "lead", "answer": "线索"}, {"question": "contract", "answer": "合同"}],
            "default_mark": 1.0,
            "tags": [],
            "files": [],
        },
        {
            "name": "ESSAY",
            "type": "essay",
            "category": "Methodology",
            "text": "Explain",
            "answers": [],
            "default_mark": 1.0,
            "tags": [],
            "files": [],
        },
        {
            "name": "DESC",
            "type": "description",
            "category": "Methodology",
            "text": "Read this.",
            "answers": [],
            "default_mark": 1.0,
            "tags": [],
            "files": [],
        },
    ]
    for item in printed:
        assert all(isinstance(a.get("fraction", 0.0), float) for a in item["answers"])


def test_import_saves_drafts_with_versions_and_category_tree(tmp_path: Path) -> None:
    run(tmp_path, GIFT)
    bank = QuestionBank.objects.get(slug="sales")
    assert bank.questions.count() == 7
    assert set(bank.questions.values_list("status", flat=True)) == {Question.Status.DRAFT}
    assert QuestionVersion.objects.filter(question__bank=bank, number=1).count() == 7
    cloud = Category.objects.get(bank=bank, name="Cloud")
    assert cloud.parent is not None and cloud.parent.name == "Products"


def test_dry_run_saves_nothing(tmp_path: Path) -> None:
    printed = run(tmp_path, GIFT, "--dry-run", "--json")
    assert len(printed) == 7
    assert not QuestionBank.objects.exists()
    assert not Question.objects.exists()


def test_invalid_file_is_refused_whole_naming_question_and_line(tmp_path: Path) -> None:
    bad = GIFT + "\n::Broken::Pick {~%33%a =b}\n"
    with pytest.raises(CommandError) as caught:
        run(tmp_path, bad, "--json")
    assert "Question 8 'Broken' line 19" in str(caught.value)
    assert "not a valid Moodle grade" in str(caught.value)
    assert not Question.objects.exists()
    assert not Category.objects.exists()


def test_process_exit_codes_and_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.gift"
    good.write_text("::A::Sky is blue{T}\n", encoding="utf-8")
    bad = tmp_path / "bad.gift"
    bad.write_text("::A::Sky is blue{T}\n\n::B::Pick {~%12%a =b}\n", encoding="utf-8")

    def main(path: Path) -> int:
        argv = [
            "manage.py",
            "import_questions",
            str(path),
            "--format",
            "gift",
            "--bank",
            "x",
            "--dry-run",
            "--json",
        ]
        try:
            ManagementUtility(argv).execute()
        except SystemExit as exit_:
            return int(exit_.code or 0)
        return 0

    assert main(good) == 0
    ok = capsys.readouterr()
    assert json.loads(ok.out)[0]["type"] == "truefalse"
    assert main(bad) != 0
    refused = capsys.readouterr()
    assert "Question 2 'B' line 3" in refused.err
    assert refused.out == ""
