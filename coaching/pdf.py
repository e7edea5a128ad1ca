"""The seller passport as a PDF (reportlab), from the same data as the JSON export.

Every line goes through ``paragraph_text``: titles are people's input and reportlab parses paragraphs as
markup, so a course called "<b> & more" must print as written, not crash the export.
"""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _

from core.pdf_fonts import paragraph_text, pdf_font


def passport_pdf(data: dict[str, Any], out: IO[bytes]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = pdf_font()
    styles = getSampleStyleSheet()
    for name in ("Title", "Heading2", "Normal"):
        styles[name].fontName = font
    story: list[Any] = [
        Paragraph(
            paragraph_text(_("Seller passport: %(name)s") % {"name": data["seller"]["name"]}), styles["Title"]
        )
    ]
    level = data["qualification_level"]
    story.append(
        Paragraph(
            paragraph_text(
                _("Qualification level: %(level)s") % {"level": level["name"] if level else _("none")}
            ),
            styles["Normal"],
        )
    )

    def section(title: str, lines: list[str]) -> None:
        story.append(Spacer(1, 10))
        story.append(Paragraph(paragraph_text(title), styles["Heading2"]))
        for line in lines or [_("Nothing yet.")]:
            story.append(Paragraph(paragraph_text(line), styles["Normal"]))

    section(
        _("Lessons completed"),
        [f"{r['completed_at'][:10]} · {r['title']}" for r in data["lessons_completed"]],
    )
    section(
        _("Certifications"),
        [f"{r['exam']} · {r['state']} · {(r['expires_at'] or '')[:10]}" for r in data["certifications"]],
    )
    section(
        _("Coaching sessions"),
        [
            f"{r['held_on']} · {r['coach']} · {r['mean_rating'] if r['mean_rating'] is not None else '—'}"
            for r in data["coaching_sessions"]
        ],
    )
    visits = data["visits"]
    section(
        _("Visits"),
        [
            _("%(n)s visits, %(won)s appointments won")
            % {"n": visits["count"], "won": visits["appointments_won"]},
            ", ".join(f"{k}: {v}" for k, v in visits["segments"].items()),
            ", ".join(f"{k}: {v}" for k, v in visits["buying_roles_met"].items()),
        ],
    )
    SimpleDocTemplate(out, pagesize=A4, title=data["seller"]["name"]).build(story)
