"""Local development and demo: embedded SQLite, demo accounts allowed."""

from reperes.core.env import envbool

from .base import *  # noqa: F403

DEBUG = envbool("DEBUG", True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
