"""A Metz observatory: the CAF publishes a series by IRIS under the protocol it signed with the
Ville, with the populations of the IRIS (two of them under 100 allocataires) and contours."""

from __future__ import annotations

from pathlib import Path

import pytest

from reperes.demo.build.observatory import CONTOURS, ZONES
from reperes.observatory import actions
from reperes.observatory.enums import ValueKind, ZoneLevel
from tests.observatory.factories import rsa_series

CONTOURS_FILE = Path(CONTOURS)


@pytest.fixture
def metz(db):
    from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory, UserFactory

    caf = OrganisationFactory(kind="caf", name="CAF de la Moselle")
    ville = OrganisationFactory(kind="commune", name="Ville de Metz")
    other = OrganisationFactory(kind="caf", name="CAF d'ailleurs")
    convention = ConventionFactory(title="Protocole global de Metz")
    PartyFactory(convention=convention, organisation=caf, role="pilot", order=0)
    PartyFactory(convention=convention, organisation=ville, role="co_funder", order=1)
    actions.import_zones("zones.csv", ZONES.encode("utf-8"))
    actions.import_contours(CONTOURS_FILE.read_bytes(), ZoneLevel.IRIS, "test")
    caf_agent = UserFactory(role="funder_agent", organisation=caf)
    series = rsa_series(caf_agent, convention, kind=ValueKind.COUNT)
    return {
        "convention": convention,
        "series": series,
        "caf_agent": caf_agent,
        "ville_agent": UserFactory(role="funder_agent", organisation=ville),
        "stranger": UserFactory(role="funder_agent", organisation=other),
    }
