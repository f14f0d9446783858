"""The CAF's dashboard of Metz by IRIS: the Leaflet map draws the imported contours (the demo's
test GeoJSON, non-official geometry) on a blank background, the withheld zones hatched with the
legend « s — secret statistique », with the chart and the comment. Screenshots and the PDF (as
images) go to /tmp/shots/observatory_*."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def _world():
    from reperes.demo.build.observatory import CONTOURS, RSA, ZONES
    from reperes.observatory import actions
    from reperes.observatory.enums import ZoneLevel
    from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory, UserFactory

    caf = OrganisationFactory(kind="caf", name="CAF de la Moselle")
    ville = OrganisationFactory(kind="commune", name="Ville de Metz")
    convention = ConventionFactory(title="Protocole global de Metz")
    PartyFactory(convention=convention, organisation=caf, role="pilot", order=0)
    PartyFactory(convention=convention, organisation=ville, role="co_funder", order=1)
    agent = UserFactory(email="agent@caf.test", role="funder_agent", organisation=caf)
    UserFactory(email="agent@ville.test", role="funder_agent", organisation=ville)
    actions.import_zones("zones.csv", ZONES.encode("utf-8"))
    actions.import_contours(Path(CONTOURS).read_bytes(), ZoneLevel.IRIS, "test")
    series = actions.create_series(
        agent,
        convention=convention,
        name="Allocataires du RSA",
        definition="Foyers allocataires du RSA au 31 décembre.",
        source="CAF (données de test)",
        unit="allocataires",
        level=ZoneLevel.IRIS,
    )
    actions.import_values(series, "rsa.csv", RSA.encode("utf-8"))
    dashboard = actions.create_dashboard(agent, convention=convention, title="Observatoire de Metz")
    actions.add_item(dashboard, series, "Le RSA se concentre à Borny et à la Patrotte.", 2023)
    return dashboard


def test_the_partner_reads_the_dashboard_map(live_server, page, settings):
    settings.REPERES_REQUIRE_SECOND_FACTOR = False
    dashboard = _world()
    sign_in(page, live_server.url, "agent@ville.test")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/observatoire/tableaux/{dashboard.pk}/")
    page.get_by_role("heading", name="Observatoire de Metz").wait_for()
    the_map = page.locator("#carte-0")
    the_map.locator("path.leaflet-interactive").first.wait_for()
    assert the_map.locator("path.leaflet-interactive").count() == 6
    assert the_map.locator("path.zone-secret").count() == 4
    assert the_map.locator("path.zone-secret").first.get_attribute("fill") == (
        "url(#hachures-secret)"
    )
    assert the_map.locator("img.leaflet-tile").count() == 0  # no tile server
    assert page.get_by_text("s — secret statistique").is_visible()
    assert page.get_by_text("Le RSA se concentre à Borny et à la Patrotte.").is_visible()
    assert page.get_by_role("img", name=re.compile("Graphique de Allocataires du RSA")).is_visible()
    assert not errors, errors
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "observatory_dashboard.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en PDF pour le comité").click()
    pdf = SHOTS / "observatory_dashboard.pdf"
    download.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", str(pdf), str(SHOTS / "observatory_pdf")], check=True
        )
