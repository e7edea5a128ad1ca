"""The certificate PDF (reportlab): issuer, holder, exam, dates, a signature line and a QR code to the public
verification page, in the embedded font of core.pdf_fonts so Chinese names print on any machine."""

from __future__ import annotations

from io import BytesIO

import qrcode
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from core.pdf_fonts import pdf_font

from .models import Certification

BRAND = HexColor("#1f5eff")
INK = HexColor("#1d2433")
MUTED = HexColor("#5b6475")


def _centred(pdf: canvas.Canvas, text: str, y: float, size: float, max_width: float, width: float) -> None:
    # Long names and exam titles shrink to fit the page instead of running off it.
    font = pdf_font()
    while size > 10 and stringWidth(text, font, size) > max_width:
        size -= 1
    pdf.setFont(font, size)
    pdf.drawCentredString(width / 2, y, text)


def _logo(pdf: canvas.Canvas, organisation: str, x: float, y: float, size: float) -> None:
    # The logo slot: the organisation's image when RAMPWAY_CERTIFICATE_LOGO names one, else its initials.
    logo = getattr(settings, "RAMPWAY_CERTIFICATE_LOGO", "")
    if logo:
        pdf.drawImage(logo, x, y, size, size, preserveAspectRatio=True, mask="auto")
        return
    pdf.setFillColor(BRAND)
    pdf.roundRect(x, y, size, size, 10, stroke=0, fill=1)
    initials = "".join(word[0] for word in organisation.split()[:2]).upper() or "R"
    pdf.setFillColor(HexColor("#ffffff"))
    pdf.setFont(pdf_font(), size * 0.4)
    pdf.drawCentredString(x + size / 2, y + size * 0.35, initials)


def certificate_pdf(certification: Certification, verify_url: str) -> bytes:
    organisation = settings.RAMPWAY_ORGANISATION_NAME
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{certification.exam.title} — {certification.code}")
    pdf.setAuthor(organisation)
    font = pdf_font()

    # Border: a heavy outer frame and a fine inner one.
    pdf.setStrokeColor(BRAND)
    pdf.setLineWidth(6)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setLineWidth(1)
    pdf.rect(36, 36, width - 72, height - 72)

    _logo(pdf, organisation, 60, height - 126, 60)
    pdf.setFillColor(INK)
    pdf.setFont(font, 16)
    pdf.drawString(134, height - 92, organisation)
    pdf.setFillColor(MUTED)
    pdf.setFont(font, 10)
    pdf.drawString(134, height - 108, _("Issuing organisation"))

    usable = width - 160
    pdf.setFillColor(BRAND)
    _centred(pdf, _("Certificate of achievement"), height - 175, 34, usable, width)
    pdf.setFillColor(MUTED)
    _centred(pdf, _("This certifies that"), height - 215, 14, usable, width)
    pdf.setFillColor(INK)
    _centred(pdf, certification.user.display_name, height - 262, 36, usable, width)
    pdf.setStrokeColor(MUTED)
    pdf.setLineWidth(0.5)
    pdf.line(width / 2 - 200, height - 274, width / 2 + 200, height - 274)
    pdf.setFillColor(MUTED)
    _centred(pdf, _("has passed the certification exam"), height - 302, 14, usable, width)
    pdf.setFillColor(INK)
    _centred(pdf, certification.exam.title, height - 336, 22, usable, width)

    issued = f"{certification.issued_at:%Y-%m-%d}"
    expires = f"{certification.expires_at:%Y-%m-%d}" if certification.expires_at else _("no expiry")
    pdf.setFont(font, 11)
    pdf.setFillColor(INK)
    pdf.drawString(70, 132, _("Issued: %(date)s") % {"date": issued})
    pdf.drawString(70, 114, _("Valid until: %(date)s") % {"date": expires})

    # Signature line, centred under the text.
    pdf.setStrokeColor(INK)
    pdf.line(width / 2 - 110, 118, width / 2 + 110, 118)
    pdf.setFont(font, 10)
    pdf.setFillColor(MUTED)
    pdf.drawCentredString(width / 2, 104, _("Authorised signature"))
    pdf.drawCentredString(width / 2, 90, organisation)

    image = qrcode.make(verify_url, box_size=6, border=1)
    png = BytesIO()
    image.save(png)
    png.seek(0)
    qr_size = 100
    pdf.drawImage(ImageReader(png), width - 70 - qr_size, 92, qr_size, qr_size)
    pdf.setFont(font, 9)
    pdf.setFillColor(INK)
    pdf.drawRightString(width - 70, 78, _("Verification code: %(code)s") % {"code": certification.code})
    pdf.setFillColor(MUTED)
    pdf.setFont(font, 8)
    pdf.drawRightString(width - 70, 64, verify_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
