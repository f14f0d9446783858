"""``manage.py backup --output DIR --keys-output FILE``: reperes/privacy/backup.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reperes.privacy.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base et les documents dans un dossier, et les clés de chiffrement dans "
        "un fichier à part, à conserver ailleurs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", required=True, type=Path, help="dossier de sauvegarde (vide)"
        )
        parser.add_argument(
            "--keys-output",
            required=True,
            type=Path,
            help="fichier des clés, hors du dossier de sauvegarde (mode 600)",
        )

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
