"""The retention job (run daily: cron or systemd timer): anonymise the youths' records past
their time and purge the access log past its own (``reperes.privacy.retention``).

manage.py retention [--dry-run]
"""

from __future__ import annotations

from typing import Any

from reperes.core import access
from reperes.privacy import retention

from ._base import OptionsCommand, flag


class Command(OptionsCommand):
    help = (
        "Anonymise les fiches dont la durée de conservation est échue et purge le journal des "
        "accès ; --dry-run compte sans rien changer."
    )

    arguments = {"--dry-run": flag("compter seulement (aucun nom affiché)")}

    def handle(self, *args: Any, **options: Any) -> None:
        day = access.today()
        if options["dry_run"]:
            for service in retention.Service.objects.order_by("pk"):
                youths = retention.due(service, day).count()
                entries = retention.expired_log(service, day).count()
                self.stdout.write(
                    f"Service n° {service.pk} : {youths} fiche(s) à anonymiser, "
                    f"{entries} entrée(s) du journal à purger."
                )
            return
        result = retention.run(day)
        youths = sum(f.youths for f in result.values())
        entries = sum(f.log_entries for f in result.values())
        self.stdout.write(
            f"Conservation au {day:%d/%m/%Y} : {youths} fiche(s) anonymisée(s), "
            f"{entries} entrée(s) du journal des accès purgée(s)."
        )
