"""The one notification layer: apps register kinds in ready(); notify() records once and delivers per preference.

A notification is recorded once per (recipient, event_key): a reminder task that runs twice, or a retried
request, never tells anyone twice. The in-app centre is the row itself; email and team chat are deliveries
queued after commit through the outbox (a broker or SMTP outage delays them, never fails the caller), and each
delivery is marked sent once, so a retried task does not send it again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from core.models import ChatWebhook, Notification, NotificationDelivery, NotificationPreference
from core.outbox import enqueue

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

UNREAD_CACHED_FOR = 10 * 60  # seconds; a change refreshes it at once, this only bounds a missed refresh

IN_APP = "in_app"
EMAIL = NotificationDelivery.Channel.EMAIL.value
CHAT = NotificationDelivery.Channel.CHAT.value
CHANNELS = (IN_APP, EMAIL, CHAT)


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str | Promise
    default_channels: tuple[str, ...]


_kinds: dict[str, NotificationKind] = {}


def register_notification_kind(
    *, key: str, label: str | Promise, default_channels: Sequence[str] = (IN_APP, EMAIL)
) -> None:
    unknown = set(default_channels) - set(CHANNELS)
    if unknown:
        raise ValueError(f"notification kind {key!r}: unknown channels {sorted(unknown)}")
    _kinds[key] = NotificationKind(key, label, tuple(default_channels))


def notification_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def notification_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise ValueError(
            f"notification kind {key!r} is not registered (register it in the app's ready())"
        ) from None


def language_for(user: User) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user: User) -> Iterator[None]:
    """Build a notification's title and body inside this block, so they are in the recipient's language."""
    with translation.override(language_for(user)):
        yield


def channels_for(*, user: User, kind: str) -> tuple[str, ...]:
    preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
    if preference is None:
        return notification_kind(kind).default_channels
    return tuple(channel for channel in preference.channels if channel in CHANNELS)


@transaction.atomic
def notify(
    *,
    recipient: User,
    kind: str,
    event_key: str,
    title: str | Promise,
    body: str | Promise = "",
    link: str = "",
) -> Notification | None:
    """Record the notification once and queue its deliveries; None when this event was already notified."""
    notification_kind(kind)
    if Notification.objects.filter(recipient=recipient, event_key=event_key).exists():
        return None
    with in_language_of(recipient):
        title, body = str(title), str(body)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, kind=kind, event_key=event_key, title=title[:300], body=body, link=link
            )
    except IntegrityError:  # a concurrent sender recorded it first
        return None
    channels = channels_for(user=recipient, kind=kind)
    for channel in (EMAIL, CHAT):
        if channel not in channels or (channel == EMAIL and not recipient.email):
            continue
        delivery = NotificationDelivery.objects.create(notification=notification, channel=channel)
        enqueue(
            "core.notification_deliver", args=[delivery.pk], dedupe_key=f"notification-delivery:{delivery.pk}"
        )
    _refresh_after_commit(recipient.pk)
    return notification


def _absolute(link: str) -> str:
    if not link or "://" in link:
        return link
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + link


def _email(notification: Notification) -> None:
    from django.core.mail import send_mail

    body = notification.body
    if notification.link:
        body = f"{body}\n\n{_absolute(notification.link)}".strip()
    send_mail(notification.title, body, None, [notification.recipient.email])


def _chat(notification: Notification) -> None:
    import apprise

    urls = list(ChatWebhook.objects.filter(enabled=True).values_list("url", flat=True))
    if not urls:
        return
    sender = apprise.Apprise()
    for url in urls:
        sender.add(url)
    body = notification.body
    if notification.link:
        body = f"{body}\n{_absolute(notification.link)}".strip()
    if not sender.notify(title=notification.title, body=body or notification.title):
        raise OSError("apprise: the chat webhook refused or did not answer")


def delivery_send(*, delivery_id: int) -> bool:
    """Send one delivery unless it was sent already; True when it went out now. Raises so the task retries."""
    with transaction.atomic():
        delivery = (
            NotificationDelivery.objects.select_for_update()
            .select_related("notification__recipient")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.sent_at is not None:
            return False
        delivery.tries += 1
        error: Exception | None = None
        try:
            if delivery.channel == EMAIL:
                _email(delivery.notification)
            else:
                _chat(delivery.notification)
        except Exception as exc:
            error = exc
        if error is None:
            delivery.sent_at = timezone.now()
        else:
            delivery.last_error = str(error)[:2000]
        # Saved before raising: the failure and its count must survive for the retry and for the admin.
        delivery.save(update_fields=["sent_at", "tries", "last_error"])
    if error is not None:
        raise error
    return True


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, every) unread notification of this user read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    changed = unread.update(read_at=timezone.now())
    unread_count_refresh(user.pk)
    return changed


def notifications_resolve(*, user: User, event_key_prefix: str) -> int:
    """Mark read the unread notifications of this user whose event key starts with the prefix: the thing they
    asked for is done (a scorecard reminder once it is submitted), so the bell stops showing it."""
    unread = Notification.objects.filter(
        recipient=user, read_at__isnull=True, event_key__startswith=event_key_prefix
    )
    changed = unread.update(read_at=timezone.now())
    if changed:
        _refresh_after_commit(user.pk)
    return changed


@transaction.atomic
def notification_preferences_set(*, user: User, channels_by_kind: dict[str, Sequence[str]]) -> None:
    for key, channels in channels_by_kind.items():
        notification_kind(key)
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"channels": [c for c in CHANNELS if c in channels]}
        )


def _unread_key(user_id: int) -> str:
    return f"core:notifications-unread:{user_id}"


def unread_count_refresh(user_id: int) -> int:
    count = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
    try:
        cache.set(_unread_key(user_id), count, UNREAD_CACHED_FOR)
    except Exception:  # a cache outage costs a query per page, never the page
        logger.warning("notifications: could not cache the unread count", exc_info=True)
    return count


def unread_count(user: Any) -> int:
    """The bell's number: cached (every page shows it; a query per page would be the price), refreshed on change."""
    if not getattr(user, "is_authenticated", False):
        return 0
    try:
        cached = cache.get(_unread_key(user.pk))
    except Exception:
        cached = None
    return cached if isinstance(cached, int) else unread_count_refresh(user.pk)


def _refresh_after_commit(user_id: int) -> None:
    transaction.on_commit(lambda: unread_count_refresh(user_id), robust=True)


def refresh_on_login(sender: Any, *, user: Any, **kwargs: Any) -> None:
    # Counted at sign-in, so the first page after it reads the bell from the cache.
    unread_count_refresh(user.pk)
