"""A lesson or question may link to one section of a library page: a material change to that page flags,
lists and notifies only what links to a section the revision changed, or to the whole page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from assessments.exams.models import Certification, Question
from courses.models import ContentVersionEvent, LessonReference
from courses.section_links import sections_changed
from courses.selectors import content_dependents
from tests.factories.accounts import UserFactory
from tests.factories.courses import course, filled_body, lesson, product_page
from tests.factories.exams import QuestionFactory, published_exam

pytestmark = pytest.mark.django_db


def _ref(page: Any, section: str) -> list[dict[str, Any]]:
    return [{"type": "section_reference", "value": {"page": page.pk, "section": section}}]


def _publish(page: Any, *, material: bool = True, **sections: Any) -> Any:
    page.body = filled_body(**sections)
    page.material_change = material
    page.material_change_summary = "Per-seat pricing" if material else ""
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    return revision


def test_the_changed_sections_are_those_whose_values_differ_from_the_previous_publication() -> None:
    page = product_page()
    revision = _publish(page, material=False, pricing={"notes": "<p>Per seat per month.</p>"})
    assert sections_changed(page=page, revision=revision) == ["pricing"]

    revision = _publish(
        page,
        material=False,
        pricing={"notes": "<p>Per seat per month.</p>"},
        elevator_pitch={"pitch": "Close in three days."},
    )
    # Pricing is what was published last time: only the pitch changed now.
    assert sections_changed(page=page, revision=revision) == ["elevator_pitch"]


def test_a_first_publication_changes_every_section() -> None:
    page = product_page(publish=False)
    revision = page.latest_revision
    assert sections_changed(page=page, revision=revision) == [
        "overview",
        "ideal_customer_profile",
        "pains_value",
        "elevator_pitch",
        "discovery_questions",
        "objections",
        "competitors",
        "proof_points",
        "pricing",
    ]


def test_lesson_references_record_the_section_they_show() -> None:
    page = product_page()
    shown = lesson(course=course(), body=[*_ref(page, "pricing"), *_ref(page, "objections")])
    assert set(LessonReference.objects.filter(lesson=shown).values_list("section", flat=True)) == {
        "pricing",
        "objections",
    }
    shown.body = _ref(page, "pricing")
    shown.save()
    assert list(LessonReference.objects.filter(lesson=shown).values_list("section", flat=True)) == ["pricing"]


def test_a_pricing_change_flags_and_tells_only_what_links_to_pricing_or_the_whole_page(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    page = product_page(title="Ledgerly")
    pricing_owner = UserFactory(email="pricing@example.com")
    overview_owner = UserFactory(email="overview@example.com")
    a_course = course()
    on_pricing = lesson(
        course=a_course, title="Pricing talk", body=_ref(page, "pricing"), owner=pricing_owner
    )
    lesson(course=a_course, title="Overview talk", body=_ref(page, "overview"), owner=overview_owner)

    priced = published_exam(title="Pricing certification", certifying=True, created_by=pricing_owner)
    Question.objects.filter(bank=priced.bank).update(
        content_page=page, content_section="pricing", author=pricing_owner
    )
    untouched = published_exam(title="Overview certification", certifying=True, created_by=overview_owner)
    Question.objects.filter(bank=untouched.bank).update(
        content_page=page, content_section="overview", author=overview_owner
    )
    whole = QuestionFactory(name="Whole page", content_page=page, content_section="", author=overview_owner)
    holder = UserFactory(email="holder@example.com")
    now = timezone.now()
    due = Certification.objects.create(user=holder, exam=priced, code="PRICED234567", issued_at=now)
    kept = Certification.objects.create(user=holder, exam=untouched, code="KEPT23456789", issued_at=now)
    # Listing every dependent (no sections named) still finds all of them.
    assert {d.title for d in content_dependents(page) if d.kind == "lesson"} == {
        "Pricing talk",
        "Overview talk",
    }

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _publish(page, pricing={"notes": "<p>Per seat per month.</p>"})

    event = ContentVersionEvent.objects.get()
    assert event.sections == ["pricing"]
    listed = {(d["kind"], d["id"]) for d in event.dependents}
    assert ("lesson", on_pricing.pk) in listed
    assert ("question", whole.pk) in listed
    assert ("exam", priced.pk) in listed and ("certification", due.pk) in listed
    assert ("exam", untouched.pk) not in listed
    assert not any(d["title"] == "Overview talk" for d in event.dependents)

    flagged = set(Question.objects.filter(needs_review=True).values_list("pk", flat=True))
    assert flagged == set(Question.objects.filter(bank=priced.bank).values_list("pk", flat=True)) | {whole.pk}
    due.refresh_from_db()
    kept.refresh_from_db()
    assert due.status == Certification.Status.RECERT_DUE
    assert kept.status == Certification.Status.VALID

    by_to: dict[str, list[Any]] = {}
    for message in mail.outbox:
        by_to.setdefault(message.to[0], []).append(message)
    assert len(by_to["pricing@example.com"]) == 1  # one email for the lesson, questions and exam
    assert "Pricing talk" in by_to["pricing@example.com"][0].body
    assert "Pricing and packaging notes" in by_to["pricing@example.com"][0].body
    # The overview owner hears only about the question on the whole page, not the overview lesson or exam.
    [to_overview] = by_to["overview@example.com"]
    assert "Whole page" in to_overview.body
    assert "Overview talk" not in to_overview.body and "Overview certification" not in to_overview.body


def test_the_owner_hears_once_per_change_in_their_language(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    page = product_page(title="Ledgerly")
    owner = UserFactory(email="mei@example.com", language="zh-hans")
    lesson(course=course(), title="Pricing talk", body=_ref(page, "pricing"), owner=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revision = _publish(page, pricing={"notes": "<p>Per seat.</p>"})
        # Recording the same revision again (a retried signal) tells nobody twice.
        from courses.services import content_version_record

        assert content_version_record(page=page, revision=revision, summary="again", actor=None) is None
    [message] = [m for m in mail.outbox if m.to == ["mei@example.com"]]
    assert "请检查您的课时" in message.subject
    assert "您负责的以下课时、试题和考试引用了该内容" in message.body and "Pricing talk" in message.body
