"""Accounts tasks; `platform_probe` proves a worker imports the standard library's `platform`."""

from __future__ import annotations

import platform

from celery import shared_task


@shared_task(name="accounts.platform_probe", bind=True, max_retries=3, retry_backoff=True)
def platform_probe(self: object, token: str) -> dict[str, str]:
    """Idempotent: returns the same thing for the same token, writes nothing."""
    return {"token": token, "system": platform.system(), "module": platform.__file__ or ""}
