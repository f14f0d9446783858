"""On PostgreSQL, the one function through which the application's role purges the logs,
refusing any entry younger than ``REPERES_LOG_PURGE_FLOOR_MONTHS`` (``reperes.core.logs``)."""

from django.conf import settings
from django.db import migrations

from reperes.core.logs import DROP_PURGE_FUNCTION, purge_function, run_on_postgresql


def create(apps, schema_editor):
    run_on_postgresql(purge_function(settings.REPERES_LOG_PURGE_FLOOR_MONTHS))(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_append_only"),
        ("fieldwork", "0008_access_log_append_only"),
    ]

    operations = [
        migrations.RunPython(create, run_on_postgresql(DROP_PURGE_FUNCTION)),
    ]
