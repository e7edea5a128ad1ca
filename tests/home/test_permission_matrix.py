"""Each persona gets exactly the answer the matrix expects from every URL; our own URLs are all in it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .permission_matrix import EVERYONE, FORBIDDEN, HOME, LOGIN, MATRIX

OUR_MODULES = ("home.", "accounts.", "courses.", "assessments.", "coaching.", "analytics.", "config.", "api.")
# django-ninja serves the integration API from its own view functions, so those routes are ours by prefix.
OUR_PREFIXES = ("api/",)


def _our_routes(patterns: list, prefix: str = "") -> set[str]:  # type: ignore[type-arg]
    found: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            found |= _our_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            module = getattr(p.callback, "__module__", "") or ""
            route = prefix + str(p.pattern)
            if module.startswith(OUR_MODULES) or route.startswith(OUR_PREFIXES):
                found.add(route)
    return found


def _ends_on_login(client: Client, response) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(3):
        if response.status_code != 302:
            return False
        if urlsplit(response["Location"]).path == "/accounts/login/":
            return True
        response = client.get(response["Location"])
    return False


def test_every_route_of_ours_is_in_the_matrix() -> None:
    missing = _our_routes(get_resolver().url_patterns) - set(MATRIX)
    assert not missing, f"add these routes to tests/home/permission_matrix.py: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona_name", EVERYONE, ids=lambda p: p or "anonymous")
def test_persona_gets_the_expected_answer_from_every_url(persona_name, login_as) -> None:  # type: ignore[no-untyped-def]
    client = login_as(persona_name)
    wrong = []
    for route, (url, expected_by_persona) in MATRIX.items():
        expected = expected_by_persona[persona_name]
        response = client.get(url)
        if expected == LOGIN:
            ok = _ends_on_login(client, response)
        elif expected == HOME:
            ok = response.status_code == 302 and response["Location"] == "/"
        elif expected == FORBIDDEN:
            ok = response.status_code == 403
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(
                f"{route!r}: expected {expected}, got {response.status_code} {response.get('Location', '')}"
            )
    assert not wrong, "\n".join(wrong)
