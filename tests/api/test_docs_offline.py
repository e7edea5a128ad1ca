"""/api/v1/docs works offline: Swagger UI comes from our own static files, never a CDN."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def _asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)


def test_docs_page_references_only_local_static_urls(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    urls = _asset_urls(response.content.decode())
    assert any(url.endswith("swagger-ui-bundle.js") for url in urls)
    for url in urls:
        assert url.startswith(settings.STATIC_URL), url


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_docs_static_files_are_served() -> None:
    # Whitenoise serves from the apps' static folders (as under runserver) instead of a collected STATIC_ROOT.
    client = Client()
    html = client.get("/api/v1/docs").content.decode()
    for url in _asset_urls(html):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content), url  # type: ignore[attr-defined]
