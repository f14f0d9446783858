"""Local development and demo: embedded SQLite, demo accounts allowed."""

from reperes.core.env import envbool

from .base import *  # noqa: F403
from .base import REPERES_BLIND_INDEX_KEY, REPERES_FIELD_KEYS, VAR_DIR

# The embedded SQLite database lives in var/: create it on a fresh clone.
VAR_DIR.mkdir(parents=True, exist_ok=True)

# The demo shows the French 404, 403 and 500 pages, as production does; DEBUG=1 in the
# environment brings back Django's debug pages for development.
DEBUG = envbool("DEBUG", False)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Development keys, generated once and kept in var/ (never in the database, never committed).
if not REPERES_FIELD_KEYS or not REPERES_BLIND_INDEX_KEY:
    from reperes.privacy.devkeys import load_or_create

    REPERES_FIELD_KEYS, REPERES_BLIND_INDEX_KEY = load_or_create(VAR_DIR / "dev-keys.json")
