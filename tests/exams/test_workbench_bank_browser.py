"""The workbench's bank browser: category tree, filters, bulk actions, and a fixed query count per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from accounts.roles import Role
from assessments.exams.models import Difficulty, Question, QuestionType, Tag
from tests.factories.accounts import UserFactory
from tests.factories.exams import CategoryFactory, QuestionBankFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _url(bank) -> str:  # type: ignore[no-untyped-def]
    return f"/exams/workbench/banks/{bank.slug}/"


@pytest.fixture
def bank():  # type: ignore[no-untyped-def]
    return QuestionBankFactory(name="Products")


def _names(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {q.name for q in response.context["page"].object_list}


@pytest.mark.parametrize("name,status", [("trainer", 200), ("admin", 200), ("learner", 403), ("coach", 403)])
def test_who_may_browse_a_bank(login_as, bank, name, status) -> None:  # type: ignore[no-untyped-def]
    assert login_as(name).get(_url(bank)).status_code == status


def test_filters_narrow_the_list(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    parent = CategoryFactory(bank=bank, name="Cloud")
    child = CategoryFactory(bank=bank, name="Storage", parent=parent)
    other = CategoryFactory(bank=bank, name="Pricing")
    tagged = QuestionFactory(bank=bank, category=child, name="in-child", difficulty=Difficulty.HARD)
    tagged.tags.add(Tag.objects.create(name="q3"))
    QuestionFactory(bank=bank, category=parent, name="in-parent", status=Question.Status.DRAFT)
    QuestionFactory(
        bank=bank,
        category=other,
        name="tf",
        version__qtype=QuestionType.TRUEFALSE,
        version__data={"answers": []},
    )
    QuestionFactory(bank=bank, category=other, name="flagged", needs_review=True)
    QuestionFactory(name="another bank")
    client = login_as("trainer")
    url = _url(bank)
    assert _names(client.get(url)) == {"in-child", "in-parent", "tf", "flagged"}
    # A category shows its subcategories' questions too.
    assert _names(client.get(url, {"category": parent.pk})) == {"in-child", "in-parent"}
    assert _names(client.get(url, {"category": child.pk})) == {"in-child"}
    assert _names(client.get(url, {"status": "draft"})) == {"in-parent"}
    assert _names(client.get(url, {"qtype": "truefalse"})) == {"tf"}
    assert _names(client.get(url, {"tag": Tag.objects.get(name="q3").pk})) == {"in-child"}
    assert _names(client.get(url, {"difficulty": Difficulty.HARD})) == {"in-child"}
    assert _names(client.get(url, {"needs_review": "on"})) == {"flagged"}
    tree = client.get(url).content.decode()
    assert tree.index("Cloud") < tree.index("Storage")


def test_content_page_filter(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    from wagtail.models import Page

    page = Page.objects.get(depth=1).add_child(instance=Page(title="Widget Pro", slug="widget-pro"))
    QuestionFactory(bank=bank, name="linked", content_page=page)
    QuestionFactory(bank=bank, name="unlinked")
    response = login_as("trainer").get(_url(bank), {"page": page.pk})
    assert _names(response) == {"linked"}
    assert "Widget Pro" in response.content.decode()


def test_bulk_approve_refuses_the_authors_own_questions(login_as, persona, bank) -> None:  # type: ignore[no-untyped-def]
    tina = persona("trainer")
    other_author = UserFactory(roles=[Role.TRAINER])
    own = QuestionFactory(bank=bank, name="mine", status=Question.Status.DRAFT, author=tina)
    theirs = QuestionFactory(bank=bank, name="theirs", status=Question.Status.DRAFT, author=other_author)
    response = login_as("trainer").post(
        _url(bank), {"action": "approve", "selected": [own.pk, theirs.pk]}, follow=True
    )
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.status == Question.Status.DRAFT
    assert theirs.status == Question.Status.APPROVED and theirs.approved_by == tina
    assert "mine" in response.content.decode()  # the refusal names the question
    assert AuditEvent.objects.filter(verb="question.approve", object_id=str(theirs.pk)).count() == 1


def test_bulk_move_tag_and_retire(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    target = CategoryFactory(bank=bank, name="Target")
    a, b = QuestionFactory(bank=bank), QuestionFactory(bank=bank)
    foreign = QuestionFactory()
    client = login_as("trainer")
    client.post(_url(bank), {"action": "move", "category": target.pk, "selected": [a.pk, b.pk, foreign.pk]})
    assert set(target.questions.values_list("pk", flat=True)) == {a.pk, b.pk}
    foreign.refresh_from_db()
    assert foreign.category.bank_id != bank.pk  # a question of another bank is never touched
    client.post(_url(bank), {"action": "tag", "tag": "pricing-2026", "selected": [a.pk]})
    assert list(a.tags.values_list("name", flat=True)) == ["pricing-2026"]
    client.post(_url(bank), {"action": "retire", "selected": [b.pk]})
    b.refresh_from_db()
    assert b.status == Question.Status.RETIRED
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"question.move", "question.tag", "question.retire"} <= verbs


def test_bulk_move_needs_a_category(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory(bank=bank)
    before = question.category_id
    response = login_as("trainer").post(
        _url(bank), {"action": "move", "selected": [question.pk]}, follow=True
    )
    question.refresh_from_db()
    assert question.category_id == before
    assert "Choose the category" in response.content.decode()


def test_learner_cannot_bulk_act(login_as, bank) -> None:  # type: ignore[no-untyped-def]
    question = QuestionFactory(bank=bank, status=Question.Status.DRAFT)
    assert (
        login_as("learner").post(_url(bank), {"action": "retire", "selected": [question.pk]}).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_bank_page_query_count_is_fixed(login_as, bank, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    category = CategoryFactory(bank=bank)

    def grow(n: int) -> None:
        for i in range(n):
            question = QuestionFactory(bank=bank, category=category, author=UserFactory())
            question.tags.add(Tag.objects.get_or_create(name=f"t{i % 3}")[0])

    grow(2)
    client = login_as("trainer")
    client.get(_url(bank))
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url(bank)).status_code == 200
    grow(20)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(_url(bank))
    assert len(response.context["page"].object_list) == 22
