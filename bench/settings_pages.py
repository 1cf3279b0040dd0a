"""Settings for bench/pages.py: exactly what `make run` serves (config.settings.embedded, DEBUG
off unless DJANGO_DEBUG says otherwise) plus /bench/trivial/ (bench/urls.py), the ceiling
measured on the same server in the same run. The database, static and media paths come from
the environment (SQLITE_PATH, STATIC_ROOT, MEDIA_ROOT) as for the site itself."""

from config.settings.embedded import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Set-up creates a few thousand users; no request hashes a password during the load.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
