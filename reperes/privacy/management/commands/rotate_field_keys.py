"""``manage.py rotate_field_keys [--check]``: re-encrypt every encrypted field under the first
key of REPERES_FIELD_KEYS (see reperes/privacy/rotation.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from reperes.core.models import audit
from reperes.privacy.rotation import BATCH_SIZE, RotationError, rotate_field_keys

from ._base import OptionsCommand, flag


class Command(OptionsCommand):
    help = (
        "Re-chiffre les données nominatives sous la première clé de REPERES_FIELD_KEYS "
        "(en une transaction). Avec --check : compte les valeurs qui ne le sont pas encore."
    )

    arguments = {
        "--check": flag("Ne modifie rien ; échoue s'il reste des valeurs sous une ancienne clé."),
        "--batch-size": {"type": int, "default": BATCH_SIZE},
    }

    def handle(self, *args: Any, check: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size doit être un entier positif.")
        try:
            with transaction.atomic():
                report = rotate_field_keys(check=check, batch_size=batch_size)
                if not check:
                    # Counts only: which values, never a value.
                    audit(
                        None,
                        "privacy.rotate_field_keys",
                        summary=f"{report.total_stale} valeur(s) re-chiffrée(s) sous la clé "
                        "la plus récente",
                        values=report.total,
                        rotated=report.total_stale,
                    )
        except RotationError as error:
            raise CommandError(str(error)) from error

        for key, count in report.values.items():
            self.stdout.write(
                f"  {key} : {count} valeur(s), {report.stale[key]} sous une ancienne clé"
            )
        if check:
            unreadable = sum(report.unreadable.values())
            if unreadable:
                raise CommandError(
                    f"{unreadable} valeur(s) illisibles avec les clés configurées "
                    f"({', '.join(sorted(report.unreadable))})."
                )
            if report.total_stale:
                raise CommandError(
                    f"{report.total_stale} valeur(s) sur {report.total} ne sont pas encore "
                    "chiffrées sous la clé la plus récente : lancez rotate_field_keys."
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Les {report.total} valeur(s) chiffrées sont sous la clé la plus récente."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.total_stale} valeur(s) re-chiffrée(s) sur {report.total} ; "
                "les anciennes clés peuvent être retirées de REPERES_FIELD_KEYS."
            )
        )
