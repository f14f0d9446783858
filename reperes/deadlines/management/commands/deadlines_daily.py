"""Daily job (cron or systemd timer): generate the dated obligations, then send reminders.

manage.py deadlines_daily              # today
manage.py deadlines_daily --today 2026-04-15
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reperes.deadlines.actions import generate_all, send_reminders


class Command(BaseCommand):
    help = "Génère les échéances des conventions et envoie les rappels du jour."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Date du jour à simuler (AAAA-MM-JJ).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError("Date invalide : utilisez le format AAAA-MM-JJ.") from exc
        created = generate_all(today)
        sent = send_reminders(today)
        self.stdout.write(
            f"{created} échéance(s) créée(s), {sent} rappel(s) envoyé(s) au {today:%d/%m/%Y}."
        )
