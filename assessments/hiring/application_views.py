"""The public careers site: open positions, the application form, the voluntary self-identification step, thanks.

No sign-in. Only open requisitions exist here (any other id is a 404, whatever it is), each address may send a
bounded number of applications per window, and a request body larger than a CV can be is refused before it is
read, so a stranger cannot make the server store or parse big uploads.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from core.client_address import client_ip
from core.rate_limit import window_count

from .applications import (
    RACE_ETHNICITY_CONSENT_TEXT,
    SELF_ID_CONSENT_TEXT,
    application_consent_text,
    application_submit,
    race_question_needs_separate_consent,
    requisitions_open_for_applications,
    self_identification_record,
)
from .forms import ApplicationForm, SelfIdentificationForm
from .models import Requisition

SESSION_KEY = "hiring_application"
# Room for the form's text fields and the multipart framing around the largest CV accepted.
BODY_OVERHEAD_BYTES = 64 * 1024


def _open_requisition(pk: int) -> Requisition:
    return get_object_or_404(requisitions_open_for_applications(), pk=pk)


def careers(request: HttpRequest) -> HttpResponse:
    requisitions = requisitions_open_for_applications().order_by("title", "id")
    return render(request, "hiring/careers/list.html", {"requisitions": requisitions})


def _apply_page(
    request: HttpRequest, requisition: Requisition, form: ApplicationForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "hiring/careers/apply.html",
        {"requisition": requisition, "form": form, "consent_text": application_consent_text()},
        status=status,
    )


def _refused(
    request: HttpRequest, requisition: Requisition, field: str | None, message: str, status: int
) -> HttpResponse:
    form = ApplicationForm()
    form.cleaned_data = {}  # an unbound form shows errors added to it; add_error needs this to exist
    form.add_error(field, message)
    return _apply_page(request, requisition, form, status=status)


@csrf_exempt  # checked below by csrf_protect, once the body is known to be small enough to read
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = _open_requisition(pk)
    if request.method == "POST":
        count, left = window_count(
            f"apply:{client_ip(request)}", window=settings.RAMPWAY_APPLY_RATE_WINDOW, now=time.time()
        )
        if count > settings.RAMPWAY_APPLY_RATE_LIMIT:
            response = _refused(
                request,
                requisition,
                None,
                _(
                    "Too many applications were sent from your network; please try again in %(minutes)s minutes."
                )
                % {"minutes": max(1, int(left) // 60)},
                status=429,
            )
            response["Retry-After"] = str(int(left))
            return response
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.RAMPWAY_CV_MAX_BYTES + BODY_OVERHEAD_BYTES:
            return _refused(
                request,
                requisition,
                "cv",
                _("CV: the file is larger than %(limit)s MB; upload a smaller one.")
                % {"limit": settings.RAMPWAY_CV_MAX_BYTES // 1_048_576},
                status=413,
            )
    return _apply_form(request, requisition)


@csrf_protect
def _apply_form(request: HttpRequest, requisition: Requisition) -> HttpResponse:
    if request.method != "POST":
        return _apply_page(request, requisition, ApplicationForm())
    form = ApplicationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _apply_page(request, requisition, form, status=400)
    if form.is_bot():
        # Looks like success to the sender; nothing is stored and no self-identification step follows.
        return redirect("careers:thanks", pk=requisition.pk)
    data = form.cleaned_data
    candidate = application_submit(
        requisition=requisition,
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        cv=data["cv"],
        consent_text=application_consent_text(),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    # A repeated email gets the very same next step; its answers are dropped (see self_identification_record).
    request.session[SESSION_KEY] = {
        "requisition": requisition.pk,
        "candidate": candidate.pk if candidate else None,
    }
    return redirect("careers:self_identification", pk=requisition.pk)


def _self_id_context(requisition: Requisition, form: SelfIdentificationForm) -> dict[str, Any]:
    return {
        "requisition": requisition,
        "form": form,
        "consent_text": SELF_ID_CONSENT_TEXT,
        "race_consent_text": RACE_ETHNICITY_CONSENT_TEXT,
    }


@require_http_methods(["GET", "POST"])
def self_identification(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = _open_requisition(pk)
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("requisition") != requisition.pk:
        return redirect("careers:apply", pk=requisition.pk)
    ask_race_consent = race_question_needs_separate_consent()
    if request.method == "POST" and "skip" in request.POST:
        request.session.pop(SESSION_KEY, None)
        return redirect("careers:thanks", pk=requisition.pk)
    form = SelfIdentificationForm(
        request.POST if request.method == "POST" else None, ask_race_consent=ask_race_consent
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            self_identification_record(
                candidate_id=pending.get("candidate"),
                sex=data["sex"],
                age_band=data["age_band"],
                race_ethnicity=data["race_ethnicity"],
                race_ethnicity_consented=bool(data.get("race_ethnicity_consent")),
            )
            request.session.pop(SESSION_KEY, None)
            return redirect("careers:thanks", pk=requisition.pk)
        return render(
            request,
            "hiring/careers/self_identification.html",
            _self_id_context(requisition, form),
            status=400,
        )
    return render(request, "hiring/careers/self_identification.html", _self_id_context(requisition, form))


def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = _open_requisition(pk)
    return render(request, "hiring/careers/thanks.html", {"requisition": requisition})
