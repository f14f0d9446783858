"""The Metz observatory of the demo: loaded through the import actions, twice without change."""

from __future__ import annotations

import pytest

from reperes.demo.build import observatory as demo
from reperes.observatory import published
from reperes.observatory.models import Dashboard, Series, Value, Zone, ZonePopulation
from reperes.observatory.protection import MERGED

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_the_same():
    from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory

    caf = OrganisationFactory(kind="caf", name=demo.PUBLISHER)
    convention = ConventionFactory(short_title=demo.CONVENTION)
    PartyFactory(convention=convention, organisation=caf, role="pilot", order=0)
    demo.load()
    counts = [m.objects.count() for m in (Zone, ZonePopulation, Series, Value, Dashboard)]
    demo.load()
    assert [m.objects.count() for m in (Zone, ZonePopulation, Series, Value, Dashboard)] == counts
    assert counts == [7, 14, 2, 24, 1]
    assert Zone.objects.filter(geometry__isnull=False).count() == 6
    dashboard = Dashboard.objects.get()
    assert dashboard.items.count() == 2
    rsa = Series.objects.get(name="Allocataires du RSA")
    status = published.protected(rsa).status
    assert status["574630103"] == status["574630202"] == MERGED
    rate = published.protected(Series.objects.get(name="Part des familles monoparentales"))
    # A rate cannot be summed: its small zones are withheld, and a rate on 4 families too.
    assert rate.status["574630103"] == "secret"
    gare = rate.table.rows.index("Centre — Gare (démo)")
    assert rate.table.cells[gare] == (21, "s")
    cathedrale = rate.table.cells[rate.table.rows.index("Centre — Cathédrale (démo)")]
    assert [str(v) for v in cathedrale] == ["18.5", "19.2"]  # not « 18,5000 »
