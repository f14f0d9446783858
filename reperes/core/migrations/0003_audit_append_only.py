"""On PostgreSQL, the audit log refuses UPDATE and DELETE in the database itself, outside a
purge (``reperes.core.logs``)."""

from django.db import migrations

from reperes.core.logs import (
    APPEND_ONLY_FUNCTION,
    DROP_APPEND_ONLY_FUNCTION,
    append_only_trigger,
    run_on_postgresql,
)

CREATE_TRIGGER, DROP_TRIGGER = append_only_trigger("core_auditentry")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_log_chain"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgresql(APPEND_ONLY_FUNCTION, CREATE_TRIGGER),
            run_on_postgresql(DROP_TRIGGER, DROP_APPEND_ONLY_FUNCTION),
        ),
    ]
