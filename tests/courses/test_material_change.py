"""Publishing a material change records a version event listing dependents and tells each owner exactly once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import ContentChangeNotice, ContentVersionEvent
from courses.selectors import content_dependents
from tests.factories.accounts import UserFactory
from tests.factories.courses import course, lesson, product_page

from .admin_forms import page_post_data

pytestmark = pytest.mark.django_db


def _ref(page):  # type: ignore[no-untyped-def]
    return [{"type": "section_reference", "value": {"page": page.pk, "section": "pricing"}}]


def test_content_dependents_lists_the_lessons_that_show_the_page() -> None:
    page, other = product_page(), product_page(title="Other")
    a_course = course()
    uses = lesson(course=a_course, title="Uses it", body=_ref(page))
    lesson(course=a_course, title="Uses the other", body=_ref(other))
    assert [d.id for d in content_dependents(page)] == [uses.pk]


def test_material_change_creates_one_event_and_notifies_each_owner_once(
    login_as, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    page = product_page()
    owner_a, owner_b = UserFactory(email="a@example.com"), UserFactory(email="b@example.com")
    a_course = course()
    lesson(course=a_course, title="L1", body=_ref(page), owner=owner_a)
    lesson(course=a_course, title="L2", body=_ref(page), owner=owner_a)
    lesson(course=a_course, title="L3", body=_ref(page), owner=owner_b)

    client = login_as("analyst")
    data = page_post_data(title="Ledgerly")
    data["material_change"] = "on"
    data["material_change_summary"] = "Pricing moved to per-seat."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302

    event = ContentVersionEvent.objects.get()
    assert event.summary == "Pricing moved to per-seat."
    assert sorted(d["title"] for d in event.dependents) == ["L1", "L2", "L3"]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert "L1" in next(m for m in mail.outbox if m.to == ["a@example.com"]).body

    # Publishing again without ticking the box records nothing more and tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), page_post_data(title="Ledgerly"))
    assert ContentVersionEvent.objects.count() == 1
    assert ContentChangeNotice.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_material_change_needs_a_summary(login_as) -> None:  # type: ignore[no-untyped-def]
    page = product_page()
    data = page_post_data(title="Ledgerly")
    data["material_change"] = "on"
    response = login_as("analyst").post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 200
    assert not ContentVersionEvent.objects.exists()


def test_the_edit_form_starts_with_material_change_unticked(login_as) -> None:  # type: ignore[no-untyped-def]
    page = product_page(material_change=True, material_change_summary="old")
    html = login_as("analyst").get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert 'name="material_change" id="id_material_change" checked' not in html
    assert ">old</textarea>" not in html
