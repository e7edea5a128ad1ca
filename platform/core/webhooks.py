"""Outbound webhooks: an event becomes one signed delivery per subscribed endpoint, sent and retried via the outbox.

Signatures follow Standard Webhooks (https://www.standardwebhooks.com): headers `webhook-id`, `webhook-timestamp`
and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed by the base64 part of a `whsec_`
secret. A delivery row is written in the caller's transaction (a rolled-back hire announces nothing) and its id
is queued after commit; a failed attempt schedules the next one with backoff, and the `core.webhooks_retry` beat
task re-queues the due ones, so a worker lost mid-delivery only delays it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit
from core.cache_generations import cached_get, cached_set, generation, generation_renew
from core.models import WebhookDelivery, WebhookEndpoint
from core.outbox import enqueue

logger = logging.getLogger(__name__)

EVENTS: dict[str, Any] = {
    "candidate.hired": gettext_lazy("A candidate was hired"),
    "certification.issued": gettext_lazy("A certification was issued"),
    "certification.revoked": gettext_lazy("A certification was revoked"),
    "path.completed": gettext_lazy("A learner completed a learning path"),
    "proposal.adopted": gettext_lazy("A rubric weight proposal was adopted"),
    "qualification.granted": gettext_lazy("A qualification level was granted"),
}
# After the first try: 1 min, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (Standard Webhooks' suggested schedule, with
# the beat task's minute as the shortest step). Then the delivery is failed and shown so in the log.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=5),
    dt.timedelta(hours=10),
    dt.timedelta(hours=10),
)
TIMEOUT_SECONDS = 10
ROTATION_OVERLAP = dt.timedelta(hours=24)


def secret_new() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def signature(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def signed_headers(
    *, endpoint: WebhookEndpoint, message_id: str, timestamp: int, body: str
) -> dict[str, str]:
    secrets_now = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_until
        and endpoint.previous_secret_until > timezone.now()
    ):
        secrets_now.append(endpoint.previous_secret)
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(secret=s, message_id=message_id, timestamp=timestamp, body=body) for s in secrets_now
        ),
    }


def _private_allowed() -> bool:
    return bool(getattr(settings, "RAMPWAY_WEBHOOKS_ALLOW_PRIVATE", False))


def url_check(url: str, *, resolve: bool = True) -> None:
    """Refuse what would let an admin make the server call into its own network (SSRF): only http(s) to hosts
    whose every address is public, unless RAMPWAY_WEBHOOKS_ALLOW_PRIVATE (tests, a lab) says otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Give an http:// or https:// address.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("Put no user name or password in the address.")})
    if _private_allowed():
        return
    if parts.scheme != "https":
        raise ValidationError({"url": _("Webhook endpoints must use https://.")})
    if not resolve:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError({"url": _("The host name does not resolve.")}) from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise ValidationError(
                {"url": _("The address points into a private network (%(ip)s).") % {"ip": address}}
            )


def _events_check(events: Iterable[str]) -> list[str]:
    chosen = sorted(set(events))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        raise ValidationError({"events": _("Unknown event: %(event)s.") % {"event": unknown[0]}})
    if not chosen:
        raise ValidationError({"events": _("Choose at least one event.")})
    return chosen


@transaction.atomic
def webhook_endpoint_create(
    *, url: str, events: Iterable[str], description: str = "", actor: Any
) -> WebhookEndpoint:
    url_check(url)
    endpoint = WebhookEndpoint.objects.create(
        url=url,
        events=_events_check(events),
        description=description.strip(),
        secret=secret_new(),
        created_by=actor,
    )
    audit(actor=actor, verb="webhook.create", obj=endpoint, after={"url": url, "events": endpoint.events})
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *, endpoint: WebhookEndpoint, url: str, events: Iterable[str], description: str, active: bool, actor: Any
) -> WebhookEndpoint:
    url_check(url)
    before = {"url": endpoint.url, "events": endpoint.events, "active": endpoint.active}
    endpoint.url, endpoint.events = url, _events_check(events)
    endpoint.description, endpoint.active = description.strip(), active
    endpoint.save()
    after = {"url": endpoint.url, "events": endpoint.events, "active": endpoint.active}
    audit(actor=actor, verb="webhook.update", obj=endpoint, before=before, after=after)
    return endpoint


