"""A trainer who edits one section in Wagtail's page editor changes that section only: the editor's rich-text
paragraph keys (data-block-key, fresh on every save) do not make the untouched sections count as changed, so
a pricing change never flags, lists or notifies what links to the overview."""

from __future__ import annotations

import pytest
from django.core import mail

from courses.models import ContentVersionEvent
from courses.section_links import sections_changed
from tests.factories.accounts import UserFactory
from tests.factories.courses import course, filled_body, lesson, product_page

pytestmark = pytest.mark.django_db

OVERVIEW = "<p>Ledgerly closes the books in three days.</p>"


def _as_the_editor_saves_it(html: str, key: str) -> str:
    return html.replace("<p>", f'<p data-block-key="{key}">')


def test_editor_keys_alone_change_no_section_and_a_pricing_edit_changes_pricing_only(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    overview_owner = UserFactory(email="olive@example.com")
    pricing_owner = UserFactory(email="pia@example.com")
    page = product_page(body=filled_body(overview={"text": OVERVIEW}))
    lesson(
        course=course(),
        title="What Ledgerly does",
        owner=overview_owner,
        body=[{"type": "section_reference", "value": {"page": page.pk, "section": "overview"}}],
    )
    lesson(
        course=course(),
        title="How Ledgerly is priced",
        owner=pricing_owner,
        body=[{"type": "section_reference", "value": {"page": page.pk, "section": "pricing"}}],
    )

    # Saved once from the editor with nothing changed: only the keys are new.
    page.body = filled_body(overview={"text": _as_the_editor_saves_it(OVERVIEW, "67nzt")})
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert sections_changed(page=page, revision=revision) == []

    # Then the pricing notes change, saved from the editor again (fresh keys everywhere).
    page.body = filled_body(
        overview={"text": _as_the_editor_saves_it(OVERVIEW, "a1b2c")},
        pricing={"notes": _as_the_editor_saves_it("<p>Annual plans save 15 %.</p>", "np7bp")},
    )
    page.material_change, page.material_change_summary = True, "Annual plans are cheaper"
    revision = page.save_revision()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    page.refresh_from_db()
    assert sections_changed(page=page, revision=revision) == ["pricing"]
    event = ContentVersionEvent.objects.get(revision=revision)
    assert event.sections == ["pricing"]
    assert [d["title"] for d in event.dependents if d["kind"] == "lesson"] == ["How Ledgerly is priced"]
    assert [m.to for m in mail.outbox] == [["pia@example.com"]]
