"""Walk the chains of the audit log and the access log (``reperes.core.logs``) and say whether
they are intact; exit status 1 at the first broken link. Each run is recorded in the audit log
(action ``journal.verification``) so the last verification can be shown.

manage.py verify_logs

It lives in ``privacy`` (the DPO's desk shows its last run), above the field work whose access
log it walks; ``core`` keeps the chaining itself (``core.logs``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reperes.core.logs import verify
from reperes.core.models import AuditEntry, audit
from reperes.fieldwork.models import AccessLogEntry

VERIFICATION_ACTION = "journal.verification"


class Command(BaseCommand):
    help = "Vérifie l'intégrité des journaux d'audit et des accès (chaînage des condensats)."

    def handle(self, *args: Any, **options: Any) -> None:
        verdicts = [verify(AuditEntry), verify(AccessLogEntry)]
        lines = []
        for verdict in verdicts:
            title = verdict.chain.name
            name = {"audit": "Journal d'audit", "access": "Journal des accès"}[title]
            if verdict.broken is None:
                lines.append(f"{name} : intègre ({verdict.count} entrée(s)).")
            else:
                at = timezone.localtime(verdict.broken.at)
                lines.append(
                    f"{name} : ROMPU à l'entrée n° {verdict.broken.entry_id} du "
                    f"{at:%d/%m/%Y à %H:%M:%S} — {verdict.broken.reason} "
                    f"({verdict.count - 1} entrée(s) intègres avant elle)."
                )
        intact = all(v.broken is None for v in verdicts)
        with transaction.atomic():
            audit(
                None,
                VERIFICATION_ACTION,
                summary="Journaux intègres" if intact else "Journal rompu",
                intact=intact,
                logs={
                    v.chain.name: {
                        "count": v.count,
                        "broken_id": v.broken.entry_id if v.broken else None,
                    }
                    for v in verdicts
                },
            )
        report = "\n".join(lines)
        if not intact:
            raise CommandError(report)
        self.stdout.write(report)
