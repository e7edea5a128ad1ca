"""The certificate names its issuer, embeds its font, prints Chinese names and markup characters as written;
the public verify page names the issuer too."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from assessments.exams.certificate import certificate_pdf
from assessments.exams.models import Certification
from assessments.exams.services import attempt_start, attempt_submit
from tests.factories.exams import published_exam

pytestmark = pytest.mark.django_db


def _certification(persona, title: str) -> Certification:  # type: ignore[no-untyped-def]
    exam = published_exam(questions=2, draw=2, pass_mark=0, certifying=True, validity_months=12, title=title)
    learner = persona("learner")
    learner.first_name, learner.last_name = "李娜", ""
    learner.save()
    now = timezone.now()
    attempt = attempt_submit(attempt=attempt_start(exam=exam, user=learner, now=now), now=now)
    return Certification.objects.select_related("user", "exam").get(attempt=attempt)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_certificate_names_the_issuer_holder_exam_and_code(persona) -> None:  # type: ignore[no-untyped-def]
    cert = _certification(persona, "云存储 <Pro> & Co")
    pdf = certificate_pdf(cert, f"https://rampway.example/verify/{cert.code}/")
    text = _text(pdf)
    assert "Lumora Cloud" in text
    assert cert.user.display_name in text
    assert "李娜" in text
    assert "云存储 <Pro> & Co" in text
    assert cert.code in text
    assert "Authorised signature" in text
    assert b"/Image" in pdf  # the QR code


def test_certificate_embeds_its_truetype_font(persona) -> None:  # type: ignore[no-untyped-def]
    pdf = certificate_pdf(_certification(persona, "Cloud basics"), "https://rampway.example/verify/X/")
    assert b"/FontFile2" in pdf
    assert b"STSong" not in pdf


def test_verify_page_names_the_issuing_organisation(persona, login_as) -> None:  # type: ignore[no-untyped-def]
    cert = _certification(persona, "Cloud basics")
    page = login_as(None).get(f"/verify/{cert.code}/").content.decode()
    assert '<dd data-testid="verify-issuer">Lumora Cloud</dd>' in page
