"""Local development and the `make run` demo: embedded services, MFA relaxed for demo logins.

DEBUG is off by default so the demo shows the product's own 404/500 pages, as a deployment would;
`DJANGO_DEBUG=true make run` brings back Django's debug pages. Static and media are served by the
runserver process itself either way (whitenoise reads the apps' static folders; no collectstatic needed).
"""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
RAMPWAY_ENFORCE_MFA = env.bool("RAMPWAY_ENFORCE_MFA", default=False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
RAMPWAY_SERVE_MEDIA = True
