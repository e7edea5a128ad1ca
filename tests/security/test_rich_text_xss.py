"""XSS through Wagtail rich text: an editor (or a forged admin POST) puts <script> and javascript: links into a
rich text field; the published page renders them inert.

Imported question HTML (GIFT / Moodle XML with <script>, on* handlers and javascript: links) through every
exam render path — attempt, review, grading, admin preview — is covered by the exams helper's
tests/exams/test_question_html_sanitized.py (nh3 in exams/templatetags/exam_html.py); not duplicated here.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from wagtail.models import Page

from home.models import HomePage
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

# Markup that would run: a script element, an element carrying a handler, a javascript: URL. (The same words
# inside escaped text, e.g. "&lt;img … onerror=…&gt;", are inert and allowed.)
DANGEROUS = ("<script", "<img", "javascript:")


def _contentstate() -> str:
    """What a forged Draftail submission can carry: raw markup in text and a javascript: link entity."""
    text = 'Welcome <script>alert("xss")</script> <img src=x onerror=alert(1)> click me and safe link'
    click = text.index("click me")
    safe = text.index("safe link")
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [
                        {"offset": click, "length": len("click me"), "key": 0},
                        {"offset": safe, "length": len("safe link"), "key": 1},
                    ],
                    "data": {},
                }
            ],
            "entityMap": {
                "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}},
                "1": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "https://safe.example/"}},
            },
        }
    )


def test_rich_text_saved_through_the_wagtail_editor_renders_inert(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RAMPWAY_ENFORCE_MFA = False
    editor = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(editor)
    home = HomePage.objects.get(locale__language_code="en")
    reply = client.post(
        f"/admin/pages/{home.pk}/edit/",
        {
            "title": home.title,
            "slug": home.slug,
            "intro": _contentstate(),
            "action-publish": "publish",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
        },
    )
    assert reply.status_code == 302, reply.content.decode()[:2000]
    stored = Page.objects.get(pk=home.pk).specific.intro
    assert "safe.example" in stored  # the content did go through

    page = Client().get(home.url)
    assert page.status_code == 200
    html = page.content.decode()
    intro = html[html.index("Welcome") - 200 : html.index("safe link") + 200]
    for bad in DANGEROUS:
        assert bad not in intro, (bad, intro)
    assert "&lt;script&gt;" in intro  # shown as text, not executed
    assert "<a>click me</a>" in intro  # the javascript: link lost its href
    assert 'href="https://safe.example/"' in intro
