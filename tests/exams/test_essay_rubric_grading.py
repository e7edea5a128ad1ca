"""Essays linked to a rubric version are graded per criterion with its anchors; the fraction is the weighted,
scale-normalised mean of the ratings, stored per criterion and audited. Without a rubric, the share form stays."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.exams.models import BlueprintRule, EssayCriterionRating, Exam, QuestionType, Response
from assessments.exams.services import attempt_start, attempt_submit, response_save
from assessments.rubrics.services import criteria_from_version, rubric_version_create
from tests.factories.exams import CategoryFactory, ExamFactory, QuestionBankFactory, QuestionFactory
from tests.factories.rubrics import make_rubric_version

pytestmark = pytest.mark.django_db


def _submitted_essay(persona, *, on_version=None, on_exam=None) -> Response:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    QuestionFactory(
        bank=bank,
        category=category,
        version__qtype=QuestionType.ESSAY,
        version__data={},
        version__default_mark=4,
        version__rubric_version=on_version,
    )
    exam = ExamFactory(
        bank=bank, status=Exam.Status.PUBLISHED, pass_mark=50, essay_rubric=on_exam, certifying=False
    )
    BlueprintRule.objects.create(exam=exam, category=category, count=1)
    now = timezone.now()
    attempt = attempt_start(exam=exam, user=persona("learner"), now=now)
    response_save(attempt=attempt, position=1, value="We lead with the customer's pain.", seq=1, now=now)
    attempt_submit(attempt=attempt, now=now)
    return attempt.responses.get()


def test_rubric_grading_weights_ratings_and_audits(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    # Weights 1:2:1 (normalised to 0.25/0.5/0.25), scales 1..5.
    rubric = make_rubric_version(names=("Structure", "Value", "Clarity"), weights=(1, 2, 1))
    response = _submitted_essay(persona, on_version=rubric)
    url = f"/exams/grading/{response.pk}/"
    trainer = login_as("trainer")
    page = trainer.get(url).content.decode()
    for text in ("Structure", "Value: outstanding", "Clarity: weak", "Value: solid"):
        assert text in page, text
    assert 'name="percent"' not in page
    assert persona("learner").email not in page  # blind

    criteria = {c.name: c for c in rubric.criteria.all()}
    missing = trainer.post(url, {f"criterion_{criteria['Structure'].pk}": "5"})
    assert missing.status_code == 400
    assert "Value: choose a rating." in missing.content.decode()
    assert Response.objects.get(pk=response.pk).fraction is None

    trainer.post(
        url,
        {
            f"criterion_{criteria['Structure'].pk}": "5",  # (5−1)/4 = 1.00
            f"criterion_{criteria['Value'].pk}": "3",  # (3−1)/4 = 0.50
            f"criterion_{criteria['Clarity'].pk}": "2",  # (2−1)/4 = 0.25
            "comment": "Good structure",
        },
    )
    # 0.25 × 1 + 0.5 × 0.5 + 0.25 × 0.25 = 0.5625 → 2.25 of 4 marks → 56.25 %.
    response.refresh_from_db()
    assert response.fraction == pytest.approx(0.5625)
    assert response.rubric_version_id == rubric.pk and response.comment == "Good structure"
    stored = dict(
        EssayCriterionRating.objects.filter(response=response).values_list("criterion__name", "rating")
    )
    assert stored == {"Structure": 5, "Value": 3, "Clarity": 2}
    attempt = response.attempt
    attempt.refresh_from_db()
    assert attempt.score == pytest.approx(56.25) and attempt.passed is True
    event = AuditEvent.objects.get(verb="response.grade_rubric")
    assert event.actor == persona("trainer")
    assert event.after["ratings"] == {"Structure": 5, "Value": 3, "Clarity": 2}
    assert AuditEvent.objects.filter(verb="response.grade", object_id=str(attempt.pk)).exists()
    rubric.refresh_from_db()
    assert rubric.is_locked  # scored on: the rubric version can no longer change


def test_exam_rubric_is_the_fallback_and_scales_may_differ(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    base = make_rubric_version(names=("Only",))
    rows = criteria_from_version(base)
    rows[0].update(scale_min=0, scale_max=3)
    rubric = rubric_version_create(rubric=base.rubric, criteria=rows, change_note="0..3", actor=None)
    response = _submitted_essay(persona, on_exam=rubric)
    only = rubric.criteria.get()
    out_of_scale = login_as("trainer").post(f"/exams/grading/{response.pk}/", {f"criterion_{only.pk}": "4"})
    assert out_of_scale.status_code == 400
    login_as("trainer").post(f"/exams/grading/{response.pk}/", {f"criterion_{only.pk}": "2"})
    response.refresh_from_db()
    assert response.fraction == pytest.approx(2 / 3)


def test_without_a_rubric_the_share_form_stays(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    response = _submitted_essay(persona)
    trainer = login_as("trainer")
    assert 'name="percent"' in trainer.get(f"/exams/grading/{response.pk}/").content.decode()
    trainer.post(f"/exams/grading/{response.pk}/", {"percent": "75"})
    response.refresh_from_db()
    assert response.fraction == pytest.approx(0.75) and response.rubric_version_id is None
    assert not EssayCriterionRating.objects.exists()


def test_a_revision_links_a_rubric_and_later_revisions_keep_it(persona) -> None:  # type: ignore[no-untyped-def]
    from assessments.exams.services import question_revise

    rubric = make_rubric_version()
    question = QuestionFactory(version__qtype=QuestionType.ESSAY, version__data={})
    linked = question_revise(question=question, actor=persona("trainer"), rubric_version=rubric)
    kept = question_revise(question=question, actor=persona("trainer"), text="Reworded")
    assert (linked.number, linked.rubric_version_id) == (2, rubric.pk)
    assert (kept.number, kept.rubric_version_id, kept.text) == (3, rubric.pk, "Reworded")
    assert question.versions.get(number=1).rubric_version_id is None
