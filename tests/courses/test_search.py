"""Search finds live library pages, courses and lessons, and highlights the words searched for."""

from __future__ import annotations

import pytest

from courses.selectors import highlight
from tests.factories.courses import course, filled_body, lesson, product_page

pytestmark = pytest.mark.django_db


def test_search_finds_library_pages_and_lessons_with_highlights(login_as) -> None:  # type: ignore[no-untyped-def]
    product_page(
        title="Ledgerly",
        body=filled_body(
            elevator_pitch={"pitch": "Ledgerly closes the books in three days.", "pitch_zh": ""}
        ),
    )
    lesson(
        course=course(),
        title="Handling the books objection",
        body=[{"type": "text", "value": "<p>books</p>"}],
    )
    product_page(title="Hidden", publish=False)
    html = login_as("learner").get("/onboarding/search/?q=books").content.decode()
    assert "Ledgerly" in html
    assert "Handling the books objection" in html
    assert "<mark>books</mark>" in html
    assert "Hidden" not in html


def test_highlighting_escapes_html_around_the_match() -> None:
    assert (
        str(highlight("<b>pitch</b> & more", "pitch")) == "&lt;b&gt;<mark>pitch</mark>&lt;/b&gt; &amp; more"
    )


def test_an_empty_query_shows_no_results(login_as) -> None:  # type: ignore[no-untyped-def]
    assert login_as("learner").get("/onboarding/search/?q=").status_code == 200
