"""The comité de pilotage's agenda lists the fiches-actions of its meeting's year (seed 003:
the comité « détermine annuellement les thèmes de coopération »), for the readers of the
convention (registered with ``reperes.governance.agenda`` in ``apps.py``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from reperes.governance.agenda import AgendaItem
from reperes.governance.enums import BodyKind

from .models import ThemeSheet


def sheets_on_agenda(meeting: Any, user: Any) -> list[AgendaItem]:
    if meeting.body.kind != BodyKind.COMITE_PILOTAGE:
        return []
    sheets = ThemeSheet.objects.visible_to(user).filter(
        convention=meeting.body.convention_id, year=meeting.day.year
    )
    return [
        AgendaItem(
            heading=f"Fiches-actions {meeting.day.year} à examiner",
            label=sheet.theme,
            url=reverse("territory:sheet", args=[sheet.pk]),
            note=f"{sheet.actions.count()} action(s), {sheet.indicators.count()} indicateur(s)",
        )
        for sheet in sheets.order_by("theme")
    ]
