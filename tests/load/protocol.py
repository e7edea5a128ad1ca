"""What the load client reads from the real pages, kept apart from locust so tests can check it without gevent."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SAVE_URL = re.compile(r'data-save-url="([^"]+)"')
CHOICE = re.compile(r'name="q-(\d+)" value="(\d+)"')
ATTEMPT_URL = re.compile(r"/exams/attempts/(\d+)/")


def csrf_token(html: str) -> str | None:
    match = CSRF_FIELD.search(html)
    return match.group(1) if match else None


def attempt_id_from(location: str) -> int | None:
    match = ATTEMPT_URL.search(location)
    return int(match.group(1)) if match else None


@dataclass
class AttemptPage:
    save_url: str
    csrf: str
    choices: dict[int, list[int]] = field(default_factory=dict)


def attempt_page(html: str) -> AttemptPage | None:
    """The save URL, the form's CSRF token and each multiple-choice question's shown choices, as attempt.js sees them."""
    url, token = SAVE_URL.search(html), csrf_token(html)
    if url is None or token is None:
        return None
    page = AttemptPage(save_url=url.group(1), csrf=token)
    for position, value in CHOICE.findall(html):
        page.choices.setdefault(int(position), []).append(int(value))
    return page


def next_seq(previous: int | None) -> int:
    """attempt.js: Math.max(Date.now(), last + 1), so a later answer to the same question always wins."""
    return max(int(time.time() * 1000), (previous or 0) + 1)
