"""Review workflow on the workbench: draft → approved by a second trainer → retired, audited, and "awaiting my review"."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.exams.models import Question
from tests.factories.accounts import UserFactory
from tests.factories.exams import QuestionBankFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_b():  # type: ignore[no-untyped-def]
    return UserFactory(email="bea@example.com", roles=[Role.TRAINER])


def _draft_by_a(client) -> Question:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    client.post(
        f"/exams/workbench/banks/{bank.slug}/new/",
        {
            "name": "Capital",
            "qtype": "shortanswer",
            "difficulty": 2,
            "default_mark": "1",
            "text": "Capital?",
            "answers": "100 | Paris",
        },
    )
    return Question.objects.get(bank=bank)


def test_the_author_cannot_approve_and_a_second_trainer_can(login_as, trainer_b) -> None:  # type: ignore[no-untyped-def]
    a = login_as("trainer")
    question = _draft_by_a(a)
    status_url = f"/exams/workbench/questions/{question.pk}/status/"
    page = a.get(f"/exams/workbench/questions/{question.pk}/").content.decode()
    assert 'value="approve"' not in page
    refused = a.post(status_url, {"action": "approve"}, follow=True)
    assert "second trainer" in refused.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT

    b = login_as(None)
    b.force_login(trainer_b)
    assert question in b.get("/exams/workbench/review/").context["page"].object_list
    b.post(status_url, {"action": "approve"})
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED and question.approved_by == trainer_b
    assert question not in b.get("/exams/workbench/review/").context["page"].object_list

    a.post(status_url, {"action": "retire"})
    question.refresh_from_db()
    assert question.status == Question.Status.RETIRED
    trail = list(
        AuditEvent.objects.filter(object_id=str(question.pk), verb__startswith="question.")
        .order_by("pk")
        .values_list("verb", "actor__email")
    )
    assert trail == [
        ("question.create", "tina@example.com"),
        ("question.approve", "bea@example.com"),
        ("question.retire", "tina@example.com"),
    ]
    # The editor shows the trail.
    assert "question.approve" in a.get(f"/exams/workbench/questions/{question.pk}/").content.decode()


def test_awaiting_my_review_leaves_out_my_own_questions_and_my_edits(login_as, persona, trainer_b) -> None:  # type: ignore[no-untyped-def]
    a = login_as("trainer")
    question = _draft_by_a(a)
    assert question not in a.get("/exams/workbench/review/").context["page"].object_list
    # B edits A's question: now B wrote the newest version, so B cannot review it and A can.
    b = login_as(None)
    b.force_login(trainer_b)
    url = f"/exams/workbench/questions/{question.pk}/"
    data = {k: v for k, v in b.get(url).context["form"].initial.items() if v is not None}
    b.post(url, dict(data, text="Capital of France?"))
    assert question not in b.get("/exams/workbench/review/").context["page"].object_list
    refused = b.post(f"{url}status/", {"action": "approve"})
    assert refused.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


@pytest.mark.parametrize("name", ["learner", "coach"])
def test_review_pages_refuse_non_trainers(login_as, persona, name: str) -> None:  # type: ignore[no-untyped-def]
    question = _draft_by_a(login_as("trainer"))
    client = login_as(name)
    assert client.get("/exams/workbench/review/").status_code == 403
    assert (
        client.post(f"/exams/workbench/questions/{question.pk}/status/", {"action": "approve"}).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT
