"""Non-page views: the dashboard shortcut, liveness and readiness probes and /favicon.ico."""

from __future__ import annotations

import logging
from functools import cache as memoize
from io import BytesIO

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from core.http import AuthedHttpRequest

from .selectors import dashboard_for

logger = logging.getLogger(__name__)


@login_required
def dashboard(request: AuthedHttpRequest) -> HttpResponse:
    # Same content as the site root when signed in; a stable URL for links and bookmarks.
    return render(request, "home/dashboard.html", {"dashboard": dashboard_for(request.user)})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return the value just written")


def _check_broker() -> None:
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Checks nothing else, so a database outage never restarts web nodes."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: this node can serve (database, cache and, when configured, the broker answer).

    Public and unauthenticated, so it says only which check failed: the reason (host names, ports, driver
    messages) goes to the log, never into the response.
    """
    checks = {"database": _check_database, "cache": _check_cache}
    if settings.CELERY_BROKER_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = _check_broker
    results: dict[str, dict[str, bool]] = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = {"ok": True}
        except Exception:  # a readiness check reports every failure, whatever its type
            logger.warning("readiness check %s failed", name, exc_info=True)
            results[name] = {"ok": False}
    ready = all(r["ok"] for r in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": results}, status=200 if ready else 503
    )


@memoize
def _favicon_ico() -> bytes:
    # The same drawing as home/static/home/favicon.svg (which base.html links), for browsers and tools that
    # ask /favicon.ico without reading the page: a blue rounded square with a white ramp.
    from PIL import Image, ImageDraw

    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=56, fill="#1f5eff")
    draw.polygon([(48, 200), (208, 56), (208, 200)], fill="#ffffff")
    out = BytesIO()
    image.save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_favicon_ico(), content_type="image/x-icon")
