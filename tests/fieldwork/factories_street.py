"""Set-up shared by the tests of street sessions, time, collective actions and partners:
service A gets a commune with two quartiers in one sector, and educator A a register entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from reperes.partners.models import Quartier, Sector
from tests.factories import CommuneFactory
from tests.people.factories import StaffMemberFactory


def territory(world: dict[str, Any]) -> dict[str, Any]:
    service = world["services"]["a"]
    commune = CommuneFactory(name="Herserange-Test")
    service.communes.add(commune)
    centre = Quartier.objects.create(commune=commune, name="Centre-Test")
    haut = Quartier.objects.create(commune=commune, name="Haut-Test")
    sector = Sector.objects.create(service=service, commune=commune)
    sector.quartiers.add(haut)
    staff = StaffMemberFactory(
        service=service,
        account=world["users"]["educator_a"],
        display_name="Éducatrice Fictive A",
        arrival=date(2020, 9, 1),
    )
    return {
        "service": service,
        "commune": commune,
        "centre": centre,
        "haut": haut,
        "sector": sector,
        "staff": staff,
    }
