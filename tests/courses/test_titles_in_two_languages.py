"""A learning path's name and an exam's title are held per UI language, never glued: the reader sees the active
language's, else the English original; editors fill in both, English required."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessments.exams.models import Exam
from courses.models import LearningPath
from courses.services import learning_path_assign
from tests.courses.exam_steps import path_of
from tests.factories.exams import QuestionBankFactory, published_exam

pytestmark = pytest.mark.django_db


def test_the_active_language_is_read_and_a_missing_chinese_falls_back_to_english() -> None:
    both = LearningPath.objects.create(name_en="Seller onboarding", name_zh_hans="销售入职")
    english_only = LearningPath.objects.create(name_en="Manager onboarding")
    with translation.override("zh-hans"):
        assert (LearningPath.objects.get(pk=both.pk).name, str(both)) == ("销售入职", "销售入职")
        assert LearningPath.objects.get(pk=english_only.pk).name == "Manager onboarding"
        # values_list goes through the same fallback (modeltranslation rewrites it).
        names = dict(LearningPath.objects.values_list("pk", "name"))
        assert names == {both.pk: "销售入职", english_only.pk: "Manager onboarding"}
    with translation.override("en"):
        assert LearningPath.objects.get(pk=both.pk).name == "Seller onboarding"
        assert dict(LearningPath.objects.values_list("pk", "name"))[both.pk] == "Seller onboarding"
    # Saved while reading Chinese: only the Chinese column changes.
    with translation.override("zh-hans"):
        both.name_zh_hans = "销售新人入职"
        both.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_en, name_zh_hans FROM courses_learningpath WHERE id = %s", [both.pk])
        assert cursor.fetchone() == ("Seller onboarding", "销售新人入职")


def test_paths_and_exams_sort_by_their_english_name_in_every_language() -> None:
    LearningPath.objects.create(name_en="Beta", name_zh_hans="甲")
    LearningPath.objects.create(name_en="Alpha")
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert [p.name_en for p in LearningPath.objects.all()] == ["Alpha", "Beta"]


def test_the_exam_form_saves_both_titles_and_requires_the_english(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    bank = QuestionBankFactory()
    fields = {
        "slug": "cloud-basics",
        "bank": bank.pk,
        "title_zh_hans": "云基础",
        "description_en": "Thirty minutes.",
        "description_zh_hans": "三十分钟。",
        "pass_mark": "70",
        "attempts_allowed": "1",
        "cooldown_hours": "0",
        "navigation": "free",
    }
    form_page = client.get(reverse("exams:wb_exam_new")).content.decode()
    assert "Title (English)" in form_page and "Title (Chinese)" in form_page
    refused = client.post(reverse("exams:wb_exam_new"), fields)
    assert refused.status_code == 200 and not Exam.objects.exists()
    assert "This field is required" in refused.content.decode()

    client.post(reverse("exams:wb_exam_new"), {**fields, "title_en": "Cloud basics"})
    exam = Exam.objects.get()
    assert (exam.title_en, exam.title_zh_hans) == ("Cloud basics", "云基础")
    assert (exam.description_en, exam.description_zh_hans) == ("Thirty minutes.", "三十分钟。")

    # Editing: the Chinese title left empty falls back to the English, not an empty title.
    client.post(
        reverse("exams:wb_exam", kwargs={"slug": exam.slug}),
        {
            **fields,
            "title_en": "Cloud basics 2",
            "title_zh_hans": "",
            "version": str(exam.version),
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
        },
    )
    exam.refresh_from_db()
    assert (exam.title_en, exam.title_zh_hans) == ("Cloud basics 2", None)
    with translation.override("zh-hans"):
        assert Exam.objects.get(pk=exam.pk).title == "Cloud basics 2"


def test_the_path_editor_saves_both_names_and_requires_the_english(login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    url = reverse("wagtailsnippets_courses_learningpath:add")
    form_page = client.get(url).content.decode()
    assert "Name (English)" in form_page and "Name (Chinese)" in form_page
    data = {
        "name_zh_hans": "销售入职",
        "description_en": "The first month.",
        "description_zh_hans": "第一个月。",
        "is_active": "on",
        "steps": inline_formset([]),
        "assignments": inline_formset([]),
    }
    assert client.post(url, nested_form_data(data)).status_code == 200
    assert not LearningPath.objects.exists()
    response = client.post(url, nested_form_data({**data, "name_en": "Seller onboarding"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    path = LearningPath.objects.get()
    assert (path.name_en, path.name_zh_hans) == ("Seller onboarding", "销售入职")
    assert (path.description_en, path.description_zh_hans) == ("The first month.", "第一个月。")


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("en", ("Seller onboarding", "Certified: Field"), ("销售入职", "现场服务认证")),
        ("zh-hans", ("销售入职", "现场服务认证"), ("Seller onboarding", "Certified: Field")),
    ],
)
def test_my_onboarding_and_the_exam_lobby_show_only_the_readers_language(
    language, shown, hidden, login_as, persona
) -> None:  # type: ignore[no-untyped-def]
    client = login_as("learner")
    client.cookies["django_language"] = language
    exam = published_exam(title_en="Certified: Field", title_zh_hans="现场服务认证")
    path = path_of([(exam, 7)])
    LearningPath.objects.filter(pk=path.pk).update(name_en="Seller onboarding", name_zh_hans="销售入职")
    learning_path_assign(
        path=path, users=[persona("learner")], start=timezone.localdate() - dt.timedelta(days=1)
    )
    onboarding = client.get("/onboarding/").content.decode()
    lobby = client.get(reverse("exams:detail", kwargs={"slug": exam.slug})).content.decode()
    for text in shown:
        assert text in onboarding
    assert shown[1] in lobby
    for text in hidden:
        assert text not in onboarding
    assert hidden[1] not in lobby
