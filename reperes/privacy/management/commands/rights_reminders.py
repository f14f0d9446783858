"""Reminders of the deadlines of rights requests (run daily: cron or systemd timer).

manage.py rights_reminders
"""

from __future__ import annotations

from reperes.privacy.rights import send_reminders

from ._base import RemindersCommand


class Command(RemindersCommand):
    help = "Rappelle les demandes d'exercice des droits dont l'échéance approche ou est passée."

    def send(self) -> int:
        return send_reminders()
