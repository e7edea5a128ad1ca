"""Shared fixtures: named personas for each role (alice the learner, …) and a logged-in client."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role, roles_sync
from tests.factories.accounts import UserFactory


def pytest_configure(config: pytest.Config) -> None:
    """Compile the translation catalogs so a bare `pytest` sees the same strings as `make test`."""
    from pathlib import Path

    import polib

    for po_path in Path(__file__).resolve().parent.parent.glob("locale/*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


PERSONAS = {
    "learner": ("alice@example.com", [Role.LEARNER]),
    "trainer": ("tina@example.com", [Role.TRAINER]),
    "recruiter": ("rick@example.com", [Role.RECRUITER]),
    "coach": ("carl@example.com", [Role.COACH]),
    "analyst": ("anna@example.com", [Role.ANALYST]),
    "admin": ("adam@example.com", [Role.ADMIN]),
}


@pytest.fixture(autouse=True)
def _locmem_cache_isolated(settings):  # type: ignore[no-untyped-def]
    """Rate-limit counters and MFA flags live in the cache; no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roles(db) -> None:  # type: ignore[no-untyped-def]
    roles_sync()


@pytest.fixture
def persona(db, roles):  # type: ignore[no-untyped-def]
    """persona("recruiter") → a verified user with that role (created once per test)."""
    made: dict[str, User] = {}

    def make(name: str) -> User:
        if name not in made:
            email, role_list = PERSONAS[name]
            made[name] = UserFactory(email=email, roles=role_list)
        return made[name]

    return make


@pytest.fixture
def login_as(persona, settings):  # type: ignore[no-untyped-def]
    """login_as("coach") → a Client signed in as that persona, MFA enforcement off unless a test turns it on."""
    settings.RAMPWAY_ENFORCE_MFA = False

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(persona(name))
        return client

    return make
