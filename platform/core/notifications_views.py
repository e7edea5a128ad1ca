"""The notification centre: the list, mark read, and each person's channels per kind."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.models import Notification
from core.notifications import (
    CHANNELS,
    channels_for,
    notification_kinds,
    notification_mark_read,
    notification_preferences_set,
)
from core.pagination import page_of


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).order_by("-created", "-pk")  # type: ignore[misc]
    page = page_of(notifications, request.GET.get("page"), per_page=25)
    return render(request, "core/notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification_mark_read(user=request.user, notification_id=pk)  # type: ignore[arg-type]
    notification = Notification.objects.filter(recipient=request.user, pk=pk).first()  # type: ignore[misc]
    target = notification.link if notification is not None else ""
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notification_mark_read(user=request.user)  # type: ignore[arg-type]
    return redirect("notifications:list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    kinds = notification_kinds()
    if request.method == "POST":
        chosen = {kind.key: request.POST.getlist(f"kind-{kind.key}") for kind in kinds}
        notification_preferences_set(user=request.user, channels_by_kind=chosen)  # type: ignore[arg-type]
        return redirect("notifications:preferences")
    rows = [(kind, channels_for(user=request.user, kind=kind.key)) for kind in kinds]  # type: ignore[arg-type]
    return render(request, "core/notifications/preferences.html", {"rows": rows, "channels": CHANNELS})
