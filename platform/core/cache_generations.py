"""Cached reads invalidated by version: a named generation token that a change replaces, now and on commit.

An entry is filed under the token current when its data was read, so a change makes every older entry
unreachable on every process sharing the cache (Redis), without finding or deleting them. The token is
random, not a counter: a counter evicted and restarted could meet entries written under its old values.
Replacing it at once serves later reads in the changing transaction; replacing it again on commit catches a
reader that read the old rows under the token set at once.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# A process-local cache cannot hear another process's change (production turns the caches off there, see
# RAMPWAY_GENERATION_CACHE); entries also expire after this.
TIMEOUT = 3600


def _key(name: str) -> str:
    return f"generation:{name}"


def generation(name: str) -> str | None:
    """The current token; read it before the database, so data read across a change is filed under the old one.

    None when the cache cannot be reached: the caller reads the database and caches nothing (a cache outage costs
    queries, never a page). None too when the cache is not shared by every process (RAMPWAY_GENERATION_CACHE off)."""
    if not settings.RAMPWAY_GENERATION_CACHE:
        return None
    try:
        token = cache.get(_key(name))
        if token is None:
            cache.add(_key(name), uuid.uuid4().hex, None)
            token = cache.get(_key(name)) or ""
    except Exception:  # redis ConnectionError, timeouts …
        logger.warning("cache unreachable: %s read from the database", name)
        return None
    return str(token)


def cached_get(key: str) -> Any:
    """The cached value, or None when it is missing or the cache cannot be reached."""
    try:
        return cache.get(key)
    except Exception:
        return None


def cached_set(key: str, value: Any) -> None:
    """Cache the value for TIMEOUT; an unreachable cache just keeps nothing."""
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("cache unreachable: %s not cached", key)


def generation_renew(name: str) -> None:
    """Make every entry filed under the current token unreachable: now and once the transaction commits.

    If the cache cannot be reached the change still commits; entries written before the outage then live until
    their TIMEOUT, which the error log says."""

    def renew() -> None:
        try:
            cache.set(_key(name), uuid.uuid4().hex, None)
        except Exception:
            logger.error("cache unreachable: %s not renewed; older entries expire within %s s", name, TIMEOUT)

    renew()
    transaction.on_commit(renew)
