"""Settings for every environment, read from environment variables.

The embedded default (no variables set) is SQLite in WAL mode, the in-memory
channel layer and one daphne process. `DATABASE_URL` switches to PostgreSQL,
`REDIS_URL` to channels-redis and a shared Redis cache (rate limits must be
shared between processes).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .keys import generated_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment; in development a generated key kept out of git."""
    if key := env("SECRET_KEY"):
        return key
    if not DEBUG:
        # `make run` (config.settings.embedded) generates one; production must set it.
        raise RuntimeError("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    return generated_secret_key(BASE_DIR / ".secret_key")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# JSON for the views a script calls (the answer save), Django's page for the rest.
CSRF_FAILURE_VIEW = "config.json_errors.csrf_failure_view"
# Reverse proxies (IPs or CIDR ranges) whose X-Forwarded-For names the client, e.g.
# "127.0.0.1" for nginx on the same machine; empty: REMOTE_ADDR is the client (config/proxy.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "channels",
    "allauth",
    "allauth.account",
    "accounts",
    "contest",
    "quizzes",
    "gallery",
    "banners",
    "invites",
    "hall",
    "campaign",
]

MIDDLEWARE = [
    # First, so everything after it (rate limits, allauth) sees the client's address.
    "config.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.request_checks.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "contest.context_processors.site",
            ],
        },
    },
]

FORM_RENDERER = "config.form_rendering.FormRenderer"

# --- Database -----------------------------------------------------------------
SQLITE_PATH = env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
if env("DATABASE_URL"):
    # Health checks: a connection PostgreSQL closed (a restart) is found before use.
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_health_checks=True)}
    # A bounded pool of connections per process (psycopg_pool). Under ASGI Django runs each
    # request in a thread of its own, so a persistent connection would never be reused, and
    # a connection per request costs PostgreSQL a new backend process. A request takes a
    # connection from the pool and gives it back at its end; when all are busy it waits up
    # to DB_POOL_TIMEOUT seconds instead of running PostgreSQL out of connections
    # (docs/reliability.md). Keep DB_POOL_SIZE × processes below max_connections.
    # DB_POOL_SIZE=0: no pool, a new connection for each request (behind pgbouncer, say).
    DB_POOL_SIZE = int(env("DB_POOL_SIZE", "10"))
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Which process holds a connection (pg_stat_activity), so that restore_db can tell
        # its own pool's connections from a running site's.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("application_name", f"cchc-{os.getpid()}")
        if DB_POOL_SIZE:
            options["pool"] = {
                "min_size": min(2, DB_POOL_SIZE),
                "max_size": DB_POOL_SIZE,
                "timeout": float(env("DB_POOL_TIMEOUT", "10")),
            }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Each of the server's long-lived threads keeps its connection (config/asgi.py):
            # opening one, and closing the last one (a WAL checkpoint), costs more than a save.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                # WAL lets readers go on while one writer commits; IMMEDIATE takes the
                # write lock at BEGIN so concurrent writers queue instead of failing, for
                # up to `timeout` seconds (SQLite's busy timeout).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels and cache -------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "cchc"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # Room for the rate-limit counters of a crowd: at its default 300 entries the cache
    # culls a third of them at a time, limits and live-board counters included.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    }

# --- Accounts (django-allauth) -------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# People sign up with a phone and one password (email optional) and sign in with either;
# the phone is the profile's (docs/accounts.md). The sign-up form adds the short profile.
ACCOUNT_LOGIN_METHODS = {"phone", "email"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "password1*", "email"]
ACCOUNT_FORMS = {
    "signup": "accounts.forms.PhoneSignupForm",
    "login": "accounts.forms.PhoneOrEmailLoginForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# A phone account's email is verified, but the account is not held until it is; accounts
# without a phone (the older email accounts) stay "mandatory" (accounts/stages.py).
ACCOUNT_EMAIL_VERIFICATION = "optional"
# Phone codes: 6 digits, 5 minutes, 3 wrong tries. When a contest asks for a verified
# phone (Contest.phone_verification) the code is sent by accounts/phone_codes.py, which
# also keeps a cooldown per number and limits per number and per address; SMS through
# accounts.sms (docs/sms.md).
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 5 * 60
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 3
PHONE_CODE_COOLDOWN = int(env("PHONE_CODE_COOLDOWN", "60"))  # seconds between codes to a number
PHONE_CODE_SEND_RATE = {  # (codes, seconds)
    "phone": (int(env("PHONE_CODES_PER_NUMBER", "5")), 3600),
    "ip": (int(env("PHONE_CODES_PER_IP", "30")), 3600),
}
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Throttles are kept in the cache (shared Redis when scaled out). Sign-in is throttled by
# accounts/throttle.py instead of allauth's "login" (every attempt, successes too, per
# address) and "login_failed" (locked the account for its owner too). The pages below are
# limited by contest.ratelimit (accounts/urls.py), whose page says how long to wait:
# (requests, seconds) per "ip", "user" or posted "email". allauth keeps the rest.
ACCOUNT_RATE_LIMITS = {
    "login": None,
    "login_failed": None,
    "signup": None,
    "reset_password": None,
    "reset_password_from_key": None,
    "change_password": None,
    "confirm_email": "1/3m/key",  # a confirmation email not sent again, silently
    "change_phone": None,  # ACCOUNT_PHONE_CHANGE_RATE below
    "verify_phone": "1/m/key,10/h/ip",  # allauth's own code when a phone is changed
}
ACCOUNT_PHONE_CHANGE_RATE = {"user": (3, 60)}
ACCOUNT_LOGIN_RATE: dict = {}
ACCOUNT_SIGNUP_RATE = {"ip": (20, 60)}
# Seconds before a "check your email" page sends the same kind of email again (the
# confirmation's matches allauth's "confirm_email" limit above).
ACCOUNT_EMAIL_RESEND_COOLDOWN = {"reset": 60, "verify": 180}
ACCOUNT_PASSWORD_RESET_RATE = {"ip": (20, 60), "email": (5, 60)}
ACCOUNT_PASSWORD_RESET_KEY_RATE = {"ip": (20, 60)}
ACCOUNT_PASSWORD_CHANGE_RATE = {"user": (5, 60)}
# Per address (or known browser) and account: 3 failures free, then 5, 10, 20 ... 300 s.
# Wider: 20 failures to one account from browsers it has not signed in on, per 15 minutes;
# 100 failures from one address per 10 minutes (an office behind one NAT; successes are
# never counted). A known browser is refused by neither (accounts/throttle.py).
SIGNIN_THROTTLE = {
    "free": 3,
    "first_delay": 5,
    "max_delay": 300,
    "account": (20, 15 * 60),
    "address": (100, 10 * 60),
}

# --- Email ---------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Ban tổ chức cuộc thi <no-reply@localhost>")
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "use_ssl": env_bool("EMAIL_USE_SSL"),
                "timeout": 20,
            },
        }
    }
