"""Search finds live library pages, courses and lessons, and highlights the words searched for."""

from __future__ import annotations

import pytest

from courses.selectors import highlight
from tests.factories.courses import course, filled_body, lesson, product_page

pytestmark = pytest.mark.django_db

QUERIES_PER_SEARCH = 8


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


def test_chinese_words_are_found_ranked_and_highlighted(login_as) -> None:  # type: ignore[no-untyped-def]
    from courses.selectors import content_search

    product_page(
        title="Pricing guide",
        summary="折扣需要审批",
        body=filled_body(pricing={"notes": "<p>按主体按月计费，价格每年调整一次。</p>"}),
    )
    product_page(title="结账自动化", summary="月末结账五天完成，结账清单集中管理。")
    product_page(title="Unrelated", summary="现场服务的派单")
    lesson(
        course=course(), title="Discovery", body=[{"type": "text", "value": "<p>问客户现在结账要几天。</p>"}]
    )

    hits = content_search("价格")
    assert [h.page.title for h in hits] == ["Pricing guide"]
    assert "<mark>价格</mark>" in hits[0].snippet

    titles = [h.page.title for h in content_search("结账")]
    assert set(titles[:2]) == {"结账自动化", "Discovery"} and "Unrelated" not in titles

    # Ranked: of two lessons alike but for how often they say it, the one that says it three times comes first.
    # (Not the product page against the lesson: SQLite's BM25 scores the whole row, so a long page body weighs
    # against it however often it says the word, and the order of such near-ties moves with what else is indexed.)
    lesson(course=course(), title="Once", body=[{"type": "text", "value": "<p>报价：结账、对账、记账。</p>"}])
    lesson(
        course=course(), title="Often", body=[{"type": "text", "value": "<p>报价：结账、结账、结账。</p>"}]
    )
    ranked = [h.page.title for h in content_search("结账") if h.page.title in {"Often", "Once"}]
    assert ranked == ["Often", "Once"]

    html = login_as("learner").get("/onboarding/search/?q=结账").content.decode()
    assert "<mark>结账</mark>" in html and "结账自动化" in html


@pytest.mark.parametrize("results", [1, 4])
def test_the_search_page_costs_the_same_queries_however_many_results(
    login_as, django_assert_num_queries, results: int
) -> None:  # type: ignore[no-untyped-def]
    for i in range(results):
        product_page(title=f"Ledger {i}", summary="reconciliation made simple")
    client = login_as("learner")
    client.get("/onboarding/search/?q=reconciliation")  # warm the session, site and locale caches
    # Session, user, the search, the specific pages (one query for the one page type), sites and locales:
    # the same at 1 and 4 results (it was one more query per result).
    with django_assert_num_queries(QUERIES_PER_SEARCH) as captured:
        response = client.get("/onboarding/search/?q=reconciliation")
    assert response.content.decode().count("search-results") == 1
    assert len(response.context["hits"]) == results, captured
