"""Every example file from Moodle's own repository imports through the command, or is refused as the contract says."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessments.exams.models import Question, QuestionBank

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
REFUSED = {
    # file → (question named in the message, reason)
    "error_invalid_grades.xml": (
        "Question 1 'Question with <strong>invalid grades</strong>",
        "33% is not a valid Moodle grade",
    ),
    "broken_cloze_questions.xml": (
        "Question 1 'Multianswer question without subquestions' line 4",
        "'cloze' is not supported",
    ),
    "multianswer.xml": ("Question 1 'cloze with images' line 12", "'cloze' is not supported"),
    "sample_questions_with_old_image_tag.xml": (
        "Question 1 'cloze question with image' line 16",
        "'cloze' is not supported",
    ),
}
EXPECTED_COUNTS = {
    "examples.txt": 43,
    "questions.gift.txt": 9,
    "questions_in_category.gift.txt": 4,
    "categories_reverse_order.xml": 2,
    "category_with_description.xml": 1,
    "deprecated_category.xml": 1,
    "export_category.xml": 1,
    "html_chars_in_idnumbers.xml": 1,
    "multichoice.xml": 1,
    "nested_categories.xml": 1,
    "nested_categories_with_questions.xml": 5,
    "old_format_file.xml": 2,
    "truefalse.xml": 2,
}
ALL_FILES = sorted(
    [(p, "gift") for p in (FIXTURES / "gift").iterdir()]
    + [(p, "moodlexml") for p in (FIXTURES / "xml").glob("*.xml")]
)


def test_every_fixture_is_covered() -> None:
    assert {p.name for p, _ in ALL_FILES} == set(REFUSED) | set(EXPECTED_COUNTS)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "fmt"), ALL_FILES, ids=lambda v: getattr(v, "name", v))
def test_moodle_example_file_imports_or_is_refused_naming_the_question(path: Path, fmt: str) -> None:
    out = StringIO()
    if path.name in REFUSED:
        named, reason = REFUSED[path.name]
        with pytest.raises(CommandError) as caught:
            call_command("import_questions", str(path), format=fmt, bank="moodle", json=True, stdout=out)
        assert named in str(caught.value)
        assert reason in str(caught.value)
        assert Question.objects.count() == 0
        return
    call_command("import_questions", str(path), format=fmt, bank="moodle", json=True, stdout=out)
    printed = json.loads(out.getvalue())
    assert len(printed) == EXPECTED_COUNTS[path.name]
    bank = QuestionBank.objects.get(slug="moodle")
    assert bank.questions.count() == len(printed)
    assert sorted(bank.questions.values_list("name", flat=True)) == sorted(q["name"] for q in printed)
