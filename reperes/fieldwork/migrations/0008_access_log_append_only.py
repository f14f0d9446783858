"""On PostgreSQL, the access log refuses UPDATE and DELETE in the database itself, outside a
purge; the deletion of a youth may still set ``youth_id`` to NULL (``reperes.core.logs``)."""

from django.db import migrations

from reperes.core.logs import append_only_trigger, run_on_postgresql

CREATE_TRIGGER, DROP_TRIGGER = append_only_trigger("fieldwork_accesslogentry", "youth_id")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_append_only"),
        ("fieldwork", "0007_access_log_chain"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(CREATE_TRIGGER), run_on_postgresql(DROP_TRIGGER)),
    ]
