"""Admin for core's tables: the organisation's chat webhooks, and read-only views of notifications and the outbox."""

from __future__ import annotations

from django.contrib import admin

from .models import ChatWebhook, Notification, OutboxMessage


@admin.register(ChatWebhook)
class ChatWebhookAdmin(admin.ModelAdmin):
    list_display = ("name", "enabled")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "kind", "created", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__email", "event_key")
    readonly_fields = ("recipient", "kind", "event_key", "title", "body", "link", "created", "read_at")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("task_name", "created_at", "tries", "sent_at")
    readonly_fields = (
        "task_name",
        "args",
        "kwargs",
        "queue",
        "dedupe_key",
        "created_at",
        "tries",
        "last_error",
        "sent_at",
    )
