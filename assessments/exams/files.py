"""Files embedded in questions: what their bytes are, how they may be served, and their links in question texts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from django.urls import reverse

# Shown inline only when the bytes are one of these raster images: nothing in them can run script.
_INLINE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
# Everything else (SVG, HTML, office files…) is a download of opaque bytes: the browser never renders it.
DOWNLOAD_TYPE = "application/octet-stream"


def sniffed_content_type(content: bytes) -> str:
    """The type the bytes really are, for the few we show inline; the file's name and claims count for nothing."""
    for signature, content_type in _INLINE_SIGNATURES:
        if content.startswith(signature):
            return content_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return DOWNLOAD_TYPE


_PLUGINFILE_RE = re.compile(r"@@PLUGINFILE@@/([^\"'\s<>?#]+)")


def plugin_file_urls(text: str, *, question_id: int, names: Iterable[str] | None = None) -> str:
    """Moodle's ``@@PLUGINFILE@@/name`` links → the URL that serves the question's file to those who may see it.

    With `names`, only links to those files are rewritten (a link to a file the question lacks stays as it was,
    visibly broken rather than pointing at another question's file)."""
    if "@@PLUGINFILE@@" not in (text or ""):
        return text
    known = set(names) if names is not None else None

    def link(match: re.Match[str]) -> str:
        name = unquote(match.group(1))
        if known is not None and name not in known:
            return match.group(0)
        return reverse("exams:question_file", args=[question_id, name])

    return _PLUGINFILE_RE.sub(link, text)


def file_names_in(value: Any) -> set[str]:
    """The file names a text (or an answer key's strings, however nested) links as ``@@PLUGINFILE@@/name``."""
    if isinstance(value, str):
        return {unquote(name) for name in _PLUGINFILE_RE.findall(value)}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(file_names_in(item) for item in value))
    return set()


_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_LINK_RE = re.compile(r"(<a\b[^>]*>)(.*?)</a>", re.IGNORECASE | re.DOTALL)
_EMPTY_PARAGRAPH_RE = re.compile(r"<p>\s*</p>", re.IGNORECASE)


def without_file(value: Any, name: str) -> Any:
    """The text (or answer key) with every link to the file `name` taken out: its images go, a link keeps its
    words, a bare reference goes; nothing else changes."""
    if isinstance(value, dict):
        return {key: without_file(item, name) for key, item in value.items()}
    if isinstance(value, list):
        return [without_file(item, name) for item in value]
    if not isinstance(value, str) or name not in file_names_in(value):
        return value
    text = _IMG_RE.sub(lambda m: "" if name in file_names_in(m.group(0)) else m.group(0), value)
    text = _LINK_RE.sub(lambda m: m.group(2) if name in file_names_in(m.group(1)) else m.group(0), text)
    text = _PLUGINFILE_RE.sub(lambda m: "" if unquote(m.group(1)) == name else m.group(0), text)
    return _EMPTY_PARAGRAPH_RE.sub("", text).strip()
