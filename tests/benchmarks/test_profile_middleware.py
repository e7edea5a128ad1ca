"""The bench server's per-endpoint accounting: inert without BENCH_PROFILE_DIR; with it, each request's queries and
times land under its URL name and the summary counts them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from tests.benchmarks.profile import RequestCPUMiddleware, summary


def test_without_a_directory_the_middleware_steps_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BENCH_PROFILE_DIR", raising=False)
    with pytest.raises(MiddlewareNotUsed):
        RequestCPUMiddleware(lambda request: HttpResponse())


@pytest.mark.django_db
def test_each_request_is_counted_under_its_url_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BENCH_PROFILE_DIR", str(tmp_path))

    def view(request: HttpRequest) -> HttpResponse:
        request.resolver_match = resolve("/healthz")
        with connection.cursor() as cursor:
            for _ in range(int(request.GET["queries"])):
                cursor.execute("SELECT 1")
        return HttpResponse()

    middleware = RequestCPUMiddleware(view)
    for queries in (2, 4):
        middleware(RequestFactory().get("/healthz", {"queries": queries}))
    middleware.recorder.flush()

    (endpoint,) = summary(tmp_path).items()
    name, figures = endpoint
    assert name == f"GET_{resolve('/healthz').view_name}"
    assert figures["requests"] == 2
    assert figures["queries_mean"] == 3.0
    assert figures["wall_ms_mean"] >= figures["db_ms_mean"] >= 0
