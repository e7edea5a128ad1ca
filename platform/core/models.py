"""Core tables: the durable outbox of side effects (more infrastructure tables join it here)."""

from __future__ import annotations

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
