"""Personas and shared fixtures.

Personas (les-emplois / healthchecks style): educator and director of service A, educator of
service B, Département agent, commune agent, outsider (a funder party to nothing shown here);
and the states of consent (reperes.core.access): an educator whose organisation is not service
A's operator though their account names service A, the funder of a draft convention on service
A that its operator has not accepted, the funder of one that has ended, the funder of one that
its operator refused.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartyFactory,
    ServiceFactory,
    UserFactory,
)

# The day access is decided on in the tests (conventions A and B run 2023-2025).
ACCESS_DAY = date(2025, 6, 1)


class _Day:
    def __init__(self, value: date) -> None:
        self.value = value

    def move(self, value: date) -> None:
        self.value = value


@pytest.fixture(autouse=True)
def access_day(monkeypatch):
    """Access follows the conventions in force on a day (``reperes.core.access.today``): no
    test reads the wall clock; a test moves the day with ``access_day.move(date(...))``."""
    day = _Day(ACCESS_DAY)
    monkeypatch.setattr("reperes.core.access.today", lambda: day.value)
    return day


def accept(convention, on=None):
    """Record the operator's acceptance, as its director would (tests only)."""
    convention.operator_decision = "accepted"
    convention.operator_decided_on = on
    convention.operator_decision_org = convention.service.operator
    convention.save()
    return convention


def _consent_personas(service, operator):
    """Three funders with a convention on ``service`` that grants nothing: a draft its
    operator has not accepted, one that has ended, one its operator refused."""
    users, conventions = {}, {}
    for key, name in (
        ("draft", "CAF brouillon"),
        ("ended", "Commune échue"),
        ("refused", "CAF refusée"),
    ):
        funder = OrganisationFactory(kind="caf", name=name)
        extra = {"ends_on": date(2024, 12, 31)}
        convention = ConventionFactory(
            title=f"Convention {name}", service=service, **(extra if key == "ended" else {})
        )
        PartyFactory(convention=convention, organisation=funder, role="pilot", order=0)
        PartyFactory(convention=convention, organisation=operator, role="operator", order=1)
        if key == "ended":
            accept(convention)
        if key == "refused":
            convention.operator_decision = "refused"
            convention.operator_decided_on = date(2024, 2, 1)
            convention.operator_decision_org = operator
            convention.operator_note = "Pas de notre fait"
            convention.save()
        users[f"{key}_funder"] = UserFactory(role="funder_agent", organisation=funder)
        conventions[key] = convention
    return users, conventions


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
    # Both operators have accepted their convention: A and B bind from 2023 to 2025.
    accept(conv_a)
    accept(conv_b)
    consent_users, consent_conventions = _consent_personas(service_a, operator_a)
    foreign = OrganisationFactory(kind="association", name="Association étrangère")
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
        # Names service A on their account, but their organisation does not run it.
        "foreign_educator": UserFactory(role="educator", organisation=foreign, service=service_a),
        **consent_users,
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
        "conventions": {"a": conv_a, "b": conv_b, **consent_conventions},
        "users": users,
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for the module that asks for it, flushed after its last test."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        yield
        call_command("flush", interactive=False, verbosity=0)
