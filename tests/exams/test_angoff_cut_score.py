"""Modified Angoff: trainers rate each item of the exam's pool; the suggested cut is the mean over complete
raters of their mark-weighted mean probability, and adopting it as the pass mark is audited."""

from __future__ import annotations

import math

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.exams.angoff import exam_angoff, parse_probability
from assessments.exams.models import AngoffRating, BlueprintRule, Exam, Question
from stats.angoff import angoff_cut
from tests.factories.accounts import UserFactory
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _exam() -> tuple[Exam, list[int]]:
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    marks = [1, 2, 1]
    questions = [
        QuestionFactory(bank=bank, category=category, name=f"Item {i}", version__default_mark=m)
        for i, m in enumerate(marks)
    ]
    # Not in the pool: a draft, and a question in another category.
    QuestionFactory(bank=bank, category=category, status=Question.Status.DRAFT)
    QuestionFactory(bank=bank)
    exam = ExamFactory(bank=bank, status=Exam.Status.PUBLISHED, published_at=timezone.now(), pass_mark=70)
    BlueprintRule.objects.create(exam=exam, category=category, count=2)
    return exam, [q.versions.get().pk for q in questions]


def test_arithmetic_by_hand() -> None:
    marks = {1: 1.0, 2: 2.0, 3: 1.0}
    ratings = {
        10: {1: 0.5, 2: 0.8, 3: 0.6},  # (0.5 + 1.6 + 0.6) / 4 = 67.5 %
        11: {1: 0.7, 2: 0.6, 3: 0.9},  # (0.7 + 1.2 + 0.9) / 4 = 70.0 %
        12: {1: 0.9},  # incomplete: reported, not counted
    }
    cut = angoff_cut(ratings, marks)
    assert [r.cut for r in cut.raters] == [pytest.approx(67.5), pytest.approx(70.0), None]
    assert [r.rated for r in cut.raters] == [3, 3, 1]
    assert cut.suggested == pytest.approx(68.75)
    assert cut.sd == pytest.approx(2.5 / math.sqrt(2))  # sample SD of two values = |a − b| / √2
    assert (cut.low, cut.high) == (pytest.approx(67.5), pytest.approx(70.0))
    assert angoff_cut({}, marks).suggested is None
    assert angoff_cut({10: {1: 0.5, 2: 0.5, 3: 0.5}}, marks).sd is None


@pytest.mark.parametrize(
    ("raw", "expected"), [("0.65", 0.65), ("65", 0.65), ("65%", 0.65), ("1", 1.0), (" 0,5 ", 0.5), ("", None)]
)
def test_probability_accepts_fractions_and_percentages(raw: str, expected: float | None) -> None:
    assert parse_probability(raw) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("raw", ["-0.1", "120", "abc", "101%"])
def test_probability_out_of_range_is_refused(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_probability(raw)


def test_trainers_rate_and_adopt_the_suggested_cut(login_as, persona) -> None:  # type: ignore[no-untyped-def]
    exam, versions = _exam()
    url = f"/exams/{exam.slug}/angoff/"
    tina = login_as("trainer")
    page = tina.get(url)
    assert page.status_code == 200
    assert (
        page.content.decode().count('inputmode="decimal"') == 3
    )  # the pool, not the draft or other category

    bad = tina.post(url, {f"p-{versions[0]}": "0.5", f"p-{versions[1]}": "150", f"p-{versions[2]}": "x"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Item 2 (Item 1)" in html and "Item 3 (Item 2)" in html
    assert not AngoffRating.objects.exists()

    tina.post(url, {f"p-{versions[0]}": "0.5", f"p-{versions[1]}": "80%", f"p-{versions[2]}": "60"})
    second = UserFactory(roles=[Role.TRAINER])
    other = login_as(None)
    other.force_login(second)
    other.post(url, {f"p-{versions[0]}": "0.7", f"p-{versions[1]}": "0.6", f"p-{versions[2]}": "0.9"})
    _versions, _ratings, cut = exam_angoff(exam)
    assert cut.suggested == pytest.approx(68.75)
    assert "68.75%" in tina.get(url).content.decode()

    # A learner can neither see nor adopt it.
    assert login_as("learner").post(url, {"action": "adopt"}).status_code == 403

    tina.post(url, {"action": "adopt"})
    exam.refresh_from_db()
    assert float(exam.pass_mark) == 68.75
    event = AuditEvent.objects.get(verb="exam.pass_mark_adopt")
    assert event.actor == persona("trainer")
    assert event.before == {"pass_mark": "70.00"}
    assert event.after["pass_mark"] == "68.75" and event.after["raters"] == 2
    assert event.after["sd"] == pytest.approx(2.5 / math.sqrt(2))


def test_nothing_to_adopt_without_a_complete_rater(login_as) -> None:  # type: ignore[no-untyped-def]
    exam, versions = _exam()
    tina = login_as("trainer")
    tina.post(f"/exams/{exam.slug}/angoff/", {f"p-{versions[0]}": "0.5"})
    reply = tina.post(f"/exams/{exam.slug}/angoff/", {"action": "adopt"}, follow=True)
    assert "No trainer has rated every question yet" in reply.content.decode()
    exam.refresh_from_db()
    assert float(exam.pass_mark) == 70
    assert not AuditEvent.objects.filter(verb="exam.pass_mark_adopt").exists()
