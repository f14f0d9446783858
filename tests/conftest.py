"""Personas and shared fixtures.

Personas (les-emplois / healthchecks style): educator and director of service A, educator of
service B, Département agent, commune agent, outsider (a funder party to nothing shown here).
"""

from __future__ import annotations

import pytest

from tests.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
    ServiceFactory,
    UserFactory,
)


@pytest.fixture
def world(db):
    """Two services, one Département, one commune, one outsider, and two conventions:
    A (Département + commune + operator A) and B (Département + operator B)."""
    departement = OrganisationFactory(
        kind="departement", name="Département de Test", departement_code="26"
    )
    commune = OrganisationFactory(kind="commune", name="Commune de Test")
    operator_a = OrganisationFactory(kind="association", name="Association A")
    operator_b = OrganisationFactory(kind="association", name="Association B")
    outsider_org = OrganisationFactory(kind="caf", name="CAF d'ailleurs")
    service_a = ServiceFactory(name="SPS A", operator=operator_a)
    service_b = ServiceFactory(name="SPS B", operator=operator_b)
    conv_a = ConventionFactory(title="Convention A", service=service_a)
    PartyFactory(convention=conv_a, organisation=departement, role="pilot", order=0)
    PartyFactory(convention=conv_a, organisation=commune, role="co_funder", order=1)
    PartyFactory(convention=conv_a, organisation=operator_a, role="operator", order=2)
    conv_b = ConventionFactory(title="Convention B", service=service_b)
    PartyFactory(convention=conv_b, organisation=departement, role="pilot", order=0)
    PartyFactory(convention=conv_b, organisation=operator_b, role="operator", order=1)
    users = {
        "educator_a": UserFactory(role="educator", organisation=operator_a, service=service_a),
        "director_a": UserFactory(
            role="service_director", organisation=operator_a, service=service_a
        ),
        "educator_b": UserFactory(role="educator", organisation=operator_b, service=service_b),
        "departement_agent": UserFactory(role="funder_agent", organisation=departement),
        "commune_agent": UserFactory(role="funder_agent", organisation=commune),
        "outsider": UserFactory(role="funder_agent", organisation=outsider_org),
        "dpo": UserFactory(role="dpo", organisation=departement),
        "platform_admin": UserFactory(
            role="platform_admin",
            organisation=OrganisationFactory(kind="host", name="Hébergeur"),
            is_staff=True,
        ),
    }
    return {
        "orgs": {
            "departement": departement,
            "commune": commune,
            "operator_a": operator_a,
            "operator_b": operator_b,
            "outsider": outsider_org,
        },
        "services": {"a": service_a, "b": service_b},
        "conventions": {"a": conv_a, "b": conv_b},
        "users": users,
    }
