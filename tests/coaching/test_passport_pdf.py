"""The seller passport PDF prints markup characters as written and Chinese names in an embedded font."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from pypdf import PdfReader

from coaching.pdf import passport_pdf


def _data(name: str, title: str) -> dict[str, Any]:
    return {
        "seller": {"name": name},
        "qualification_level": {"name": f"Level <1> & {title}"},
        "lessons_completed": [{"completed_at": "2026-11-02T10:00:00+00:00", "title": f"Lesson {title}"}],
        "certifications": [{"exam": f"Exam {title}", "state": "valid", "expires_at": "2027-11-02T00:00:00"}],
        "coaching_sessions": [{"held_on": "2026-11-03", "coach": f"Coach {title}", "mean_rating": 3.5}],
        "visits": {
            "count": 2,
            "appointments_won": 1,
            "segments": {f"Segment {title}": 2},
            "buying_roles_met": {"<economic buyer>": 1},
        },
    }


def _render(data: dict[str, Any]) -> bytes:
    out = BytesIO()
    passport_pdf(data, out)
    return out.getvalue()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_titles_with_markup_characters_render_as_written() -> None:
    pdf = _render(_data("Alice Example", "<b>& Co</b> <unclosed"))
    text = _text(pdf)
    assert "Lesson <b>& Co</b> <unclosed" in text
    assert "Exam <b>& Co</b> <unclosed" in text
    assert "<economic buyer>" in text


def test_chinese_name_renders_in_an_embedded_truetype_font() -> None:
    pdf = _render(_data("张伟", "华东区 · 云存储"))
    assert b"/FontFile2" in pdf  # an embedded TrueType font program, not a viewer-supplied CID font
    assert b"STSong" not in pdf
    text = _text(pdf)
    assert "张伟" in text
    assert "Lesson 华东区 · 云存储" in text
