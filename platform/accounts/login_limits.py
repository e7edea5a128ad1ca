"""Per-address ceilings on sign-in, counted without a lock so a whole exam room behind one address never queues.

allauth counts each limit in one cache entry guarded by a lock that a request waits at most a second for, and a
request that cannot take the lock is refused. Per account that is right (one person's tries). Per address it is
not: a room of 1,000 behind one NAT shares a single entry, so on a busy server examinees were refused with "too many
failed login attempts" without a single wrong password, and a success whose roll-back missed the lock stayed
counted as a failure. Here the per-address ceilings are fixed-window counters bumped with the cache's atomic
`incr`; the per-account lock-out stays with allauth (ACCOUNT_RATE_LIMITS "login_failed": 5 per 5 minutes per
account).

- RAMPWAY_LOGIN_ATTEMPTS_PER_ADDRESS sign-in attempts per address per minute (a flood ceiling, default 2,000:
  a room of 1,000 signing in within one minute, with its typos, stays below it);
- RAMPWAY_LOGIN_FAILURES_PER_ADDRESS wrong passwords per address per 5 minutes (default 200), against one
  address guessing across many accounts.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core.client_address import client_ip

ATTEMPTS_WINDOW_S = 60
FAILURES_WINDOW_S = 300


def _key(kind: str, address: str, window_s: int) -> str:
    return f"rampway:login:{kind}:{address}:{int(time.time() // window_s)}"


def _bump(key: str, window_s: int) -> int:
    cache.add(key, 0, timeout=window_s * 2)
    try:
        return int(cache.incr(key))
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window_s * 2)
        return 1


def attempt_allowed(request: HttpRequest) -> bool:
    """Count one sign-in attempt from the caller's address; False once the address is over either ceiling."""
    address = client_ip(request)
    failures = cache.get(_key("failed", address, FAILURES_WINDOW_S), 0)
    if failures >= settings.RAMPWAY_LOGIN_FAILURES_PER_ADDRESS:
        return False
    attempts = _bump(_key("attempt", address, ATTEMPTS_WINDOW_S), ATTEMPTS_WINDOW_S)
    return attempts <= settings.RAMPWAY_LOGIN_ATTEMPTS_PER_ADDRESS


def failure_count(request: HttpRequest) -> None:
    """One wrong password from the caller's address."""
    _bump(_key("failed", client_ip(request), FAILURES_WINDOW_S), FAILURES_WINDOW_S)
