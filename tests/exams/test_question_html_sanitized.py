"""Imported question HTML (GIFT [html], Moodle XML) is sanitized wherever it is rendered: no scripts, event
handlers or javascript: links reach the attempt page, the review, the grading page or the admin preview."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from accounts.roles import Role
from assessments.exams.imports import parse_questions
from assessments.exams.models import Attempt, BlueprintRule, Exam, Question, QuestionType
from assessments.exams.services import question_approve, questions_import
from assessments.exams.templatetags.exam_html import question_html_string
from tests.factories.accounts import UserFactory
from tests.factories.exams import REVIEW_FULL, CategoryFactory, ExamFactory, QuestionBankFactory

pytestmark = pytest.mark.django_db

GIFT = r"""::Evil gift::[html]<p>Pick <b>one</b><script>alert(1)</script> <a href\="javascript\:alert(1)">x</a> <img src\="x.png" onerror\="alert(1)"></p>{
=<span onmouseover\="alert(1)">RightGift</span><script>alert(1)</script>#<a href\="javascript\:alert(1)">fbgift</a><img src\="y.png" onerror\="alert(1)">
~WrongGift#<script>alert(1)</script>wrong fb
####<p onclick\="alert(1)">general gift</p><script>alert(1)</script>
}

::Evil essay::[html]<p>Essay <u>prompt</u><script>alert(1)</script><a href\="javascript\:alert(1)">y</a><img src\="e.png" onerror\="alert(1)"></p>{}
"""

XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<question type="multichoice">
<name><text>Evil xml</text></name>
<questiontext format="html"><text><![CDATA[<p>XML <i>question</i><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="z.png" onerror="alert(1)"></p>]]></text></questiontext>
<generalfeedback format="html"><text><![CDATA[<p onload="alert(1)">general xml</p><script>alert(1)</script>]]></text></generalfeedback>
<defaultgrade>1</defaultgrade>
<single>true</single>
<answer fraction="100" format="html"><text><![CDATA[<b onclick="alert(1)">RightXml</b><script>alert(1)</script>]]></text>
<feedback format="html"><text><![CDATA[<a href="javascript:alert(1)">fbxml</a><img src="q.png" onerror="alert(1)">]]></text></feedback></answer>
<answer fraction="0" format="html"><text><![CDATA[WrongXml<script>alert(1)</script>]]></text>
<feedback format="html"><text>nope</text></feedback></answer>
</question>
</quiz>
"""

DANGEROUS = ("alert(1)", "javascript:", "onerror", "onmouseover", "onclick=", "onload=")


def _assert_clean(html: str) -> None:
    for bad in DANGEROUS:
        assert bad not in html, bad


def _exam(persona) -> Exam:  # type: ignore[no-untyped-def]
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank, name="Imported")
    trainer = persona("trainer")
    imported = questions_import(bank=bank, questions=parse_questions(GIFT.encode(), "gift"), actor=trainer)
    imported += questions_import(
        bank=bank, questions=parse_questions(XML.encode(), "moodlexml"), actor=trainer
    )
    assert len(imported) == 3
    Question.objects.filter(bank=bank).update(category=category)
    for question in imported:
        question_approve(question=question, actor=persona("admin"))
    exam = ExamFactory(
        bank=bank,
        status=Exam.Status.PUBLISHED,
        published_at=timezone.now(),
        review_options=REVIEW_FULL,
        shuffle_choices=False,
        pass_mark=0,
    )
    BlueprintRule.objects.create(exam=exam, category=category, count=3)
    return exam


def test_attempt_review_grading_and_admin_pages_render_imported_html_sanitized(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    exam = _exam(persona)
    learner = login_as("learner")
    learner.post(f"/exams/{exam.slug}/start/")
    attempt = Attempt.objects.get(exam=exam)

    page = learner.get(f"/exams/attempts/{attempt.pk}/").content.decode()
    _assert_clean(page)
    # Sanitized, not dropped: the harmless markup and the texts are still there.
    for kept in (
        "<b>one</b>",
        "<i>question</i>",
        '<img src="x.png">',
        "RightGift",
        "RightXml",
        "<u>prompt</u>",
    ):
        assert kept in page, kept

    for response in attempt.responses.select_related("version"):
        value = "My <script>alert(1)</script> essay" if response.version.qtype == QuestionType.ESSAY else 0
        learner.post(
            f"/exams/attempts/{attempt.pk}/save/",
            data=json.dumps({"position": response.position, "value": value, "seq": 1}),
            content_type="application/json",
        )
    learner.post(f"/exams/attempts/{attempt.pk}/submit/")
    review = learner.get(f"/exams/attempts/{attempt.pk}/result/").content.decode()
    _assert_clean(review)
    for kept in ("fbgift", "fbxml", "general gift", "general xml", "RightGift", "RightXml"):
        assert kept in review, kept

    essay = attempt.responses.get(version__qtype=QuestionType.ESSAY)
    trainer = login_as("trainer")
    grading = trainer.get(f"/exams/grading/{essay.pk}/")
    assert grading.status_code == 200
    html = grading.content.decode()
    assert "<u>prompt</u>" in html
    # The learner's own answer is escaped text, never markup.
    assert "&lt;script&gt;" in html
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html

    question = Question.objects.get(bank=exam.bank, name="Evil xml")
    superuser = UserFactory(is_staff=True, is_superuser=True, roles=[Role.ADMIN])
    admin_client = login_as(None)
    admin_client.force_login(superuser)
    admin_page = admin_client.get(f"/django-admin/exams/question/{question.pk}/change/")
    assert admin_page.status_code == 200
    admin_html = admin_page.content.decode()
    assert "<i>question</i>" in admin_html
    _assert_clean(admin_html)


def test_plain_text_questions_are_escaped_not_interpreted() -> None:
    assert question_html_string("a <b>bold</b>\nline", "plain") == "a &lt;b&gt;bold&lt;/b&gt;<br>line"
    assert question_html_string('<a href="javascript:alert(1)" onclick="x()">k</a>', "html") == (
        '<a rel="noopener noreferrer">k</a>'
    )
