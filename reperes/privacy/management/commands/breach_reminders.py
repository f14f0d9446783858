"""Reminders of the breach clocks (run hourly: cron or systemd timer).

manage.py breach_reminders
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from reperes.privacy.breaches import send_reminders


class Command(BaseCommand):
    help = "Rappelle les notifications de violations de données dont l'échéance approche."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
