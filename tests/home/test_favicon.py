"""Every page links our own SVG favicon, and /favicon.ico answers for browsers that ask it directly."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_served_as_an_icon(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO file signature


def test_pages_link_the_svg_favicon_which_exists(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/home/favicon.svg" type="image/svg+xml">' in html
    path = finders.find("home/favicon.svg")
    assert path
    with open(path, encoding="utf-8") as svg:
        assert svg.read().startswith("<svg ")
