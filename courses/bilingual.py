"""Splits text written "English 中文" side by side into its two languages: the old content shape, read once by the
localisation data migration (courses/migrations/0005_localisation.py), the title and name migrations
(columns_split) and the demo seeder."""

from __future__ import annotations

import copy
import re
from typing import Any

EN = "en"
ZH = "zh-hans"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_LETTER = re.compile(r"[A-Za-z]")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_BOLD = re.compile(r"<b>(.*?)</b>", re.DOTALL)


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def split_glued(text: str) -> tuple[str, str]:
    """("English", "中文") from "English 中文": the Chinese part starts at the first word holding a Chinese
    character, taking along the numbers and symbols just before it ("30 秒电梯演讲"). Text with no Chinese is
    English only; text with no Latin letters before the Chinese is Chinese only."""
    text = text or ""
    if not has_chinese(text):
        return text.strip(), ""
    words = text.split(" ")
    first = next(i for i, word in enumerate(words) if has_chinese(word))
    while first > 0 and not _LETTER.search(words[first - 1]):
        first -= 1
    english, chinese = " ".join(words[:first]).strip(), " ".join(words[first:]).strip()
    return english, chinese


def part(text: str, language: str) -> str:
    """The text in one language, or the whole text when it was written in one language only."""
    english, chinese = split_glued(text)
    if language == ZH:
        return chinese or english
    return english or chinese


def _rich_text(html: str, language: str) -> str:
    """Keeps the paragraphs written in `language`; a paragraph holding both languages is split, and so is a
    glued title in bold inside a paragraph of one language."""
    paragraphs = _PARAGRAPH.findall(html or "")
    if not paragraphs:
        return f"<p>{part(html, language)}</p>" if (html or "").strip() else ""
    kept: list[str] = []
    for paragraph in paragraphs:
        if _BOLD.search(paragraph):
            outside = re.sub(r"<[^>]+>", "", _BOLD.sub("", paragraph))
            if (ZH if has_chinese(outside) else EN) == language:
                kept.append(_BOLD.sub(lambda m: f"<b>{part(m.group(1), language)}</b>", paragraph))
            continue
        english, chinese = split_glued(re.sub(r"<[^>]+>", "", paragraph))
        if english and chinese:
            kept.append(english if language == EN else chinese)
        elif (ZH if chinese else EN) == language:
            kept.append(paragraph)
    return "".join(f"<p>{p}</p>" for p in kept)


# --- product and solution pages -------------------------------------------------------------------

# Old shape: the Chinese child of each section; every one of them moves into the Chinese translation.
ZH_CHILDREN = {
    "overview": "text_zh",
    "ideal_customer_profile": "notes_zh",
    "pains_value": "notes_zh",
    "elevator_pitch": "pitch_zh",
    "discovery_questions": "notes_zh",
    "objections": "notes_zh",
    "competitors": "notes_zh",
    "proof_points": "notes_zh",
    "pricing": "notes_zh",
}


def _strings(value: Any, language: str) -> Any:
    if isinstance(value, str):
        return part(value, language)
    if isinstance(value, list):
        return [_strings(v, language) for v in value]
    if isinstance(value, dict):
        return {k: _strings(v, language) for k, v in value.items()}
    return value


def content_body(raw: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """A product/solution body of the old shape (with `*_zh` children) as the new shape in one language."""
    result = []
    for child in copy.deepcopy(raw or []):
        kind, value = child.get("type"), dict(child.get("value") or {})
        zh_name = ZH_CHILDREN.get(kind or "")
        chinese = (value.pop(zh_name, "") or "").strip() if zh_name else ""
        if kind == "overview":
            english = value.get("text", "")
            value["text"] = f"<p>{chinese}</p>" if language == ZH and chinese else _rich_text(english, EN)
        elif kind == "elevator_pitch":
            value["pitch"] = chinese if language == ZH and chinese else part(value.get("pitch", ""), EN)
        elif kind == "pricing":
            english = value.get("notes", "")
            value["notes"] = f"<p>{chinese}</p>" if language == ZH and chinese else _rich_text(english, EN)
        elif kind == "discovery_questions" and language == ZH and chinese:
            asked = [q.strip() + "？" for q in chinese.split("？") if q.strip()]
            value["questions"] = asked or [chinese]
            value["notes"] = ""
        else:
            value = _strings(value, language)
            value["notes"] = chinese if language == ZH else ""
        result.append({**child, "value": value})
    return result


# --- lessons --------------------------------------------------------------------------------------


def lesson_body(raw: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """A lesson body with both languages side by side, in one language (empty blocks dropped)."""
    result = []
    for child in copy.deepcopy(raw or []):
        kind, value = child.get("type"), child.get("value")
        if kind == "text" and isinstance(value, str):
            value = _rich_text(value, language)
            if not value:
                continue
        elif kind == "callout" and isinstance(value, dict):
            value = {**value, "text": _rich_text(value.get("text", ""), language)}
        elif kind == "knowledge_check":
            value = _strings(value, language)
        result.append({**child, "value": value})
    return result


def rich_text(html: str, language: str) -> str:
    return _rich_text(html, language)


def columns_split(model: Any, fields: tuple[str, ...]) -> None:
    """Data migration step for a model whose `fields` gained `<field>_en` and `<field>_zh_hans` columns
    (django-modeltranslation): today's glued "English 中文" values go to their two columns; a value in one
    language only goes to English, the original. `model` is the migration state's historical model."""
    for row in model.objects.all():
        for field in fields:
            english, chinese = split_glued(getattr(row, field))
            english = english or getattr(row, field)  # Chinese only: the original language is what it is
            setattr(row, field, english)
            setattr(row, f"{field}_en", english)
            setattr(row, f"{field}_zh_hans", chinese or None)
        row.save(update_fields=[f for field in fields for f in (field, f"{field}_en", f"{field}_zh_hans")])


def columns_glue(model: Any, fields: tuple[str, ...]) -> None:
    """columns_split backwards: the two languages glued again into the original column, the shape older code reads."""
    for row in model.objects.all():
        for field in fields:
            english = getattr(row, f"{field}_en") or getattr(row, field)
            setattr(
                row, field, " ".join(piece for piece in (english, getattr(row, f"{field}_zh_hans")) if piece)
            )
        row.save(update_fields=list(fields))
