"""Cached reads invalidated by version: a named generation token that a change replaces, now and on commit.

An entry is filed under the token current when its data was read, so a change makes every older entry
unreachable on every process sharing the cache (Redis), without finding or deleting them. The token is
random, not a counter: a counter evicted and restarted could meet entries written under its old values.
Replacing it at once serves later reads in the changing transaction; replacing it again on commit catches a
reader that read the old rows under the token set at once.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

# A process-local cache (the embedded default) cannot hear another process's change: entries expire after this.
TIMEOUT = 3600


def _key(name: str) -> str:
    return f"generation:{name}"


def generation(name: str) -> str:
    """The current token; read it before the database, so data read across a change is filed under the old one."""
    token = cache.get(_key(name))
    if token is None:
        cache.add(_key(name), uuid.uuid4().hex, None)
        token = cache.get(_key(name)) or ""
    return str(token)


def generation_renew(name: str) -> None:
    """Make every entry filed under the current token unreachable: now and once the transaction commits."""

    def renew() -> None:
        cache.set(_key(name), uuid.uuid4().hex, None)

    renew()
    transaction.on_commit(renew)
