"""Service-backed tests need PostgreSQL and a Redis broker; without them they fail, never skip."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _services_configured() -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        pytest.fail(
            f"services tests need DATABASE_URL=postgres://…, got engine {engine} (use make services-test)"
        )
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("services tests need CELERY_BROKER_URL=redis://… (use make services-test)")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.fail("CELERY_TASK_ALWAYS_EAGER is on although a broker is configured")
