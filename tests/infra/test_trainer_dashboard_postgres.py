"""PostgreSQL: the trainer's "content needing review" card, whose drafts leave out the pages in moderation.

Wagtail keeps a workflow state's object id as text; excluding pages through that relation made Django compare it
with the integer page id in a subquery, which SQLite allows and PostgreSQL refuses — the trainer's home page
answered 500 on PostgreSQL while every SQLite test passed."""

from __future__ import annotations

import pytest
from wagtail.models import Workflow

from accounts.models import User
from courses.dashboard import content_review_card
from tests.factories.accounts import UserFactory
from tests.factories.courses import product_page

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_drafts_leave_out_the_pages_awaiting_approval_on_postgresql() -> None:
    trainer: User = UserFactory()
    draft = product_page(title="Half-written", publish=False)
    submitted = product_page(title="Sent for approval", publish=False)
    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None  # Wagtail's default moderation workflow
    workflow.start(submitted, trainer)
    card = content_review_card(trainer)
    rows = {(str(title), str(status)) for title, status, _link in card.rows}
    assert ("Half-written", "draft") in rows
    assert ("Sent for approval", "awaiting approval") in rows
    assert ("Sent for approval", "draft") not in rows
    assert draft.pk != submitted.pk
