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
        {
            "certification": certification,
            "state": state,
            "code": code[:16],
            "verify_url": request.build_absolute_uri(),
        },
        status=200 if certification else 404,
    )


def _json(body: object, content_type: str = "application/json") -> HttpResponse:
    import json

    response = HttpResponse(json.dumps(body), content_type=content_type)
    response["Access-Control-Allow-Origin"] = "*"  # wallets and verifiers fetch these from other origins
    return response


def verify_badge(request: HttpRequest, code: str) -> HttpResponse:
    """The certification as an Open Badges 3.0 credential, a compact JWS (`application/vc+jwt`)."""
    from django.http import Http404

    from .. import badges

    certification = (
        Certification.objects.select_related("user", "exam").filter(code=code.strip().upper()[:16]).first()
    )
    if certification is None:
        raise Http404
    response = HttpResponse(badges.credential_jwt(request, certification), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="badge-{certification.code}.jwt"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def badge_jwks(request: HttpRequest) -> HttpResponse:
    from .. import badges

    return _json(badges.jwks(), "application/jwk-set+json")


def badge_issuer(request: HttpRequest) -> HttpResponse:
    from .. import badges

    return _json(badges.issuer_profile(request), "application/ld+json")


def badge_status(request: HttpRequest, list_id: str) -> HttpResponse:
    from django.http import Http404

    from .. import badges

    if list_id != badges.STATUS_LIST_ID:
        raise Http404
    response = HttpResponse(badges.status_list_jwt(request), content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"max-age={badges.STATUS_LIST_TTL}"
    return response
