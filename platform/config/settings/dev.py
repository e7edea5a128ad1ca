"""Local development and the `make run` demo: embedded services, DEBUG on, MFA relaxed for demo logins."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
RAMPWAY_ENFORCE_MFA = env.bool("RAMPWAY_ENFORCE_MFA", default=False)
