"""A lesson shows library sections from the live page, knowledge checks with feedback, and its length."""

from __future__ import annotations

import pytest

from tests.factories.courses import course, filled_body, lesson, product_page

pytestmark = pytest.mark.django_db


def _reference_lesson(page):  # type: ignore[no-untyped-def]
    return lesson(
        course=course(),
        title="Pitching Ledgerly",
        estimated_minutes=12,
        body=[
            {"type": "text", "value": "<p>Learn the pitch.</p>"},
            {"type": "section_reference", "value": {"page": page.pk, "section": "elevator_pitch"}},
            {"type": "callout", "value": {"kind": "tip", "text": "<p>Say it out loud.</p>"}},
            {
                "type": "knowledge_check",
                "value": {
                    "question": "Who is the buyer?",
                    "options": [
                        {"text": "The CFO", "correct": True, "feedback": "Yes: the CFO owns the close."},
                        {"text": "The CTO", "correct": False, "feedback": "No: IT rarely owns the close."},
                    ],
                    "explanation": "",
                },
            },
        ],
    )


def test_a_section_reference_shows_the_live_version_of_the_library_page(login_as) -> None:  # type: ignore[no-untyped-def]
    page = product_page()
    a_lesson = _reference_lesson(page)
    client = login_as("learner")
    html = client.get(a_lesson.url).content.decode()
    assert "We help finance teams close faster." in html
    assert "Elevator pitch (30 s)" in html
    assert "about 12 min" in html

    # A draft of the library page does not leak into lessons; publishing it does show.
    body = filled_body(
        elevator_pitch={"pitch": "Close the books in three days, not three weeks.", "pitch_zh": ""}
    )
    page.body = body
    revision = page.save_revision()
    assert "three weeks" not in client.get(a_lesson.url).content.decode()
    revision.publish()
    assert "Close the books in three days, not three weeks." in client.get(a_lesson.url).content.decode()


def test_a_knowledge_check_gives_feedback_for_each_answer_without_scoring(login_as) -> None:  # type: ignore[no-untyped-def]
    a_lesson = _reference_lesson(product_page())
    html = login_as("learner").get(a_lesson.url).content.decode()
    assert "Knowledge check — not scored" in html
    assert "Yes: the CFO owns the close." in html
    assert "No: IT rarely owns the close." in html
    assert "<form" not in html.split("Knowledge check")[1].split("</section>")[0]


def test_lessons_are_for_signed_in_people_only(login_as) -> None:  # type: ignore[no-untyped-def]
    a_lesson = _reference_lesson(product_page())
    response = login_as(None).get(a_lesson.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
