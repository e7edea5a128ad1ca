"""The private calendar feed (no session: the token is the credential) and the page that shows and resets it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.calendar import calendar_feed_for, calendar_feed_path, calendar_feed_reset, feed_ics
from core.models import CalendarFeed


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    response = HttpResponse(feed_ics(user=feed.user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    calendar_feed_for(user=request.user)  # type: ignore[arg-type]
    url = request.build_absolute_uri(calendar_feed_path(user=request.user))  # type: ignore[arg-type]
    return render(request, "core/calendar/settings.html", {"feed_url": url})


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    calendar_feed_reset(user=request.user)  # type: ignore[arg-type]
    return redirect("calendar:settings")
