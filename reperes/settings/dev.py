"""Local development and demo: embedded SQLite, demo accounts allowed."""

from reperes.core.env import envbool

from .base import *  # noqa: F403
from .base import VAR_DIR

# The embedded SQLite database lives in var/: create it on a fresh clone.
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
