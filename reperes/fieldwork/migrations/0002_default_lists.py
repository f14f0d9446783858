"""The default lists of problems and responses (seed 004 art. 2; seed 001 référentiel)."""

from django.db import migrations

from reperes.fieldwork.enums import DEFAULT_PROBLEMS, DEFAULT_RESPONSES


def create_defaults(apps, schema_editor):
    ChoiceItem = apps.get_model("fieldwork", "ChoiceItem")
    for kind, labels in (("problem", DEFAULT_PROBLEMS), ("response", DEFAULT_RESPONSES)):
        for order, label in enumerate(labels):
            ChoiceItem.objects.get_or_create(
                kind=kind, convention=None, label=label, defaults={"order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
