"""Test settings: the base settings with the speed-ups every test run wants."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SIGNING_KEY_SECRET", "test-only-signing-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from campaign_portal.settings.base import *  # noqa: E402,F403
from campaign_portal.settings.base import BASE_DIR, REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"
SECURE_SSL_REDIRECT = False
# Tests that need a real worker start one themselves (tests/conftest.py); everything else runs tasks in-process.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
AXES_ENABLED = True
LANGUAGE_CODE = "vi"

# Serve static files from the app folders without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
