"""``manage.py restore --input DIR --keys FILE``: reperes/privacy/backup.py."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from reperes.privacy.backup import BackupError, restore

from ._base import OptionsCommand, required_path


class Command(OptionsCommand):
    help = (
        "Restaure une sauvegarde dans la base et le dossier des documents configurés, puis "
        "vérifie les nombres de lignes et que chaque valeur chiffrée se déchiffre avec les clés."
    )

    arguments = {
        "--input": required_path("dossier de sauvegarde"),
        "--keys": required_path("fichier des clés de la sauvegarde"),
    }

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["input"], options["keys"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restauré : {result['tables']} tables, {result['rows']} lignes ; "
            f"{result['decrypted']} valeurs chiffrées se déchiffrent avec ces clés. "
            "Configurez REPERES_FIELD_KEYS et REPERES_BLIND_INDEX_KEY à partir du fichier de clés."
        )
