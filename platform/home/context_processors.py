"""Template context: the navigation the current person may use, and the organisation's name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts.selectors import user_roles
from core.navigation import nav_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": frozenset()}
    roles = user_roles(user)
    return {
        "nav_items": lambda: nav_for(roles),
        "user_roles": roles,
    }


def organisation(request: HttpRequest) -> dict[str, Any]:
    return {"organisation_name": settings.RAMPWAY_ORGANISATION_NAME}
