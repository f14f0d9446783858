"""The article as written is an ``Article``; ``Clause`` becomes the typed clause (GLOSSARY)."""

import django.db.models.deletion
from django.db import migrations, models

OLD, NEW = "conventions_clause", "conventions_article"


def rename_leftovers(apps, schema_editor):
    """PostgreSQL keeps the renamed table's index, constraint and sequence names: rename those
    that still say « clause », so that the new ``Clause`` table can use its own names."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
            "AND c.relkind IN ('i', 'S') AND c.relname LIKE %s",
            [OLD + "%"],
        )
        for name, kind in cursor.fetchall():
            new = NEW + name[len(OLD) :]
            if kind == "i":
                # An index that backs a constraint (the primary key) is renamed with it.
                cursor.execute("SELECT conname FROM pg_constraint WHERE conname = %s", [name])
                what = "INDEX"
                if cursor.fetchone():
                    cursor.execute(f'ALTER TABLE "{NEW}" RENAME CONSTRAINT "{name}" TO "{new}"')
                    continue
            else:
                what = "SEQUENCE"
            cursor.execute(f'ALTER {what} "{name}" RENAME TO "{new}"')


class Migration(migrations.Migration):
    dependencies = [("conventions", "0004_operator_consent")]

    operations = [
        migrations.RemoveConstraint(model_name="clause", name="clause_has_one_owner"),
        migrations.RenameModel(old_name="Clause", new_name="Article"),
        migrations.RunPython(rename_leftovers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="convention",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="articles",
                to="conventions.convention",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="template",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="articles",
                to="conventions.conventiontemplate",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("convention__isnull", False), ("template__isnull", False), _connector="XOR"
                ),
                name="article_has_one_owner",
                violation_error_message="Un article appartient soit à une convention, soit à une convention type.",
            ),
        ),
    ]
