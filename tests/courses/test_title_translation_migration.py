"""The migrations that give a learning path's name and an exam's title a column per language split the glued demo
values of a database seeded before them, and glue them back when unapplied."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from courses.bilingual import split_glued

BEFORE = [("courses", "0006_scorm_packages"), ("exams", "0012_question_approved_version")]
AFTER = [
    ("courses", "0007_learning_path_name_in_two_languages"),
    ("exams", "0014_exam_title_in_two_languages"),
]

# As yesterday's demo seeders wrote them.
OLD_PATH = (
    "30-day seller onboarding 销售新人 30 天入职路径",
    "Every new seller's first month. 每位销售新人的第一个月。",
)
OLD_EXAM = (
    "Certified: Lumora Field 现场服务云认证",
    "Certification exam for the sales team. 销售团队认证考试。",
)


def _migrate(target: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.fixture
def latest_schema_after():  # type: ignore[no-untyped-def]
    """Going back to BEFORE unapplies the later migrations too; the tests after this one need them all."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_glued_names_and_titles_are_split_and_glued_back() -> None:
    old = _migrate(BEFORE)
    bank = old.get_model("exams", "QuestionBank").objects.create(slug="b", name="Bank")
    path = old.get_model("courses", "LearningPath").objects.create(name=OLD_PATH[0], description=OLD_PATH[1])
    english_only = old.get_model("courses", "LearningPath").objects.create(name="Manager onboarding")
    exam = old.get_model("exams", "Exam").objects.create(
        bank=bank, slug="cert-field", title=OLD_EXAM[0], description=OLD_EXAM[1]
    )

    _migrate(AFTER)

    from assessments.exams.models import Exam
    from courses.models import LearningPath

    new_path, new_exam = LearningPath.objects.get(pk=path.pk), Exam.objects.get(pk=exam.pk)
    for record, field, glued in (
        (new_path, "name", OLD_PATH[0]),
        (new_path, "description", OLD_PATH[1]),
        (new_exam, "title", OLD_EXAM[0]),
        (new_exam, "description", OLD_EXAM[1]),
    ):
        english, chinese = getattr(record, f"{field}_en"), getattr(record, f"{field}_zh_hans")
        assert english and chinese and glued == f"{english} {chinese}"  # split at the seam, nothing lost
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in english)
        assert (english, chinese) == split_glued(glued)
        with translation.override("en"):
            assert getattr(type(record).objects.get(pk=record.pk), field) == english
        with translation.override("zh-hans"):
            assert getattr(type(record).objects.get(pk=record.pk), field) == chinese
    untouched = LearningPath.objects.get(pk=english_only.pk)
    assert (untouched.name_en, untouched.name_zh_hans) == ("Manager onboarding", None)
    with connection.cursor() as cursor:  # the untranslated column now holds the English
        cursor.execute("SELECT name FROM courses_learningpath WHERE id = %s", [path.pk])
        assert cursor.fetchone()[0] == new_path.name_en

    old = _migrate(BEFORE)
    assert old.get_model("courses", "LearningPath").objects.get(pk=path.pk).name == OLD_PATH[0]
    assert (
        old.get_model("courses", "LearningPath").objects.get(pk=english_only.pk).name == "Manager onboarding"
    )
    back = old.get_model("exams", "Exam").objects.get(pk=exam.pk)
    assert (back.title, back.description) == OLD_EXAM
