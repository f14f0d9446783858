"""Reminders of the breach clocks (run hourly: cron or systemd timer).

manage.py breach_reminders
"""

from __future__ import annotations

from reperes.privacy.breaches import send_reminders

from ._base import RemindersCommand


class Command(RemindersCommand):
    help = "Rappelle les notifications de violations de données dont l'échéance approche."

    def send(self) -> int:
        return send_reminders()