@transaction.atomic
def webhook_secret_rotate(*, endpoint: WebhookEndpoint, actor: Any, now: dt.datetime | None = None) -> str:
    """A new secret; the old one keeps signing alongside it for ROTATION_OVERLAP. Returns the new secret."""
    now = now or timezone.now()
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, now + ROTATION_OVERLAP
    endpoint.secret, endpoint.rotated_at = secret_new(), now
    endpoint.save()
    audit(actor=actor, verb="webhook.rotate", obj=endpoint)
    return endpoint.secret


LISTENING = "core.webhooks.listening"


def _events_listened() -> frozenset[str]:
    """The events some active endpoint subscribes to, cached until an endpoint is saved or deleted: most
    events on most installations have no listener, and exam day should not ask a thousand times."""
    token = generation(LISTENING)
    key = f"core:webhooks:events:{token}" if token is not None else None
    events = cached_get(key) if key else None
    if not isinstance(events, frozenset):
        events = frozenset(
            name
            for subscribed in WebhookEndpoint.objects.filter(active=True).values_list("events", flat=True)
            for name in subscribed or ()
        )
        if key:
            cached_set(key, events)
    return events


def _endpoints_changed(sender: Any, **kwargs: Any) -> None:
    generation_renew(LISTENING)


post_save.connect(_endpoints_changed, sender=WebhookEndpoint, dispatch_uid="core_webhook_endpoints_saved")
post_delete.connect(_endpoints_changed, sender=WebhookEndpoint, dispatch_uid="core_webhook_endpoints_deleted")


def webhook_emit(
    *, event: str, data: dict[str, Any], now: dt.datetime | None = None
) -> list[WebhookDelivery]:
    """Call inside the transaction that made the change; deliveries go out once it commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    now = now or timezone.now()
    payload = {"type": event, "timestamp": now.isoformat(), "data": data}
    # Round-trip once so dates and decimals are stored as the receiver will read them.
    payload = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    if event not in _events_listened():
        return []
    deliveries = [
        WebhookDelivery(
            endpoint=endpoint,
            event=event,
            message_id="msg_" + secrets.token_urlsafe(18),
            payload=payload,
            # If the queued first attempt is lost (worker killed), the beat task picks the row up from here.
            next_attempt_at=now + BACKOFF[0],
        )
        for endpoint in WebhookEndpoint.objects.filter(active=True)
        if event in endpoint.events
    ]
    WebhookDelivery.objects.bulk_create(deliveries)
    for delivery in deliveries:
        enqueue("core.webhook_deliver", args=[delivery.pk], dedupe_key=f"webhook:{delivery.pk}")
    return deliveries


def webhook_deliver(*, delivery_id: int, now: dt.datetime | None = None) -> WebhookDelivery | None:
    """One attempt, if one is due; idempotent (a delivered, failed or not yet due row is left alone).

    The attempt is claimed in a short transaction (attempts + 1, next attempt = its backoff, a lease), the POST
    runs outside any transaction, and its outcome is written after: a duplicate task finds the lease and does
    nothing, and a worker killed mid-POST leaves a pending row that the beat task retries when the lease ends.
    """
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        if delivery.attempts and delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return None  # claimed by another attempt, or not due yet
        delivery.attempts += 1
        delivery.next_attempt_at = now + BACKOFF[min(delivery.attempts, len(BACKOFF)) - 1]
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    body = json.dumps(delivery.payload, separators=(",", ":"))
    headers = signed_headers(
        endpoint=delivery.endpoint, message_id=delivery.message_id, timestamp=int(now.timestamp()), body=body
    )
    code: int | None = None
    error = ""
    try:
        url_check(delivery.endpoint.url)  # again: DNS may have changed since the endpoint was saved
        response = requests.post(
            delivery.endpoint.url,
            data=body.encode(),
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,  # a redirect could point into the private network
        )
        code = response.status_code
        if not 200 <= code < 300:
            error = _("The endpoint answered %(code)s.") % {"code": code}
    except ValidationError as exc:
        error = "; ".join(str(m) for m in exc.messages)
    except requests.RequestException as exc:
        error = type(exc).__name__ + ": " + str(exc)
    delivery.last_status_code = code
    delivery.last_error = error[:500]
    if not error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookDelivery.Status.DELIVERED,
            now,
            None,
        )
    elif delivery.attempts > len(BACKOFF) or not delivery.endpoint.active:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
    delivery.save(
        update_fields=["last_status_code", "last_error", "status", "delivered_at", "next_attempt_at"]
    )
    return delivery


def webhooks_retry_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Queue the pending deliveries whose next attempt is due (the beat task, every minute)."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        enqueue("core.webhook_deliver", args=[pk], dedupe_key=f"webhook:{pk}")
    return len(due)
