"""Production reads sessions through the shared cache (cached_db) when there is one, never through a process-local
cache; signing someone out everywhere removes the cached copy along with the row."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings

from accounts.services import user_sessions_end
from tests.config.test_multi_node_config import _settings
from tests.factories.accounts import UserFactory

CACHED_DB = "django.contrib.sessions.backends.cached_db"
DB = "django.contrib.sessions.backends.db"


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [("redis://127.0.0.1:6379/11", CACHED_DB), ("", DB)],
    ids=["shared-redis-cache", "process-local-cache"],
)
def test_production_sessions_go_through_the_cache_only_when_every_worker_shares_it(
    cache_url: str, engine: str
) -> None:
    env = {
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "rampway.example.com",
        "DATABASE_URL": "sqlite://",
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    assert _settings("config.settings.production", "s.SESSION_ENGINE", **env) == engine


@pytest.mark.django_db
@override_settings(
    SESSION_ENGINE=CACHED_DB,
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions-test"}
    },
)
def test_signing_out_everywhere_also_drops_the_cached_session(client) -> None:  # type: ignore[no-untyped-def]
    user = UserFactory(email="leaver@example.com")
    client.force_login(user)
    assert client.get("/healthz").status_code == 200
    assert (
        client.get("/onboarding/").status_code == 200
    )  # signed in: the session is in the cache and the table
    assert Session.objects.count() == 1

    assert user_sessions_end(user=user) == 1

    assert Session.objects.count() == 0
    response = client.get("/onboarding/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
