"""Production: daphne workers on loopback behind nginx on HTTPS (see deploy/ and docs/deploy.md).

Chosen with DJANGO_SETTINGS_MODULE=config.settings.production. Everything else still comes
from the environment (config/settings/base.py); this module only hardens. Required:
SECRET_KEY and SITE_BASE_URL (the public https:// address, from which ALLOWED_HOSTS,
CSRF_TRUSTED_ORIGINS and the websocket origin of the content security policy follow unless
set). `manage.py check --deploy` is clean with them (tests/deploy/test_production.py).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.proxy import trusted_networks

os.environ.setdefault("DJANGO_DEBUG", "0")

from .base import *  # noqa: E402, F403
from .base import (  # noqa: E402
    BASE_DIR,
    DEBUG,
    GALLERY_PRIVATE_ROOT,
    MEDIA_ROOT,
    MIDDLEWARE,
    env,
    env_bool,
    env_list,
)
from .csp import content_security_policy, with_csp_middleware  # noqa: E402

if DEBUG:
    raise ImproperlyConfigured("config.settings.production needs DJANGO_DEBUG=0 (or unset).")
if not env("SITE_BASE_URL"):
    raise ImproperlyConfigured(
        "SITE_BASE_URL must be set to the public address, e.g. https://cuocthi.example.gov.vn"
    )
SITE_BASE_URL = env("SITE_BASE_URL").rstrip("/")
_site = urlsplit(SITE_BASE_URL)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [_site.hostname]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [f"{_site.scheme}://{_site.netloc}"]

# --- Behind nginx ------------------------------------------------------------------
# nginx on this machine overwrites X-Forwarded-For and X-Forwarded-Proto; config.proxy
# believes them only from these addresses (and drops X-Forwarded-Proto from anyone else).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
trusted_networks(tuple(TRUSTED_PROXIES))  # a typo stops every command, `check` included
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- HTTPS -------------------------------------------------------------------------
# `make serve-scaled` runs this profile on plain HTTP on loopback and turns these three off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes on a worker's loopback port
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Preload lists take registrable domains only (example.gov.vn, not cuocthi.example.gov.vn)
# and leaving them takes months: that is the province's decision, so off unless asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


# --- Content security policy (Django 6): config/settings/csp.py --------------------------
SECURE_CSP = content_security_policy(BASE_DIR, SITE_BASE_URL)
MIDDLEWARE = with_csp_middleware(MIDDLEWARE)

# --- Files -------------------------------------------------------------------------
# nginx serves MEDIA_ROOT; the originals of posters must stay out of its reach.
_private = Path(GALLERY_PRIVATE_ROOT or f"{MEDIA_ROOT}-private").resolve()
if _private.is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured("GALLERY_PRIVATE_ROOT must not be inside MEDIA_ROOT.")
# Request sizes: nginx refuses bodies above client_max_body_size (10 MB, 52 MB for posters,
# deploy/nginx/cchc-locations.conf) before they reach a worker. Django's defaults fit under
# that: form fields up to 2.5 MB (DATA_UPLOAD_MAX_MEMORY_SIZE), and uploaded files above
# 2.5 MB go to a temporary file instead of a worker's memory (FILE_UPLOAD_MAX_MEMORY_SIZE).
# Uploads are written 0o644 (FILE_UPLOAD_PERMISSIONS' default): nginx reads MEDIA_ROOT.
