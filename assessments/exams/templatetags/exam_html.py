"""Question text, choices and feedback as the browser gets them: imported HTML is sanitized, plain text escaped."""

from __future__ import annotations

from typing import Any

import nh3
from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..files import plugin_file_urls

register = template.Library()

HTML_FORMATS = frozenset({"html"})


def sanitize(value: str) -> str:
    # nh3's defaults drop <script>/<style> with their content, every on* attribute, and any URL whose scheme is
    # not on its allow-list (so javascript: and data: links lose their href).
    return nh3.clean(value)


def question_html_string(value: Any, text_format: str = "html") -> SafeString:
    """Safe markup for question HTML stored by an import or an author."""
    if value is None:
        return mark_safe("")  # noqa: S308 - empty
    text = str(value)
    if text_format in HTML_FORMATS:
        return mark_safe(sanitize(text))  # noqa: S308 - sanitized by nh3 just above
    lines = escape(text).replace("\r\n", "\n").replace("\r", "\n")
    return mark_safe(lines.replace("\n", "<br>"))  # noqa: S308 - escaped just above


@register.filter(name="question_html")
def question_html(value: Any, text_format: str = "html") -> SafeString:
    """{{ q.text|question_html:q.text_format }} — use wherever question or feedback HTML is shown."""
    return question_html_string(value, text_format or "html")


@register.filter(name="question_files")
def question_files(value: Any, question_id: int) -> Any:
    """{{ text|question_files:question.pk|question_html:fmt }} — Moodle's @@PLUGINFILE@@ links to served URLs."""
    if not isinstance(value, str) or not question_id:
        return value
    return plugin_file_urls(value, question_id=int(question_id))
