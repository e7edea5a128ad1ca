"""Template context: the unread count on the notification bell (counted only when a template shows it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Any]:
    from core.notifications import unread_count

    user = getattr(request, "user", None)
    # A callable: the template calls it only where the header shows the bell.
    return {"notifications_unread": lambda: unread_count(user)}
