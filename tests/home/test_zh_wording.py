"""The Chinese catalog reads as a Chinese sales manager writes: polite 您, and one term per domain idea."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOG = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES" / "django.po"

# English term in the msgid → the one Chinese term its translation must use (see the glossary in DOMAIN.md).
GLOSSARY = [
    (r"\bengagements?\b", "辅导计划"),
    (r"\bfield days?\b", "陪访日"),
    (r"\bride-alongs?\b", "陪访"),
    (r"\bproof points?\b", "成功案例"),
    (r"\bdeals?\b", "商机"),
]
# Words that read wrong in this product: 随访 is a doctor's follow-up, 实战日 was the old word for a field day.
FORBIDDEN = ["随访", "实战日"]
# Compounds in which 你 is legitimate (none so far); system text addresses the reader as 您.
NI_ALLOWED: list[str] = []


def _translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


@pytest.fixture(scope="module")
def catalog() -> polib.POFile:
    return polib.pofile(str(CATALOG))


def test_system_text_addresses_the_reader_as_nin(catalog: polib.POFile) -> None:
    offenders = []
    for entry in catalog:
        for text in _translations(entry):
            for allowed in NI_ALLOWED:
                text = text.replace(allowed, "")
            if "你" in text:
                offenders.append((entry.msgid, text))
    assert offenders == []


def test_no_translation_uses_a_forbidden_word(catalog: polib.POFile) -> None:
    offenders = [
        (entry.msgid, word)
        for entry in catalog
        for text in _translations(entry)
        for word in FORBIDDEN
        if word in text
    ]
    assert offenders == []


@pytest.mark.parametrize(("english", "chinese"), GLOSSARY)
def test_a_domain_term_has_one_translation(catalog: polib.POFile, english: str, chinese: str) -> None:
    pattern = re.compile(english, re.IGNORECASE)
    entries = [e for e in catalog if pattern.search(e.msgid) or pattern.search(e.msgid_plural or "")]
    assert entries, f"no message mentions {english}; drop it from the glossary"
    assert [(e.msgid, e.msgstr) for e in entries if not all(chinese in t for t in _translations(e))] == []
