"""The requests of restitution or destruction at the end of a convention (run daily: cron or
systemd timer).

manage.py end_of_conventions
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reperes.privacy.destruction import detect


class Command(BaseCommand):
    help = (
        "Ouvre une demande de restitution ou de destruction des données pour chaque convention "
        "terminée sans convention qui lui succède pour le service."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = detect()
        for destruction in created:
            self.stdout.write(
                f"  {destruction.service.name} — fin le {destruction.ended_on:%d/%m/%Y}"
            )
        self.stdout.write(f"{len(created)} demande(s) ouverte(s).")
