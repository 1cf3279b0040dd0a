"""Test settings: fast hashers, locmem email, temporary media, no static manifest."""

import tempfile

from .base import *  # noqa: F403
from .base import CACHES, CHANNEL_LAYERS, DATABASES, REDIS_URL, env

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

# pytest-xdist (make test runs the PostgreSQL pass on two workers): pytest-django gives each
# worker its own test database; Redis gets one database per worker for the cache (cleared
# between tests) and one channel prefix (pub/sub ignores the database number).
_worker = env("PYTEST_XDIST_WORKER")
if REDIS_URL and _worker:
    from urllib.parse import urlsplit, urlunsplit

    _index = int(_worker.removeprefix("gw"))
    _url = urlsplit(REDIS_URL)
    _db = int(_url.path.strip("/") or 0) + 10 + _index
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_db % 16}"))
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"asgi-{_worker}"
