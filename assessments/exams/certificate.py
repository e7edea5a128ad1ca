"""The certificate PDF (reportlab) with a QR code (qrcode) pointing at the public verification page."""

from __future__ import annotations

from io import BytesIO

import qrcode
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from .models import Certification

_CJK_FONT = "STSong-Light"


def _font() -> str:
    # A built-in CID font so Chinese names and exam titles render without shipping font files.
    if _CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_CJK_FONT))
    return _CJK_FONT


def certificate_pdf(certification: Certification, verify_url: str) -> bytes:
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{certification.exam.title} — {certification.code}")
    font = _font()
    pdf.setFont(font, 30)
    pdf.drawCentredString(width / 2, height - 130, _("Certificate"))
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 180, _("This certifies that"))
    pdf.setFont(font, 26)
    pdf.drawCentredString(width / 2, height - 225, certification.user.display_name)
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 265, _("has passed the certification exam"))
    pdf.setFont(font, 22)
    pdf.drawCentredString(width / 2, height - 305, certification.exam.title)
    pdf.setFont(font, 12)
    issued = f"{certification.issued_at:%Y-%m-%d}"
    expires = f"{certification.expires_at:%Y-%m-%d}" if certification.expires_at else _("no expiry")
    pdf.drawString(60, 110, _("Issued: %(date)s") % {"date": issued})
    pdf.drawString(60, 90, _("Valid until: %(date)s") % {"date": expires})
    pdf.drawString(60, 70, _("Verification code: %(code)s") % {"code": certification.code})
    pdf.drawString(60, 50, verify_url)
    image = qrcode.make(verify_url, box_size=6, border=1)
    png = BytesIO()
    image.save(png)
    png.seek(0)
    pdf.drawImage(ImageReader(png), width - 190, 40, 130, 130)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
