"""Simpul settings. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SIMPUL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("SIMPUL_PRODUCTION", False):
        raise RuntimeError("SECRET_KEY must be set in production")
    SECRET_KEY = "simpul-demo-insecure-key-change-me-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "simpul.core",
    "simpul.regions",
    "simpul.coops",
    "simpul.ledger",
    "simpul.members",
    "simpul.mart",
    "simpul.jointbuy",
    "simpul.needs",
    "simpul.potential",
    "simpul.monitoring",
    "simpul.rat",
    "simpul.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "simpul.core.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the body (CSRF reads it only in process_view), after the headers every page gets.
    "simpul.core.uploads.RequestSizeLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simpul.coops.middleware.ActiveRoleMiddleware",
    "simpul.core.sessions.IdleSessionMiddleware",  # after ActiveRoleMiddleware: staff and members differ
    "simpul.core.middleware.RefuseControlCharactersMiddleware",
    "simpul.core.middleware.NoStoreMiddleware",
    "simpul.core.middleware.ApplicationErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "simpul.urls"
WSGI_APPLICATION = "simpul.wsgi.application"
ASGI_APPLICATION = "simpul.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "simpul" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "simpul.coops.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n", "simpul.core.templatetags.simpul"],
        },
    },
]

# SQLite (WAL) by default for the one-command demo; DATABASE_URL names PostgreSQL in production and CI.
DEFAULT_SQLITE_PATH = VAR_DIR / "simpul.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The posting paths' lean SQL (simpul/core/lean_sql.py) runs on server-binding cursors: a statement sent five
    # times on a connection is prepared, parsed and planned once. The ORM's own cursors bind on the client and
    # are never prepared. PgBouncer in transaction mode needs max_prepared_statements set (docs/deploy.md).
    prepare_threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")  # "off": never prepare
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        int(prepare_threshold) if prepare_threshold.isdigit() else None
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "simpul.core.auth.PhoneOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:landing"

# Login throttling (simpul/core/login_throttle.py): within 15 minutes, 5 failures lock the account (every spelling
# of one login is one account) and, apart, 20 failures from one client address lock that address (password
# spraying). A reset link works while locked and lifts the account's lock.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
SIMPUL_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIMPUL_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "simpul.core.login_throttle.LoginThrottleHandler"
AXES_USERNAME_FORM_FIELD = "username"
# The account a login names ("user:<id>"), whatever its spelling: 0812…, +62812… and the e-mail are one.
AXES_USERNAME_CALLABLE = "simpul.core.auth.axes_username"
AXES_CLIENT_IP_CALLABLE = "simpul.core.network.client_address"
AXES_LOCKOUT_CALLABLE = "simpul.core.views_account.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# How many reverse proxies in front of the app append to X-Forwarded-For (docs/deploy.md: 1 behind the TLS proxy).
# 0: the client is REMOTE_ADDR and X-Forwarded-For is ignored. Never more than there really are.
SIMPUL_TRUSTED_PROXIES = int(os.environ.get("SIMPUL_TRUSTED_PROXIES", "0"))
# Reset links: at most this many requests per account and per client address an hour (more get the same answer
# and no e-mail).
SIMPUL_PASSWORD_RESET_PER_ACCOUNT = int(os.environ.get("SIMPUL_PASSWORD_RESET_PER_ACCOUNT", "3"))
SIMPUL_PASSWORD_RESET_PER_ADDRESS = int(os.environ.get("SIMPUL_PASSWORD_RESET_PER_ADDRESS", "10"))

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "simpul" / "locale"]
LANGUAGE_COOKIE_NAME = "simpul_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [BASE_DIR / "simpul" / "static"]
# The npm packages' files that pages load (simpul/core/static_vendor.py): only these, not whole dist folders.
VENDOR_FILES = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist", ["htmx.min.js"]),
    ("vendor/alpinejs", NODE_MODULES / "@alpinejs" / "csp" / "dist", ["cdn.min.js"]),
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css", ["pico.red.min.css"]),
    # Loaded only by the pages that draw a chart or a map.
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist", ["chart.umd.min.js", "chart.umd.min.js.map"]),
    (
        "vendor/leaflet",
        NODE_MODULES / "leaflet" / "dist",
        ["leaflet.js", "leaflet.js.map", "leaflet.css", "images/*.png"],
    ),
    # The mart's point of sale: IndexedDB (the offline outbox and snapshot) and the QRIS QR code.
    ("vendor/idb", NODE_MODULES / "idb" / "build", ["umd.js"]),
    ("vendor/qrcode-generator", NODE_MODULES / "qrcode-generator" / "dist", ["qrcode.js"]),
    # The till's camera where the browser has no BarcodeDetector: loaded only when the kasir first taps "Camera".
    ("vendor/zxing", NODE_MODULES / "@zxing" / "library" / "umd", ["index.min.js"]),
]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "simpul.core.static_vendor.VendorFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
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
WHITENOISE_USE_FINDERS = DEBUG
# Source maps (vendor/chartjs, vendor/leaflet, htmx …) are read by a developer's browser tools only: left
# uncompressed, collectstatic spends its time on the files pages load.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Request bodies past these sizes are answered 413 before they are read (simpul/core/uploads.py): a file upload
# (multipart) may carry one 5 MB file and its form; any other body (JSON) the larger DATA_UPLOAD_MAX_MEMORY_SIZE.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024 + 64 * 1024
REQUEST_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE

# Member import (simpul/members/imports/limits.py): limits checked before and while a file is read.
MEMBER_IMPORT_MAX_BYTES = 5 * 1024 * 1024  # the file as uploaded
MEMBER_IMPORT_MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # an .xlsx's zip members together; 5,000 rows take ~3 MB
MEMBER_IMPORT_MAX_ROWS = 5_000  # member rows
MEMBER_IMPORT_MAX_SHEET_ROWS = 10_000  # rows of a sheet or CSV file, empty rows included
MEMBER_IMPORT_MAX_COLUMNS = 50
MEMBER_IMPORT_MAX_CELL_CHARS = 1_000
MEMBER_IMPORT_MAX_SECONDS = 120  # reading and checking one file, in the task worker
# Files with more to read than this (unpacked, for a workbook) are read by the task worker, not in the request;
# imports of more rows than this are registered by the task worker.
MEMBER_IMPORT_SYNC_MAX_BYTES = 64 * 1024  # about 600 CSV or 100 .xlsx rows: ~2.5 ms a row to check
MEMBER_IMPORT_SYNC_MAX_ROWS = 200

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background jobs: one task API; the database backend by default, RQ over Redis in production.
if os.environ.get("TASKS_BACKEND") == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
TASKS = {
    "default": (
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        if os.environ.get("TASKS_BACKEND") == "rq"
        else {"BACKEND": "django_tasks_db.DatabaseBackend"}
    )
}
RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}

# Mail: files in var/outbox for the demo (no mail server); SMTP in production or when EMAIL_HOST is set.
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
        if os.environ.get("EMAIL_HOST") or env_bool("SIMPUL_PRODUCTION", False)
        else {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "outbox")},
        }
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Simpul <noreply@simpul.local>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Map tiles behind the Dinas map, e.g. "https://tile.openstreetmap.org/{z}/{x}/{y}.png". Empty (the default): no
# tiles are fetched, the map shows its points on a plain background (a village office may have no internet).
SIMPUL_MAP_TILES_URL = os.environ.get("SIMPUL_MAP_TILES_URL", "")
SIMPUL_MAP_TILES_ATTRIBUTION = os.environ.get("SIMPUL_MAP_TILES_ATTRIBUTION", "© OpenStreetMap")
# The tiles' own host for the CSP ("https://{s}.tile.example.org/…" → "https://*.tile.example.org").
MAP_TILES_SOURCE = ["/".join(SIMPUL_MAP_TILES_URL.split("/")[:3]).replace("{s}", "*")] if SIMPUL_MAP_TILES_URL else []

# Security headers. HTTPS-only settings switch on with SIMPUL_PRODUCTION=1 (behind TLS).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "https://*.tile.openstreetmap.org", *MAP_TILES_SOURCE],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "simpul.core.session_store"  # Django's database sessions, read in lean SQL
# Sessions end at their absolute age and after an idle time (simpul/core/sessions.py), whichever comes first.
SESSION_COOKIE_AGE = int(os.environ.get("SIMPUL_SESSION_MAX_AGE_SECONDS", str(14 * 24 * 3600)))
SIMPUL_SESSION_IDLE_SECONDS = int(os.environ.get("SIMPUL_SESSION_IDLE_SECONDS", str(8 * 3600)))
SIMPUL_SESSION_IDLE_SECONDS_MEMBERS = int(
    os.environ.get("SIMPUL_SESSION_IDLE_SECONDS_MEMBERS", str(SIMPUL_SESSION_IDLE_SECONDS))
)
CSRF_COOKIE_HTTPONLY = False
if env_bool("SIMPUL_PRODUCTION", False):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# The key that signs the books' chain heads published to networks and Dinas offices (simpul/ledger/services/
# heads.py). Keep it outside the database (an environment variable): someone who can rewrite the database but does
# not hold it cannot forge a published head. Defaults to one derived from SECRET_KEY.
SIMPUL_BOOKS_SIGNING_KEY = os.environ.get("SIMPUL_BOOKS_SIGNING_KEY", "")
