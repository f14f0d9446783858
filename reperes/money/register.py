"""The staff register, read for the Drôme prorata (seed 004 art. 6: « un état des effectifs
composé des CV des éducateurs présents (date d'arrivée et date de départ) »).

Money may read people; people never imports money. The import is lazy so that the money app
works (and says so) where the register is not available.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from reperes.rules.schedules import StaffSpell


def _people_models() -> Any:
    """The personnel register's models (imported late: money is loaded before people)."""
    from reperes.people import models

    return models


def staff_spells(service_id: int | None, year: int) -> list[StaffSpell] | None:
    """The spells of ``service_id``'s educators that overlap ``year`` and count for presence
    (``reperes.people.rules.presence_spells``: social workers marked as counting)."""
    models = _people_models()
    if service_id is None:
        return []
    from django.db.models import Q

    from reperes.people.rules import presence_spells

    start, end = date(year, 1, 1), date(year, 12, 31)
    members = models.StaffMember.objects.filter(service_id=service_id, arrival__lte=end).filter(
        Q(departure__isnull=True) | Q(departure__gte=start)
    )
    return presence_spells(member.record() for member in members.order_by("arrival", "pk"))


def planned_fte_from_register(service_id: int | None, year: int) -> Decimal | None:
    """Planned FTE of the staff that count for presence, from the staffing table
    (``StaffingLine``), when the schedule does not state it."""
    models = _people_models()
    if service_id is None:
        return None
    lines = models.StaffingLine.objects.filter(service_id=service_id, year=year)
    social = [line for line in lines if line.category == "social_worker"]
    if not social:
        return None
    return sum((Decimal(line.planned_fte) for line in social), Decimal(0))
