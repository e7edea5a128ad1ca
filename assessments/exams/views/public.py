"""The public certificate check at /verify/<code>/: no login, and only what a certificate states."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..models import Certification
from ..selectors import (
    certification_state,
)


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: name, exam, dates and status only — nothing else about the person or the attempt."""
    certification = (
        Certification.objects.select_related("user", "exam").filter(code=code.strip().upper()[:16]).first()
    )
    state = certification_state(certification, timezone.now()) if certification else None
    return render(
        request,
        "exams/verify.html",
        {"certification": certification, "state": state, "code": code[:16]},
        status=200 if certification else 404,
    )
