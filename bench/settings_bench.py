"""Settings for benchmark servers: the site's own settings plus a trivial view for the ceiling.

Only what a benchmark needs differs from config.settings.base:
- ROOT_URLCONF adds /bench/trivial/ (bench/urls.py), measured on the same daphne process;
- a fast password hasher, so that creating hundreds of users in set-up is quick (sessions are
  created directly, so no request hashes a password during the load);
- STATIC_ROOT under the benchmark's work directory (collectstatic runs there in set-up).
Rate limits are NOT changed: the load comes from many loopback source addresses instead.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import STATIC_ROOT, env

# Experiments only (never in a recorded run unless said so): BENCH_SESSION_ENGINE.
if env("BENCH_SESSION_ENGINE"):
    SESSION_ENGINE = env("BENCH_SESSION_ENGINE")

ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT = env("BENCH_STATIC_ROOT", str(STATIC_ROOT))
