"""Reminders of the deadlines of rights requests (run daily: cron or systemd timer).

manage.py rights_reminders
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reperes.privacy.rights import send_reminders


class Command(BaseCommand):
    help = "Rappelle les demandes d'exercice des droits dont l'échéance approche ou est passée."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
