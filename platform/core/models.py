"""Core tables: the durable outbox of side effects (more infrastructure tables join it here)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task that could not be published (broker down); core.outbox_flush sends it later."""

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    # Pending messages with the same key are the same side effect (e.g. "refresh exam 7's item analysis"):
    # stored once, sent once.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    tries = models.PositiveIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        # The model moved here from `home`; the table (and its rows on existing databases) stayed where it was.
        db_table = "home_outboxmessage"
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "dedupe_key"], name="home_outbox_pending")]

    def __str__(self) -> str:
        return f"{self.task_name} {self.args}"


class Notification(models.Model):
    """Something a person should know, recorded once per event (event_key) and shown in their notification centre."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=100)
    # "certification:42:expiry:30" — the same event notifies a person once however often the sender runs.
    event_key = models.CharField(_("event key"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="core_notification_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="core_notification_unread")]

    def __str__(self) -> str:
        return self.title


class NotificationDelivery(models.Model):
    """One channel's delivery of a notification: sent_at set once, so a retried task never sends twice."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        CHAT = "chat", _("Team chat")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    tries = models.PositiveIntegerField(_("tries"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("notification delivery")
        verbose_name_plural = _("notification deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="core_delivery_once_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel}"


class NotificationPreference(models.Model):
    """A person's channels for one kind of notification; without a row the kind's defaults apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=100)
    channels = models.JSONField(_("channels"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="core_preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class ChatWebhook(models.Model):
    """The organisation's team-chat channel (WeCom, DingTalk, Feishu, Slack, Teams …) as an apprise URL."""

    name = models.CharField(_("name"), max_length=100)
    # e.g. "wecombot://<key>", "dingtalk://<token>", "feishu://<token>", "slack://…", "msteams://…"
    url = models.CharField(_("apprise URL"), max_length=500)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("chat webhook")
        verbose_name_plural = _("chat webhooks")

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """A person's private iCalendar feed: the token in its URL is the only credential (calendar apps send no cookie)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user_id)


class WebhookEndpoint(models.Model):
    """A customer system that hears about chosen events, signed per Standard Webhooks (core.webhooks)."""

    url = models.URLField(_("endpoint URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # The receiver needs the same secret to check signatures, so it is kept (never shown again after creation).
    secret = models.CharField(_("signing secret"), max_length=100)
    # During a rotation both secrets sign, so the receiver can switch over without rejecting a delivery.
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("secret rotated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint: the message id and body stay fixed across retries (receivers dedupe by id)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=60)
    message_id = models.CharField(_("message id"), max_length=40, unique=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last response"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="core_webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id}"
