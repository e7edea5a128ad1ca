"""Every URL × every persona → the expected answer. A new URL fails the coverage test until it is added here."""

from __future__ import annotations

OK = 200
LOGIN = "login"  # a redirect that ends on the sign-in page
FORBIDDEN = 403
HOME = "home"  # a redirect to the dashboard

SIGNED_IN = ("learner", "trainer", "recruiter", "coach", "analyst", "admin")
EVERYONE = (*SIGNED_IN, None)


def _row(default: object, anonymous: object = None, **overrides: object) -> dict[str | None, object]:
    row: dict[str | None, object] = {p: default for p in SIGNED_IN}
    row[None] = default if anonymous is None else anonymous
    row.update(overrides)
    return row


# route pattern (as Django prints it) → (a concrete URL, expectations by persona; None = anonymous)
MATRIX: dict[str, tuple[str, dict[str | None, object]]] = {
    "": ("/", _row(OK)),
    "healthz": ("/healthz", _row(OK)),
    "dashboard/": ("/dashboard/", _row(OK, anonymous=LOGIN)),
    "admin/": ("/admin/", _row(FORBIDDEN, anonymous=LOGIN, trainer=OK, analyst=OK, admin=OK)),
    "django-admin/": ("/django-admin/", _row(FORBIDDEN, anonymous=LOGIN, admin=OK)),
    "accounts/login/": ("/accounts/login/", _row(HOME, anonymous=OK)),
    "accounts/email/": ("/accounts/email/", _row(OK, anonymous=LOGIN)),
    "accounts/password/change/": ("/accounts/password/change/", _row(OK, anonymous=LOGIN)),
    "accounts/2fa/": ("/accounts/2fa/", _row(OK, anonymous=LOGIN)),
    "accounts/password/reset/": ("/accounts/password/reset/", _row(OK)),
}
