"""bench/settings_bench.py on the production profile: the trivial view beside the site's pages,
with everything config.settings.production hardens (bench/wsgi_servers.py)."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STATIC_ROOT, env

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = env("BENCH_STATIC_ROOT", str(STATIC_ROOT))
