"""Territory routes in the role × URL matrix (tests/test_permissions.py).

Fiches-actions follow their convention (A): read by its parties' members, written by its
editors. A local diagnostic follows its service (A): read by whoever sees the service's data
(its staff, the Département and the commune through convention A), written by the service's
director and the commune's agents, validated by the funders' agents. Subsidies are exported by
a funder's own agents.
"""

from __future__ import annotations

from typing import Any

from tests.matrix import PERSONAS, allowed, convention_page, convention_write, everyone

SEES_SERVICE_A = {"educator_a", "director_a", "departement_agent", "commune_agent"}
FUNDER_AGENTS = {
    "departement_agent",
    "commune_agent",
    "outsider",
    "draft_funder",
    "ended_funder",
    "refused_funder",
}


def service_a(granted: set[str]) -> dict[str, int]:
    return {p: (200 if p in granted else 403) if p in SEES_SERVICE_A else 404 for p in PERSONAS}


ROUTES = {
    "territory:sheets": ("territory_convention", convention_page()),
    "territory:sheet_create": ("territory_convention", convention_write()),
    "territory:sheet": ("territory_sheet", convention_page()),
    "territory:sheet_update": ("territory_sheet", convention_write()),
    "territory:decide_themes": ("territory_copil_meeting", convention_write()),
    "territory:diagnostics": (None, everyone(200)),
    "territory:diagnostic": ("territory_diagnostic", service_a(SEES_SERVICE_A)),
    "territory:compare": ("territory_diagnostic", service_a(SEES_SERVICE_A)),
    "territory:version": ("territory_version", service_a(SEES_SERVICE_A)),
    "territory:version_create": (
        "territory_diagnostic",
        service_a({"director_a", "commune_agent"}),
    ),
    "territory:version_validate": (
        "territory_version",
        service_a({"departement_agent", "commune_agent"}),
    ),
    "territory:subsidies": (None, allowed(FUNDER_AGENTS, 403)),
    "territory:subsidies_csv": (None, allowed(FUNDER_AGENTS, 403)),
}


def make_targets(world: dict[str, Any]) -> dict[str, Any]:
    from reperes.territory.models import Diagnostic, DiagnosticVersion, ThemeSheet
    from tests.factories import CommuneFactory
    from tests.governance.factories import BodyFactory, MeetingFactory

    convention = world["conventions"]["a"]
    sheet = ThemeSheet.objects.create(convention=convention, theme="Parentalité", year=2024)
    body = BodyFactory(convention=convention, organiser=convention.parties.first())
    meeting = MeetingFactory(body=body)
    commune = CommuneFactory()
    world["orgs"]["commune"].commune = commune
    world["orgs"]["commune"].save()
    diagnostic = Diagnostic.objects.create(service=world["services"]["a"], commune=commune)
    version = DiagnosticVersion.objects.create(diagnostic=diagnostic, number=1, year=2024)
    return {
        "territory_convention": convention.pk,
        "territory_sheet": sheet.pk,
        "territory_copil_meeting": meeting.public_id,
        "territory_diagnostic": diagnostic.pk,
        "territory_version": version.pk,
    }
