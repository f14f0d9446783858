"""Production: refuses to start with a default secret, without hosts, or with the demo."""

from django.core.exceptions import ImproperlyConfigured

from reperes.core.env import env, envbool, envint

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATABASES,
    LOGGING,
    REPERES_BLIND_INDEX_KEY,
    REPERES_FIELD_KEYS,
    SECRET_KEY,
)

DEBUG = False
DEMO_ALLOWED = False
# Educators and service directors see identities: a password alone is not enough.
REPERES_REQUIRE_SECOND_FACTOR = True

if not SECRET_KEY or SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50 characters or more")
if not ALLOWED_HOSTS or ALLOWED_HOSTS == ["127.0.0.1", "localhost"]:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the public host names")
if not REPERES_FIELD_KEYS or len(REPERES_BLIND_INDEX_KEY) < 32:
    raise ImproperlyConfigured(
        "REPERES_FIELD_KEYS (Fernet keys) and REPERES_BLIND_INDEX_KEY (32+ characters) must be set"
    )
if envbool("REPERES_DEMO", False):
    raise ImproperlyConfigured("REPERES_DEMO cannot be enabled under production settings")
if not (env("DATABASE_URL") or "").strip():
    # Without it, base settings fall back to a SQLite file in the checkout (development only).
    raise ImproperlyConfigured(
        "DATABASE_URL must name the production database (postgres://user@host:5432/name)"
    )

# Persistent database connections: one per worker, kept a minute and checked before reuse,
# instead of a connection opened and closed at every request (issue 12: p95 229 and 318 ms at
# 50 req/s on the funder's home and convention list with 0; 15 to 33 ms with 60).
for _alias in DATABASES:
    DATABASES[_alias]["CONN_MAX_AGE"] = envint("DATABASE_CONN_MAX_AGE", 60)
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = envbool("DATABASE_CONN_HEALTH_CHECKS", True)

# Logs as one JSON object per line, without personal data (reperes/core/request_log.py).
LOGGING["handlers"]["console"]["formatter"] = "json"

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
# Health probes come from inside (orchestrator, load balancer) over plain HTTP; /healthz holds no
# personal data.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
