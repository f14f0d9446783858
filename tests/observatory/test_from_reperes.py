"""A series by commune computed from Repères' own records (reporting.indicators.compute over a
commune Scope), published through the same secrecy layer as an imported one."""

from __future__ import annotations

import pytest

from reperes.observatory import actions, published
from reperes.observatory.models import Value

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("client")
def test_youths_met_by_commune_from_the_field_records():
    from tests.factories import (
        ConventionFactory,
        OrganisationFactory,
        PartyFactory,
        ServiceFactory,
        UserFactory,
    )
    from tests.reporting import report_fixture

    service = ServiceFactory(name="SPS A")
    data = report_fixture.build(service, ServiceFactory(name="SPS B"))
    herserange, longwy = data["communes"]
    service.communes.add(herserange, longwy)
    rows = "\n".join(
        f"commune;{c.insee_code};{c.name};;2024;5000;{n}"
        for c, n in ((herserange, 900), (longwy, 400))
    )
    header = "niveau;code;nom;commune;annee;population;allocataires\n"
    actions.import_zones("zones.csv", (header + rows).encode())
    departement = OrganisationFactory(kind="departement")
    convention = ConventionFactory(service=service)
    PartyFactory(convention=convention, organisation=departement, role="pilot", order=0)
    agent = UserFactory(role="funder_agent", organisation=departement)

    series = actions.series_from_reperes(agent, convention, "youths.met", [2024], (service.pk,))
    values = {v.zone.code: v.value for v in Value.objects.filter(series=series)}
    # Persons in relation with the team (Y1 in Herserange, Y2 in Longwy), not street contacts.
    assert values == {herserange.insee_code: 1, longwy.insee_code: 1}
    again = actions.series_from_reperes(agent, convention, "youths.met", [2024], (service.pk,))
    assert again.pk == series.pk
    assert Value.objects.filter(series=series).count() == 2

    table = published.protected(series).table
    assert table.cells[table.rows.index("Longwy")] == ("s",)  # 1 youth: under the threshold
    assert table.cells[table.rows.index(herserange.name)] == ("s",)  # 1 youth too
