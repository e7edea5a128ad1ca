"""Fixed-window counters in the shared cache: the one rate limiter (API tokens, public forms), so web nodes agree."""

from __future__ import annotations

import math

from django.core.cache import cache


def window_count(bucket: str, *, window: int, now: float, add: int = 1) -> tuple[int, float]:
    """Bump (or with add=0 read) a fixed-window counter; returns the count and the seconds left in the window."""
    start = int(now // window) * window
    key = f"rate:{bucket}:{start}"
    left = max(1.0, math.ceil(start + window - now))
    if add == 0:
        return int(cache.get(key, 0)), left
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key, add)
    except ValueError:  # evicted between add and incr
        cache.set(key, add, timeout=window + 5)
        count = add
    return count, left
