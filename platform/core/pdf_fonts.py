"""The one font our PDFs (certificate, seller passport) embed, and safe text for reportlab paragraphs.

WenQuanYi Micro Hei covers Latin and Simplified/Traditional Chinese in one TrueType collection with glyf
outlines, which reportlab subsets and embeds (it cannot embed CFF-based OpenType such as the Noto CJK .otf).
It comes from the paperang-p2-fonts-cjk wheel (font: Apache-2.0 / GPLv3 with font exception, as WenQuanYi
publishes it), so a PDF reads the same on a machine without Chinese fonts and nothing is fetched at run time.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "RampwaySans"


def font_file() -> Path:
    return Path(str(files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"))


def pdf_font() -> str:
    """Register the font once (subfont 0: Micro Hei, proportional) and return its reportlab name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(font_file()), subfontIndex=0))
        # One face only: <b>/<i> in a paragraph map back to it instead of failing on a missing face.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
    return FONT


def paragraph_text(value: object) -> str:
    """Text for a reportlab Paragraph, which parses its input as markup: '<', '>' and '&' are escaped."""
    return escape(str(value))
