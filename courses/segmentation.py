"""Chinese words for full-text search: both Wagtail database backends split text on spaces and punctuation, and
Chinese has neither between words, so a page's Chinese text is indexed as jieba's words and a query is cut
the same way (SQLite FTS5 and PostgreSQL tsvector alike)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import jieba
from django.utils.html import strip_tags

jieba.setLogLevel(logging.WARNING)

_CHINESE_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def chinese_words(text: str) -> list[str]:
    """Every word jieba finds in the Chinese runs of `text`, the longer words and their parts (search mode)."""
    words: list[str] = []
    for run in _CHINESE_RUN.findall(text or ""):
        words.extend(w for w in jieba.cut_for_search(run) if w.strip())
    return words


def query_terms(query: str) -> list[str]:
    """The words of a query: Latin words as typed, Chinese cut into words. Single characters are dropped when
    the query holds longer words, so "价格与折扣" does not match every page that says "与"."""
    terms: list[str] = []
    for token in re.split(r"\s+", (query or "").strip()):
        if not token:
            continue
        if _CHINESE_RUN.search(token):
            rest = _CHINESE_RUN.sub(" ", token).split()
            terms.extend(rest)
            words = list(dict.fromkeys(jieba.cut(token)))
            words = [w for w in words if _CHINESE_RUN.fullmatch(w)]
            long_words = [w for w in words if len(w) > 1]
            terms.extend(long_words or words)
        else:
            terms.append(token)
    return list(dict.fromkeys(terms))


def search_query(query: str) -> str:
    """The query as the search backend should see it."""
    return " ".join(query_terms(query))


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)


def page_texts(page: Any) -> Iterable[str]:
    """Title, summary, introduction and body text of a library, course or lesson page."""
    yield page.title or ""
    yield getattr(page, "summary", "") or ""
    yield strip_tags(getattr(page, "intro", "") or "")
    body = getattr(page, "body", None)
    if body is not None:
        yield from _texts(body.get_prep_value())


def segmented_text(page: Any) -> str:
    return " ".join(chinese_words(" ".join(page_texts(page))))
