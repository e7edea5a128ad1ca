"""pytest: embedded services unless DATABASE_URL / CELERY_BROKER_URL point at real ones (`make services-test`)."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
RAMPWAY_ENFORCE_MFA = env.bool("RAMPWAY_ENFORCE_MFA", default=True)
# In memory unless a test's processes must share files (RAMPWAY_STORAGE=s3: the multi-node test's bucket).
if RAMPWAY_STORAGE != "s3":  # noqa: F405 - from base
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
WHITENOISE_AUTOREFRESH = True
