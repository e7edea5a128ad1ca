"""Signed-in people who lack access to an admin area get a 403, not a bounce back to the login page."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class AdminAreaGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            path = request.path
            if path.startswith("/admin/") and not user.has_perm("wagtailadmin.access_admin"):
                raise PermissionDenied
            if path.startswith("/django-admin/") and not (user.is_active and user.is_staff):
                raise PermissionDenied
        return self.get_response(request)
