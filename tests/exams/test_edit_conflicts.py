"""Two people save the same question or exam in the admin: the second is refused, naming who changed it and when."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from accounts.roles import Role
from assessments.exams.models import Exam, Question
from assessments.exams.services import question_revise
from core.concurrency import StaleEdit
from tests.factories.accounts import UserFactory
from tests.factories.exams import ExamFactory, QuestionFactory
from tests.html_forms import form_fields

pytestmark = pytest.mark.django_db


def _stamp(obj: Question | Exam) -> str:
    at = date_format(timezone.localtime(obj.changed_at), "Y-m-d H:i:s")  # type: ignore[arg-type]
    return f"changed by {obj.changed_by.display_name} at {at}"  # type: ignore[union-attr]


@pytest.fixture
def admins(roles, settings):  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    clients = []
    for first in ("Ada", "Ben"):
        user = UserFactory(
            is_staff=True, is_superuser=True, roles=[Role.ADMIN], first_name=first, last_name="Admin"
        )
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _both_load(clients: list[Client], url: str) -> list[dict[str, object]]:
    loaded = []
    for client in clients:
        response = client.get(url)
        assert response.status_code == 200
        loaded.append(form_fields(response.content.decode(), having="seen_version"))
    return loaded


def test_a_second_question_save_in_the_admin_is_refused(admins) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory(name="Pricing tiers")
    url = f"/django-admin/exams/question/{question.pk}/change/"
    mine, theirs = _both_load(admins, url)
    assert mine["seen_version"] == "1"
    assert admins[0].post(url, {**mine, "name": "Pricing tiers (2027)"}).status_code == 302
    refused = admins[1].post(url, {**theirs, "name": "Pricing tiers, renamed"})
    question.refresh_from_db()
    assert question.name == "Pricing tiers (2027)" and question.version == 2
    assert refused.status_code == 200
    assert f"Question was {_stamp(question)}" in refused.content.decode()
    assert question.changed_by.first_name == "Ada"  # type: ignore[union-attr]


def test_a_second_exam_save_in_the_admin_is_refused(admins) -> None:  # type: ignore[no-untyped-def]
    exam = ExamFactory(title="Product certification", pass_mark=70)
    url = f"/django-admin/exams/exam/{exam.pk}/change/"
    mine, theirs = _both_load(admins, url)
    assert admins[0].post(url, {**mine, "pass_mark": "80"}).status_code == 302
    refused = admins[1].post(url, {**theirs, "pass_mark": "60", "title_en": "Renamed"})
    exam.refresh_from_db()
    assert (exam.pass_mark, exam.title, exam.version) == (80, "Product certification", 2)
    assert f"Exam was {_stamp(exam)}" in refused.content.decode()


def test_a_revision_based_on_an_old_version_is_refused(roles) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory()
    trainer_a, trainer_b = (
        UserFactory(roles=[Role.TRAINER], first_name=n, last_name="T") for n in ("Tia", "Tom")
    )
    seen = question.version
    question_revise(question=question, actor=trainer_a, expected_version=seen, text="First rewrite")
    with pytest.raises(StaleEdit) as refused:
        question_revise(question=question, actor=trainer_b, expected_version=seen, text="Second rewrite")
    question.refresh_from_db()
    assert f"This question was {_stamp(question)}" in refused.value.messages[0]
    assert question.changed_by == trainer_a
    assert list(question.versions.values_list("text", flat=True).order_by("number"))[-1] == "First rewrite"
    assert question.versions.count() == 2
