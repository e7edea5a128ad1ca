"""Builds the POST data Wagtail's page editor sends for a product/solution page."""

from __future__ import annotations

from typing import Any

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def listblock(items: list[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {str(i): {"value": v, "deleted": "", "order": str(i)} for i, v in enumerate(items)}
    data["count"] = str(len(items))
    return data


def section_data(*, skip: str | None = None, empty: str | None = None) -> list[tuple[str, Any]]:
    sections: list[tuple[str, Any]] = [
        ("overview", {"text": rich_text("<p>Ledgerly closes the books in three days.</p>")}),
        (
            "ideal_customer_profile",
            {
                "industries": listblock(["Manufacturing"]),
                "company_size": "200–2,000",
                "buyer_roles": listblock(["CFO"]),
                "notes": "",
            },
        ),
        (
            "pains_value",
            {"items": listblock([{"pain": "Slow close", "value": "Fast close"}]), "notes": ""},
        ),
        ("elevator_pitch", {"pitch": "We help finance teams close faster."}),
        ("discovery_questions", {"questions": listblock(["How long is your close?"]), "notes": ""}),
        ("objections", {"items": listblock([{"objection": "Price", "response": "Payback"}]), "notes": ""}),
        (
            "competitors",
            {
                "items": listblock(
                    [{"competitor": "SheetCo", "where_we_win": "a", "where_we_lose": "b", "landmines": "c"}]
                ),
                "notes": "",
            },
        ),
        (
            "proof_points",
            {"items": listblock([{"customer": "Acme", "story": "s", "result": "r"}]), "notes": ""},
        ),
        ("pricing", {"notes": rich_text("<p>Per entity.</p>")}),
    ]
    result = []
    for name, value in sections:
        if name == skip:
            continue
        if name == empty == "elevator_pitch":
            value = {"pitch": ""}
        result.append((name, value))
    return result


def page_post_data(
    *, title: str = "Ledgerly", action: str | None = "action-publish", **kwargs: Any
) -> dict[str, Any]:
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "",
            "body": streamfield(section_data(**kwargs)),
            "review_by": "2030-01-01",
            "content_owner": "",
            "material_change_summary": "",
            "seo_title": "",
            "search_description": "",
        }
    )
    if action:
        data[action] = "1"
    return data
