"""The demo (`make run`, config.settings.dev) shows our own 404 page, and static files still load under runserver."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def dev_settings(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    import config.settings.dev as dev

    return importlib.reload(dev)


def test_demo_settings_turn_debug_off_and_serve_static_from_the_apps(dev_settings: ModuleType) -> None:
    assert dev_settings.DEBUG is False
    assert dev_settings.WHITENOISE_USE_FINDERS is True


def test_unknown_url_in_the_demo_shows_our_404_template(dev_settings: ModuleType) -> None:
    with override_settings(
        DEBUG=dev_settings.DEBUG, WHITENOISE_USE_FINDERS=dev_settings.WHITENOISE_USE_FINDERS
    ):
        response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert '<h1 id="error-title">Page not found</h1>' in response.content.decode()


def test_static_files_are_served_in_the_demo(dev_settings: ModuleType) -> None:
    with override_settings(
        DEBUG=dev_settings.DEBUG, WHITENOISE_USE_FINDERS=dev_settings.WHITENOISE_USE_FINDERS
    ):
        response = Client().get("/static/home/rampway.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]
