"""Test settings: fast hashers, locmem email, temporary media, no static manifest."""

import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="cchc-test-media-")
if not env("DATABASE_URL"):
    # In-memory SQLite for speed; browser tests run their own server on a file.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
STATIC_ROOT = tempfile.mkdtemp(prefix="cchc-test-static-")
WHITENOISE_USE_FINDERS = True
# Threads of async tests must not keep connections that block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0
