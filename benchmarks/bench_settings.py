"""Settings of the publication benchmarks (``publication_view.py``): the test settings, with
the demo's publications, the database queue of production (a ``db_worker`` started by the
script makes the files) and the files kept in one folder that the worker and the web side
share (``REPERES_BENCH_FILES``)."""

import os
import tempfile

from reperes.settings.test import *  # noqa: F403
from reperes.settings.test import STORAGES

REPERES_DEMO_PUBLICATIONS = True
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
STORAGES["default"]["OPTIONS"]["location"] = os.environ.setdefault(
    "REPERES_BENCH_FILES", tempfile.mkdtemp(prefix="reperes-bench-files-")
)
