"""A search result's excerpt is the page's words: never the StreamField's block types or block ids."""

from __future__ import annotations

import pytest

from courses.selectors import content_search
from tests.factories.courses import course, filled_body, lesson, product_page

pytestmark = pytest.mark.django_db


def test_the_excerpt_shows_the_text_without_block_types_or_ids() -> None:
    discovery = lesson(
        course=course(),
        title="Discovery",
        body=[
            {"type": "text", "value": "<p>问客户现在结账要几天。</p>"},
            {"type": "text", "value": "<p>再问结账清单在哪里。</p>"},
        ],
    )
    ledgerly = product_page(
        title="Ledgerly",
        body=filled_body(
            pains_value={"items": [{"pain": "结账要两周", "value": "五天完成结账"}], "notes": ""}
        ),
    )
    hits = {hit.page.pk: hit for hit in content_search("结账")}
    assert set(hits) >= {discovery.pk, ledgerly.pk}
    for page in (discovery, ledgerly):
        snippet = str(hits[page.pk].snippet)
        assert "<mark>结账</mark>" in snippet
        body = page.body.get_prep_value()
        leaked = {child["id"] for child in body}
        leaked |= {
            item["id"]
            for child in body
            if isinstance(child["value"], dict)
            for item in child["value"].get("items", [])
            if isinstance(item, dict) and "id" in item
        }
        assert not [word for word in leaked if word in snippet], snippet
    assert "问客户现在<mark>结账</mark>要几天。 再问<mark>结账</mark>清单在哪里。" in str(
        hits[discovery.pk].snippet
    )
    assert "pains_value" not in str(hits[ledgerly.pk].snippet)
