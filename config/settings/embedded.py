"""`make run`: the embedded site as a small unit runs it, one command on a fresh machine.

SQLite, the in-memory channel layer and one daphne on loopback (config/settings/base.py),
with DEBUG off unless DJANGO_DEBUG=1 (`make dev`): no technical error pages, static files
from whitenoise's manifest, the content security policy on. Without SECRET_KEY the key is
generated once into .secret_key (outside git) and kept, so sessions survive restarts.
Media are served by the site itself (no nginx): see config/media.py.
"""

import os
from pathlib import Path

from .keys import generated_secret_key

os.environ.setdefault("DJANGO_DEBUG", "0")
if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = generated_secret_key(
        Path(__file__).resolve().parents[2] / ".secret_key"
    )

from .base import *  # noqa: E402, F403
from .base import ALLOWED_HOSTS, BASE_DIR, DEBUG, MIDDLEWARE, SITE_BASE_URL  # noqa: E402
from .csp import content_security_policy, with_csp_middleware  # noqa: E402

SERVE_MEDIA = True
if not DEBUG:
    # Django's debug pages use inline styles and scripts: the policy only with DEBUG off.
    SECURE_CSP = content_security_policy(BASE_DIR, SITE_BASE_URL, hosts=ALLOWED_HOSTS)
    MIDDLEWARE = with_csp_middleware(MIDDLEWARE)
