"""Settings shared by every environment; values come from the environment (see README)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from reperes.core.env import env, envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env("REPERES_VAR_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")

SECRET_KEY = envsecret("SECRET_KEY", "dev-only-insecure-key-change-me") or ""
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# Demo accounts and synthetic data may only exist where this is true (never in production).
DEMO_ALLOWED = envbool("REPERES_DEMO", True)
# The demo publishes every report of its year under the joint secrecy (about a minute of linear
# programming); the test settings turn it off except for the tests that read publications.
REPERES_DEMO_PUBLICATIONS = envbool("REPERES_DEMO_PUBLICATIONS", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    # Background work (PDF and spreadsheets of publications): the queue is a database table,
    # read by `manage.py db_worker` on any machine (reperes/reporting/publication_files.py).
    "django_tasks",
    "django_tasks_db",
    "reperes.core",
    "reperes.accounts",
    "reperes.partners",
    "reperes.conventions",
    "reperes.money",
    "reperes.people",
    "reperes.governance",
    "reperes.deadlines",
    "reperes.privacy",
    "reperes.fieldwork",
    "reperes.reporting",
    "reperes.observatory",
    "reperes.territory",
    "reperes.help",
    "reperes.demo",
]

MIDDLEWARE = [
    # First, so that the duration it logs covers the whole request (reperes/core/request_log.py).
    "reperes.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reperes.core.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "reperes.core.middleware.LoginRequiredMiddleware",
    "reperes.accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "reperes.urls"
WSGI_APPLICATION = "reperes.wsgi.application"

# Typed as dicts of anything: the test and production settings change entries in them.
TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "reperes" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reperes.core.context_processors.platform",
                "reperes.fieldwork.context_processors.field_work",
            ],
            # French wording everywhere (« 1er avril », « 2 réunions », « d'avril »).
            "builtins": ["reperes.core.templatetags.french"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'reperes.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # An anonymised identity must not linger in the file's freed pages either: SQLite overwrites
    # deleted and replaced content with zeros (a few more writes, nothing for this size).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA secure_delete = ON;"
# A PostgreSQL read replica, when there is one: reports and consolidations computed on a GET
# read it (reperes/core/replica.py); writes and every other read go to the primary. In tests it
# mirrors the primary.
_replica_url = env("DATABASE_REPLICA_URL")
if _replica_url:
    DATABASES["replica"] = {
        **dj_database_url.parse(_replica_url, conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0)),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["reperes.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "reperes.accounts.backends.AccountBackend",
]
# Sign-in through the Département's identity provider (ProConnect or another OpenID Connect
# provider), on when OIDC_RP_CLIENT_ID is set; reperes/accounts/oidc.py says who gets in. The
# endpoints are those of the provider's discovery document (/.well-known/openid-configuration).
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "") or ""
REPERES_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
REPERES_OIDC_PROVIDER_NAME = env("REPERES_OIDC_PROVIDER_NAME", "ProConnect") or "ProConnect"
OIDC_RP_CLIENT_SECRET = envsecret("OIDC_RP_CLIENT_SECRET", "") or ""
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER", "") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "") or ""
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "") or ""
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "") or ""
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256") or "RS256"
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email given_name usual_name siret idp_id") or ""
# ProConnect asks for the level of assurance (acr_values=eidas1).
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": env("OIDC_ACR_VALUES")} if env("OIDC_ACR_VALUES") else {}
)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # never: reperes/accounts/oidc.py links existing accounts only
OIDC_TIMEOUT = envint("OIDC_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
if REPERES_OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_ISSUER",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(
            "OIDC_RP_CLIENT_ID is set: " + ", ".join(_missing) + " must be set too"
        )
    AUTHENTICATION_BACKENDS.append("reperes.accounts.oidc.ProviderBackend")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout after repeated failures (django-axes): 5 failures for one account, whatever the
# addresses, and 5 failures from one address, whatever the accounts (two separate criteria).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success must not wipe an address's failures: one's own account would reset a spraying run.
AXES_RESET_ON_SUCCESS = False
# The client address: X-Forwarded-For is read only from these proxies (addresses or networks,
# comma-separated; none by default). See reperes/accounts/client_ip.py.
REPERES_TRUSTED_PROXIES = envlist("REPERES_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "reperes.accounts.client_ip.client_ip"
# The login form posts the e-mail address in the "username" field (AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Sessions: 30 minutes idle, 12 hours at most since login. A session is written when it
# changes, and an unchanged one is renewed at most once a minute (reperes/core/middleware.py),
# not at every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
REPERES_SESSION_RENEW_SECONDS = envint("REPERES_SESSION_RENEW_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "reperes" / "static",
    # Installed from the npm registry by `make install` (package-lock.json), served by the app.
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/axe-core", BASE_DIR / "node_modules" / "axe-core"),
]
# Uploaded documents (signed conventions, annexes) are private: never served by the web
# server, only through a view that checks who may see them.
_private_media = env("REPERES_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")) or ""
if not _private_media.strip():
    # Path("") is the current directory: the documents would land wherever the process starts.
    raise ImproperlyConfigured(
        "REPERES_PRIVATE_MEDIA_ROOT est vide : indiquez le dossier des documents privés, ou "
        "retirez la variable (var/private par défaut)."
    )
PRIVATE_MEDIA_ROOT = Path(_private_media)
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/documents-prives/"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Documents in S3-compatible object storage when REPERES_S3_BUCKET is set (django-storages),
# on the local disk above otherwise. Private either way: objects are written private and read by
# the application, which serves them through the views that check who may see them; no link to
# the bucket is ever given out.
REPERES_S3_BUCKET = env("REPERES_S3_BUCKET", "") or ""
if REPERES_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": REPERES_S3_BUCKET,
            "endpoint_url": env("REPERES_S3_ENDPOINT_URL") or None,
            "region_name": env("REPERES_S3_REGION") or None,
            "access_key": envsecret("REPERES_S3_ACCESS_KEY_ID") or None,
            "secret_key": envsecret("REPERES_S3_SECRET_ACCESS_KEY") or None,
            "location": env("REPERES_S3_PREFIX", "") or "",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Several application instances share what one process would otherwise keep to itself: with
# REDIS_URL, the cache is Redis and sessions are read from it (written through to the database,
# which stays their reference: a lost Redis loses no session). Without it, each process has its
# own memory cache and sessions are read from the database. Locks are database locks (rows
# locked by the actions, PostgreSQL advisory locks for the logs): shared by every instance.
REDIS_URL = env("REDIS_URL", "") or ""
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("REPERES_CACHE_PREFIX", "reperes") or "reperes",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
# /healthz calls the worker late when a task has waited this long (reperes/core/health.py).
REPERES_WORKER_LATE_SECONDS = envint("REPERES_WORKER_LATE_SECONDS", 300)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_DOCUMENT_SIZE = envint("REPERES_MAX_DOCUMENT_MB", 20) * 1024 * 1024

# Encryption of nominative fields (reperes/core/crypto.py): Fernet keys, newest first, and
# the key of the blind indexes. Kept outside the database; required in production.
REPERES_FIELD_KEYS = envlist("REPERES_FIELD_KEYS", [])
if not REPERES_FIELD_KEYS and envsecret("REPERES_FIELD_KEYS"):
    REPERES_FIELD_KEYS = [
        k.strip() for k in (envsecret("REPERES_FIELD_KEYS") or "").split(",") if k.strip()
    ]
REPERES_BLIND_INDEX_KEY = envsecret("REPERES_BLIND_INDEX_KEY", "") or ""

# Statistical secrecy floor of the platform (BRIEF « Who may do what »; seed 003 « Précisions
# réglementaires »: no cell under 5, no zone under 100). A convention may raise it, never lower
# it; only these settings set it (reperes/core/access.py::effective_secrecy).
REPERES_SECRECY_FLOOR_THRESHOLD = envint("REPERES_SECRECY_FLOOR_THRESHOLD", 5)
REPERES_SECRECY_FLOOR_ZONE = envint("REPERES_SECRECY_FLOOR_ZONE", 100)

# On PostgreSQL, no log entry younger than this can be purged, whatever the caller: the purge
# function the application's role may call refuses it (reperes/core/logs.py, PURGE_FUNCTION).
# Fixed when the migrations run: the CNIL's lower bound for access logs.
REPERES_LOG_PURGE_FLOOR_MONTHS = envint("REPERES_LOG_PURGE_FLOOR_MONTHS", 6)

# Import of a service's accompaniment table (reperes/fieldwork/importing/).
REPERES_IMPORT_MAX_BYTES = envint("REPERES_IMPORT_MAX_MB", 5) * 1024 * 1024
REPERES_IMPORT_MAX_ROWS = envint("REPERES_IMPORT_MAX_ROWS", 5000)

# Second factor (TOTP) for the accounts that can see identities (educators, service
# directors): required under production settings, off elsewhere (reperes/accounts/second_factor.py).
REPERES_REQUIRE_SECOND_FACTOR = envbool("REPERES_REQUIRE_SECOND_FACTOR", False)
OTP_TOTP_ISSUER = "Repères"
# Enrolment needs a single-use activation code issued by the service director or a platform
# admin, valid this many hours.
REPERES_SECOND_FACTOR_ACTIVATION_HOURS = envint("REPERES_SECOND_FACTOR_ACTIVATION_HOURS", 72)
# API tokens expire after this many days (reperes/accounts/tokens.py).
REPERES_API_TOKEN_DAYS = envint("REPERES_API_TOKEN_DAYS", 90)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Repères <ne-pas-repondre@reperes.invalid>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an unauthenticated call gets 401 with a WWW-Authenticate header.
        # Hashed, expiring, revocable tokens, refusing the roles bound to the second factor.
        "reperes.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Repères",
    "DESCRIPTION": "Conventions de prévention spécialisée, partenaires, territoires et services.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The documentation page's Swagger UI from the app's static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DelayUnitEnum": "reperes.conventions.enums.DelayUnit",
        # The convention's domain is « kind » beside other kinds (events, clauses, documents).
        "ConventionKindEnum": "reperes.conventions.enums.ConventionKind",
        # Two choice sets share the field name « category »: keep the staff one's name.
        "CategoryEnum": "reperes.people.enums.StaffCategory",
        "CollectiveCategoryEnum": "reperes.fieldwork.enums.CollectiveCategory",
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Logs never carry personal data: no request bodies, no query strings with identities.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object per line, used by the production settings.
        "json": {"()": "reperes.core.request_log.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools log every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
