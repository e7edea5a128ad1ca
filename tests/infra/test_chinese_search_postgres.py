"""Chinese search on PostgreSQL full text: the same segmented index and query as on SQLite."""

from __future__ import annotations

import pytest

from courses.selectors import content_search
from tests.factories.courses import course, filled_body, lesson, product_page

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def test_chinese_words_are_found_ranked_and_highlighted_on_postgresql() -> None:
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
    assert titles[:2] == ["结账自动化", "Discovery"] and "Unrelated" not in titles
