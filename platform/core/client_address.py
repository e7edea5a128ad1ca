"""The caller's address, as far as the configured trusted proxies vouch for it (never a header the client wrote)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or with `RAMPWAY_TRUSTED_PROXY_COUNT` = N the Nth X-Forwarded-For entry from the right.

    Each trusted proxy appends the address it was reached from, so only the rightmost N entries are theirs;
    anything further left was written by the client and is ignored. A header shorter than N (a request that
    bypassed the proxies) or an entry that is not an address falls back to REMOTE_ADDR, which cannot be forged.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    count: int = getattr(settings, "RAMPWAY_TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
