"""The workbench's exam builder: settings, blueprint rules with pool sizes, publish with its errors, learner preview."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from assessments.exams.models import Difficulty, Exam, Question
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory, mc_data

pytestmark = pytest.mark.django_db


def _settings(bank, **extra):  # type: ignore[no-untyped-def]
    fields = {
        "title_en": "Cloud basics",
        "slug": "cloud-basics",
        "bank": bank.pk,
        "time_limit_minutes": "30",
        "pass_mark": "70",
        "attempts_allowed": "2",
        "cooldown_hours": "0",
        "navigation": "free",
        "review_options_immediately_marks": "on",
        "shuffle_questions": "on",
    }
    fields.update(extra)
    return fields


def _rules(*rows: tuple[int, int | str, int]) -> dict[str, str]:
    data = {"rules-TOTAL_FORMS": str(len(rows) + 1), "rules-INITIAL_FORMS": "0"}
    for i, (category, difficulty, count) in enumerate(rows):
        data[f"rules-{i}-category"] = str(category)
        data[f"rules-{i}-difficulty"] = str(difficulty)
        data[f"rules-{i}-count"] = str(count)
    return data


@pytest.fixture
def bank():  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    cloud = CategoryFactory(bank=bank, name="Cloud")
    storage = CategoryFactory(bank=bank, name="Storage", parent=cloud)
    for i in range(3):
        QuestionFactory(
            bank=bank,
            category=storage,
            difficulty=Difficulty.HARD,
            name=f"hard-{i}",
            version__data=mc_data(right=f"KEY-{i}"),
        )
    QuestionFactory(bank=bank, category=cloud, difficulty=Difficulty.EASY, name="easy")
    QuestionFactory(bank=bank, category=cloud, status=Question.Status.DRAFT, name="draft")
    return bank


def test_build_publish_and_preview(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    client = login_as("trainer")
    assert client.post("/exams/workbench/exams/new/", _settings(bank)).status_code == 302
    exam = Exam.objects.get(slug="cloud-basics")
    assert exam.status == Exam.Status.DRAFT and exam.time_limit_minutes == 30
    url = "/exams/workbench/exams/cloud-basics/"
    cloud, storage = bank.categories.get(name="Cloud"), bank.categories.get(name="Storage")
    data = _settings(bank, version=str(exam.version)) | _rules(
        (storage.pk, Difficulty.HARD, 2), (cloud.pk, "", 2)
    )
    assert client.post(url, data).status_code == 302
    assert list(exam.blueprint.order_by("pk").values_list("category__name", "difficulty", "count")) == [
        ("Storage", Difficulty.HARD, 2),
        ("Cloud", None, 2),
    ]
    page = client.get(url)
    pools = [row["pool"] for row in page.context["rules"] if row["pool"] is not None]
    assert pools == [3, 4]  # approved only, subcategories included
    pool = client.get(f"{url}pool/", {"category": storage.pk, "difficulty": Difficulty.HARD}).json()
    assert pool == {"pool": 3}

    exam.refresh_from_db()
    assert client.post(f"{url}publish/", {"version": exam.version}).status_code == 302
    exam.refresh_from_db()
    assert exam.status == Exam.Status.PUBLISHED
    assert AuditEvent.objects.filter(verb="exam.publish", object_id=str(exam.pk)).exists()

    preview = client.get(f"{url}preview/", {"seed": "7"})
    html = preview.content.decode()
    assert len(preview.context["questions"]) == 4
    assert "KEY-" in html  # the choices are shown…
    assert "is right" not in html and "fraction" not in html  # …never the feedback or the key


def test_publish_shows_why_it_cannot(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    exam = ExamFactory(bank=bank)
    client = login_as("trainer")
    url = f"/exams/workbench/exams/{exam.slug}/"
    storage = bank.categories.get(name="Storage")
    client.post(
        url,
        _settings(bank, slug=exam.slug, title_en=exam.title, version=str(exam.version))
        | _rules((storage.pk, "", 5)),
    )
    exam.refresh_from_db()
    response = client.post(f"{url}publish/", {"version": exam.version}, follow=True)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.DRAFT
    assert "Not published" in response.content.decode() and "Storage" in response.content.decode()
    assert response.context["rules"][0]["short"] is True
    assert client.get(f"{url}preview/").context["questions"] is None


def test_a_closing_time_before_opening_is_refused(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    response = login_as("trainer").post(
        "/exams/workbench/exams/new/",
        _settings(bank, opens_at="2026-05-02T10:00", closes_at="2026-05-01T10:00"),
    )
    assert response.status_code == 200 and not Exam.objects.exists()


@pytest.mark.parametrize("name", ["learner", "coach"])
def test_builder_refuses_non_trainers(login_as, bank, name: str) -> None:  # type: ignore[no-untyped-def]
    exam = ExamFactory(bank=bank)
    client = login_as(name)
    assert client.get("/exams/workbench/exams/new/").status_code == 403
    assert client.post(f"/exams/workbench/exams/{exam.slug}/publish/").status_code == 403
    assert client.get(f"/exams/workbench/exams/{exam.slug}/preview/").status_code == 403


def test_a_new_exam_form_starts_from_the_default_review_options(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    """An empty grid would hide every mark from learners of an exam whose trainer never touched it."""
    from assessments.exams.review import review_options_default

    html = login_as("trainer").get("/exams/workbench/exams/new/").content.decode()
    for timing, items in review_options_default().items():
        for item in items:
            assert (
                f'name="review_options_{timing}_{item}" id="id_review_options_{timing}_{item}" value="on" checked'
                in html
            )
