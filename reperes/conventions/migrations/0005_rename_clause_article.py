"""The article as written is an ``Article``; ``Clause`` becomes the typed clause (GLOSSARY)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("conventions", "0004_operator_consent")]

    operations = [
        migrations.RemoveConstraint(model_name="clause", name="clause_has_one_owner"),
        migrations.RenameModel(old_name="Clause", new_name="Article"),
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
