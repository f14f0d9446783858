"""What several browser tests share: signing in through the form, and the people they sign in
as. All data are fictitious."""

from __future__ import annotations

import re
from datetime import date

# Debian's Chromium (never `playwright install`) and its flags, for the browser tests and the
# screenshot scripts (scripts/screenshots.py, scripts/help_screenshots.py).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PASSWORD = "motdepasse-de-test"  # tests.factories.UserFactory's
# The demo's accounts (reperes/demo: fictitious, public password).
DEMO_PASSWORD = "reperes-demo-2026"
DEMO_AGENT = "agent.pas-de-calais@demo.reperes.example"  # the Pas-de-Calais agent
DEMO_DROME_AGENT = "agent.drome@demo.reperes.example"
PHONE_WIDTH = 390
# Where a funder agent or a service director lands: « Bonjour … » (reperes/home).
HOME = re.compile("Bonjour")
# Where an educator lands: the « Terrain » home (reperes/home/views.py).
TERRAIN = re.compile("^Terrain")


def sign_in(page, base: str, email: str, *, password: str = PASSWORD, lands_on=HOME) -> None:
    """Sign in through the form, then wait for the heading of the page the role lands on."""
    page.goto(f"{base}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name=lands_on).wait_for()


def horizon_director():
    """The director of « SPS Horizon », run by the « Association Horizon »."""
    from tests.factories import OrganisationFactory, ServiceFactory, UserFactory

    operator = OrganisationFactory(kind="association", name="Association Horizon")
    service = ServiceFactory(name="SPS Horizon", operator=operator)
    return UserFactory(
        email="direction@horizon.test",
        full_name="Direction Horizon",
        role="service_director",
        organisation=operator,
        service=service,
    )


def educator():
    """An educator of « SPS Fictif » with their staff record, and a quartier of the sector they
    work in: ``(user, staff, quartier)``."""
    from reperes.partners.models import Quartier, Sector
    from tests.factories import CommuneFactory, OrganisationFactory, ServiceFactory, UserFactory
    from tests.people.factories import StaffMemberFactory

    operator = OrganisationFactory(kind="association", name="Association Fictive")
    service = ServiceFactory(name="SPS Fictif", operator=operator)
    commune = CommuneFactory(name="Commune Fictive")
    service.communes.add(commune)
    quartier = Quartier.objects.create(commune=commune, name="Quartier des Tilleuls")
    Sector.objects.create(service=service, commune=commune).quartiers.add(quartier)
    user = UserFactory(
        email="educatrice@exemple.test",
        full_name="Éducatrice Fictive",
        role="educator",
        organisation=operator,
        service=service,
    )
    staff = StaffMemberFactory(service=service, account=user, arrival=date(2020, 1, 6))
    return user, staff, quartier
