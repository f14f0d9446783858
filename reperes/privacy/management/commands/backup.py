"""``manage.py backup --output DIR --keys-output FILE``: reperes/privacy/backup.py."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from reperes.privacy.backup import BackupError, backup

from ._base import OptionsCommand, required_path


class Command(OptionsCommand):
    help = (
        "Sauvegarde la base et les documents dans un dossier, et les clés de chiffrement dans "
        "un fichier à part, à conserver ailleurs."
    )

    arguments = {
        "--output": required_path("dossier de sauvegarde (vide)"),
        "--keys-output": required_path(
            "fichier des clés, hors du dossier de sauvegarde (mode 600)"
        ),
    }

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["output"], options["keys_output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = manifest["table_counts"]
        self.stdout.write(
            f"Sauvegarde écrite dans {options['output']} : {len(counts)} tables, "
            f"{sum(counts.values())} lignes, {manifest['documents']['count']} documents. "
            f"Clés dans {options['keys_output']} : rangez-les ailleurs que la sauvegarde."
        )
