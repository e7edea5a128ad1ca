"""The admin's webhook pages: endpoints (create, edit, rotate the secret) and each endpoint's delivery log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import AuthedHttpRequest, role_required
from core.models import WebhookDelivery, WebhookEndpoint
from core.pagination import page_of
from core.webhooks import (
    EVENTS,
    webhook_endpoint_create,
    webhook_endpoint_update,
    webhook_secret_rotate,
)

ADMIN = "admin"  # accounts.roles.Role.ADMIN; core may not import the roles module's choices
SECRET_SESSION_KEY = "core.webhook_secret_once"
DELIVERIES_PER_PAGE = 50


class EndpointForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("Endpoint URL"), max_length=500, assume_scheme="https")
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"), choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def _show_secret_once(request: AuthedHttpRequest, endpoint: WebhookEndpoint, secret: str) -> None:
    request.session[SECRET_SESSION_KEY] = {"endpoint": endpoint.pk, "secret": secret}


@role_required(ADMIN)
def endpoint_list(request: AuthedHttpRequest) -> HttpResponse:
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhook_endpoint_create(
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
                actor=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            _show_secret_once(request, endpoint, endpoint.secret)
            return redirect("webhooks:endpoint", pk=endpoint.pk)
    endpoints = WebhookEndpoint.objects.order_by("pk")
    context: dict[str, Any] = {"endpoints": endpoints, "form": form, "events": EVENTS}
    return render(request, "core/webhooks/endpoint_list.html", context)


@role_required(ADMIN)
def endpoint_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    initial = {k: getattr(endpoint, k) for k in ("url", "description", "events", "active")}
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            webhook_endpoint_update(endpoint=endpoint, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("webhooks:endpoint", pk=endpoint.pk)
    once = request.session.pop(SECRET_SESSION_KEY, None)
    secret = once["secret"] if once and once.get("endpoint") == endpoint.pk else ""
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-pk")
    context = {
        "endpoint": endpoint,
        "form": form,
        "secret": secret,
        "page": page_of(deliveries, request.GET.get("page"), per_page=DELIVERIES_PER_PAGE),
        "events": EVENTS,
    }
    return render(request, "core/webhooks/endpoint_detail.html", context)


@role_required(ADMIN)
@require_POST
def endpoint_rotate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    _show_secret_once(request, endpoint, webhook_secret_rotate(endpoint=endpoint, actor=request.user))
    return redirect("webhooks:endpoint", pk=endpoint.pk)