elif env("EMAIL_FILE_PATH"):
    # Each message as a file: what the browser tests read verification links from.
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env("EMAIL_FILE_PATH")},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy in both languages (config/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# The site serves MEDIA_ROOT itself (config/media.py) in development and in the embedded
# run; in production nginx does (deploy/nginx/cchc-locations.conf).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Quizzes -------------------------------------------------------------------
# Answers this late after the deadline still count (slow phone networks).
QUIZ_ANSWER_GRACE_SECONDS = int(env("QUIZ_ANSWER_GRACE_SECONDS", "10"))
# (requests, seconds). Offices share one public IP, so the per-IP limit is generous.
QUIZ_START_RATE = {
    "user": (int(env("QUIZ_START_PER_USER", "10")), 60),
    "ip": (int(env("QUIZ_START_PER_IP", "300")), 60),
}
QUIZ_ANSWER_RATE = (int(env("QUIZ_ANSWERS_PER_ATTEMPT", "120")), 60)

# --- Serving -------------------------------------------------------------------
# Threads that run Django's WSGI handler inside daphne (config/asgi.py), started once with
# the process. A slow page (an export, a poster) holds one; SQLite still writes one at a time.
HTTP_THREADS = int(env("HTTP_THREADS", "8"))

# --- Site ----------------------------------------------------------------------
# Public address used in printed links and QR codes (e.g. https://cuocthi.soctrang.gov.vn).
SITE_BASE_URL = env("SITE_BASE_URL", "http://127.0.0.1:8000")
SITE_NAME = env("SITE_NAME", "Cuộc thi tìm hiểu về cải cách hành chính")

# Phones and CCCD numbers are masked in every record that reaches a handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "contest.logging.MaskPersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers for these (console when DEBUG, runserver's request lines)
        # would bypass the filter: removed, so records reach the root's masked console.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"level": "WARNING"},
        "django.server": {"handlers": [], "level": "INFO"},
    },
}

# Gallery
# Originals of posters live outside MEDIA_ROOT and are served only to organizers and jurors;
# empty means a folder beside MEDIA_ROOT named "<MEDIA_ROOT>-private".
GALLERY_PRIVATE_ROOT = env("GALLERY_PRIVATE_ROOT")
# Pillow refuses images above twice this and warns above it (the warning is an error here):
# 80 megapixels lets 8000x10000 posters through and stops decompression bombs.
GALLERY_MAX_IMAGE_PIXELS = int(env("GALLERY_MAX_IMAGE_PIXELS", "80000000"))
# Posters decoded at once per process (each may hold ~0.5 GB briefly); others wait this long.
GALLERY_IMAGE_WORKERS = int(env("GALLERY_IMAGE_WORKERS", "2"))
GALLERY_IMAGE_WAIT_SECONDS = float(env("GALLERY_IMAGE_WAIT_SECONDS", "20"))
# (requests, seconds) for votes and withdrawals; offices share one IP, so that limit is generous.
GALLERY_VOTE_RATE = {
    "user": (int(env("GALLERY_VOTES_PER_USER", "30")), 60),
    "ip": (int(env("GALLERY_VOTES_PER_IP", "300")), 60),
}
GALLERY_SUBMIT_RATE = (int(env("GALLERY_SUBMITS_PER_USER", "20")), 3600)

# Banners
# A PNG or JPG centred on printed QR codes and posters (e.g. the province's emblem).
BANNER_LOGO_PATH = env("BANNER_LOGO_PATH")
# (scans, seconds) recorded per banner and browser, and per banner and address; beyond them
# the visitor is still redirected but the scan is not counted.
BANNER_SCAN_RATE = {
    "visitor": (int(env("BANNER_SCANS_PER_BROWSER", "10")), 60),
    "ip": (int(env("BANNER_SCANS_PER_IP", "120")), 60),
}

# Certificates: checks of /xac-minh/<code>/ per address and minute (guessing is pointless,
# the codes are 22 random characters, but a bot should not walk the pages).
CERTIFICATE_VERIFY_RATE = {"ip": (int(env("CERTIFICATE_VERIFIES_PER_IP", "60")), 60)}

from .sms import *  # noqa: E402, F403
