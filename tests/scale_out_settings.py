"""Production settings for the two-instance test (tests/test_scale_out.py), except the static
files: served from the apps' folders instead of a collectstatic run (two minutes of
compression; tests/test_serving.py checks the production static files)."""

from reperes.settings.production import *  # noqa: F403
from reperes.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
