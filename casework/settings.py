"""Casework settings: one module, driven by environment variables.

Every variable read here is documented in `.env.example`. Development defaults are safe
only with DEBUG on; without DEBUG a missing secret or host list stops the server at start.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    """Read a yes/no variable; anything but a clear yes or no is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_int(name, default, minimum=0):
    """Read a whole number; a typo or a value below `minimum` is a configuration error, not a silent default."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (see .env.example).")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- HTTPS and security headers ------------------------------------------------------------
# Production defaults are the strict ones; with DEBUG on (`make run`, `make test`, plain http
# on 127.0.0.1) they are off, so that development never redirects to an https that is not
# there. Anything served over plain http without DEBUG (the benchmark) turns them off itself.
HTTPS_BY_DEFAULT = not DEBUG

# The app runs behind a reverse proxy that terminates TLS and tells Django so in a header
# (usually X-Forwarded-Proto: https). Trust it only when that proxy always sets or strips
# it: a client could otherwise claim https itself.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=HTTPS_BY_DEFAULT)
# HSTS: browsers that once saw the site over https refuse plain http for this long. A year,
# with subdomains, is what the browsers' preload list asks for; "preload" in the header is
# only a request, which takes effect once someone submits the domain to that list.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600) if HTTPS_BY_DEFAULT else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS_BY_DEFAULT)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS_BY_DEFAULT)

# Cookies: sent only over https in production, never readable from JavaScript (nothing of
# ours reads them: forms carry the CSRF token in a hidden field), and not sent on requests
# that other sites start. Lax rather than Strict so that a link to the admin in an e-mail
# still arrives signed in; Lax already keeps the cookies off cross-site form posts.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=HTTPS_BY_DEFAULT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=HTTPS_BY_DEFAULT)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
# strict-origin-when-cross-origin: other sites (the map tiles, the sources readers follow)
# learn at most "https://our-host", never a path or query, so neither a reader's search nor
# an admin address leaves the site; over a downgrade to http nothing is sent. It is chosen
# over same-origin because tile providers (OpenStreetMap's usage policy among them) refuse
# tile requests that carry no referrer at all.
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")
# A page we open in a new window (a source's address) gets no handle on ours, and ours none on it.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "incidents",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Ahead of WhiteNoise, so that static files get the policy too (an SVG opened on its own
    # is a document that could run script).
    "incidents.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/ar/... is Arabic, anything else English).
    "casework.i18n.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any admin view reads the query (a NUL would reach the database).
    "incidents.security.StaffQueryMiddleware",
    # After messages (it says why it signed someone out), before OTP (a signed-out user has no device).
    "accounts.middleware.SessionLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "casework.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "casework.wsgi.application"

# The database: a SQLite file in the project unless DATABASE_URL names another.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so that two writers queue
    # behind each other (for up to `timeout` seconds) instead of failing with
    # "database is locked" when the second one tries to upgrade a read lock; WAL lets
    # readers carry on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, not memory, so that threads and the live server get connections of
    # their own and concurrency is tested for real.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds totals, filter counts and rendered claim tables (see incidents.caching). In
# production it must be shared by every web worker, or each one computes them again: the
# database cache (its table is made by a migration) needs no other service. "locmem" keeps it
# in each process, as development and the tests do.
CACHE_TABLE = "casework_cache"
CASEWORK_CACHE = os.environ.get("CASEWORK_CACHE", "locmem" if DEBUG else "database")
if CASEWORK_CACHE not in {"database", "locmem"}:
    raise ImproperlyConfigured(f"CASEWORK_CACHE must be database or locmem; got {CASEWORK_CACHE!r}.")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache" if CASEWORK_CACHE == "database"
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": CACHE_TABLE if CASEWORK_CACHE == "database" else "casework",
        # Entries are small and keyed by content or by the log's version; stale ones are never
        # read again, and culling a third at the limit makes room.
        "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_FREQUENCY": 3},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at the unprefixed addresses, Arabic under /ar/ (casework/urls.py). The address alone
# decides, never the browser's Accept-Language or a cookie, so that a shared link keeps its
# language. Each name is written in its own language, as the language switcher shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Leaflet's own files, from the django-leaflet package (not installed as an app: its admin
# widgets need GDAL, and we only need the library's static files).
LEAFLET_STATIC = Path(importlib.util.find_spec("leaflet").origin).parent / "static"
STATICFILES_DIRS = [BASE_DIR / "static", LEAFLET_STATIC]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# In development WhiteNoise serves straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
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

# Uploaded source documents may be confidential: they live outside the static files and
# outside any public URL, and are served only to staff through a checked view.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
SOURCE_FILE_MAX_BYTES = int(os.environ.get("SOURCE_FILE_MAX_BYTES", str(50 * 1024 * 1024)))
FILE_UPLOAD_PERMISSIONS = 0o640

LOGIN_URL = "admin:login"

# Staff sessions. Every request that carries a session saves it, which moves its expiry on:
# so SESSION_COOKIE_AGE is the idle limit, enforced by the session store itself (an expired
# row loads as an empty session). The absolute limit counts from the moment of signing in,
# stamped in the session and checked by accounts.middleware.SessionLimitMiddleware.
CASEWORK_SESSION_IDLE_MINUTES = env_int("CASEWORK_SESSION_IDLE_MINUTES", 30, minimum=1)
CASEWORK_SESSION_MAX_HOURS = env_int("CASEWORK_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = CASEWORK_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

# Sign-in throttling (accounts.throttle), counted in the database so that every web worker
# sees the same counts: refused after this many failures within the window, per username
# typed (whether or not it names an account) and per client address.
CASEWORK_LOGIN_FAILURES_PER_ACCOUNT = env_int("CASEWORK_LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
CASEWORK_LOGIN_FAILURES_PER_ADDRESS = env_int("CASEWORK_LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
CASEWORK_LOGIN_FAILURE_WINDOW_MINUTES = env_int("CASEWORK_LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
# How many reverse proxies of ours stand in front of the app. 0: the client address is
# REMOTE_ADDR and X-Forwarded-For is ignored. N: the address the outermost of our N proxies
# saw, the N-th entry from the right of X-Forwarded-For; anything left of it is the client's word.
CASEWORK_TRUSTED_PROXY_COUNT = env_int("CASEWORK_TRUSTED_PROXY_COUNT", 0)

# Two-factor authentication (django-otp, TOTP): required of editors and superusers.
OTP_TOTP_ISSUER = "Casework"
# The admin's device pages never show an existing device's secret or QR code again.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Largest spreadsheet the importer accepts, in bytes.
CASEWORK_IMPORT_MAX_BYTES = int(os.environ.get("CASEWORK_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))

# The read-only API: anonymous reads, throttled per address; no writes at all.
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["incidents.api.permissions.ReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("CASEWORK_API_RATE", "120/minute")},
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The throttle's idea of "an address" follows the same proxy setting as sign-in throttling;
    # DRF's default (None) takes X-Forwarded-For on trust, so each forged header got a fresh quota.
    "NUM_PROXIES": CASEWORK_TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casework API",
    "DESCRIPTION": "Read-only access to published cases, their claims, investigations, public sources and history.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# The map on a case page: a tile address with {z}/{x}/{y}, and the credit its provider asks
# for. Empty turns the tiles off; the page then shows the location as text only.
CASEWORK_MAP_TILE_URL = os.environ.get("CASEWORK_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
CASEWORK_MAP_ATTRIBUTION = os.environ.get("CASEWORK_MAP_ATTRIBUTION", "© OpenStreetMap contributors")

# Four-eyes rule: an editor may not decide credible or non-credible on a case they recorded.
CASEWORK_FOUR_EYES = env_bool("CASEWORK_FOUR_EYES", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
