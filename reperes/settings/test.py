"""Test settings: fast hashing, in-memory mail, strict templates."""

import tempfile

from django.template import TemplateSyntaxError

from .base import *  # noqa: F403
from .base import TEMPLATES


class UndefinedTemplateVariable(str):
    """``string_if_invalid`` that raises: Django formats it with the variable's name
    (``"%s" in string_if_invalid`` then ``string_if_invalid % name``), so an undefined variable
    stops the rendering, whichever way a template is rendered (views, ``render_to_string``,
    e-mails, the PDFs WeasyPrint prints). ``{% if %}`` and ``{% for %}`` still take an
    undefined variable as empty, as in production."""

    def __mod__(self, name: object) -> str:
        raise TemplateSyntaxError(f"Variable de gabarit non définie : {name}")


DEBUG = False
DEMO_ALLOWED = True
# load_demo without its publications (a minute of linear programming each time): the tests
# that read them turn it on (tests/reporting/test_publication_attack.py).
REPERES_DEMO_PUBLICATIONS = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="reperes-test-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An undefined template variable is a bug: make it fail loudly in every test (one engine, the
# only one: tests/test_strict_harness.py checks both).
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = UndefinedTemplateVariable("%s")
AXES_ENABLED = True
# Background tasks run at once, inside the request that queues them (PDF and spreadsheets of
# publications); tests/reporting/test_publication_files.py runs the database queue and its
# worker (the production path) too.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests move the day, not PostgreSQL's clock: entries written now are purged "years later".
# tests/test_log_app_role.py checks the floor itself.
REPERES_LOG_PURGE_FLOOR_MONTHS = 0
# Serve static files from the apps' folders, as in development (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Fixed test keys (two, to exercise rotation); never used outside tests.
REPERES_FIELD_KEYS = [
    "Wm0zQ2ZkUnVhQnlwVGVzdEtleU9uZS0wMTIzNDU2Nzg=",
    "Wm0zQ2ZkUnVhQnlwVGVzdEtleVR3by0wMTIzNDU2Nzg=",
]
REPERES_BLIND_INDEX_KEY = "test-blind-index-key-not-for-production"
