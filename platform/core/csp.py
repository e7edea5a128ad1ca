"""The Content-Security-Policy: one strict policy for our pages, a looser one scoped to the Wagtail admin.

Our pages load scripts only from our own static files (no inline script, no inline event handler; data for
scripts goes through ``json_script``), so a script injected into any page cannot run. The Wagtail admin still
renders some inline scripts of its own (inline panels, date widgets), which we cannot rewrite; it gets
``'unsafe-inline'`` for scripts, and only under the prefixes in ``RAMPWAY_CSP_LOOSE_SCRIPT_PREFIXES``.
"""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def loose_script_path(path: str) -> bool:
    return path.startswith(tuple(getattr(settings, "RAMPWAY_CSP_LOOSE_SCRIPT_PREFIXES", ())))


class RampwayCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if loose_script_path(request.path_info):
            parts.update = {**(parts.update or {}), "script-src": [UNSAFE_INLINE]}
        return parts
