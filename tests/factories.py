from __future__ import annotations

from datetime import date

import factory

from reperes.accounts.models import User
from reperes.conventions.models import Convention, ConventionTemplate, Party
from reperes.partners.models import Commune, Organisation, Service


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    # Fictitious départements 96 to 99, 1 000 communes each: a long test session creates
    # more than a thousand communes, and the code must stay five characters.
    insee_code = factory.Sequence(lambda n: f"{99 - (n // 1000) % 4}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement_code = factory.LazyAttribute(lambda o: o.insee_code[:2])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "association"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"SPS {n}")
    operator = factory.SubFactory(OrganisationFactory)


class ServiceRecordFactory(factory.django.DjangoModelFactory):
    """A record kept by one service (a youth, a session, a staff member…): a new service is
    made for it unless one is given."""

    class Meta:
        abstract = True

    service = factory.SubFactory(ServiceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    full_name = factory.Sequence(lambda n: f"Personne Fictive {n}")
    role = "funder_agent"
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("motdepasse-de-test")


class ConventionTemplateFactory(factory.django.DjangoModelFactory):
    """A model convention of a Département, fixed-term; ``yearly=True`` renews it tacitly
    every year."""

    class Meta:
        model = ConventionTemplate

    title = "Modèle"
    owner = factory.SubFactory(OrganisationFactory, kind="departement")
    period_kind = "fixed"

    class Params:
        yearly = factory.Trait(period_kind="tacit_renewal", term_value=1, term_unit="years")


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention

    title = factory.Sequence(lambda n: f"Convention {n}")
    period_kind = "fixed"
    starts_on = date(2023, 1, 1)
    ends_on = date(2025, 12, 31)
    is_signed = True

    class Params:
        draft = factory.Trait(is_signed=False)
        # Applies from its signature, whose date the text does not give.
        at_signature = factory.Trait(starts_on=None, starts_at_signature=True)
        tacit = factory.Trait(
            period_kind="tacit_renewal",
            ends_on=None,
            term_value=1,
            term_unit="years",
            withdrawal_notice_value=6,
            withdrawal_notice_unit="months",
            termination_delay_value=1,
            termination_delay_unit="months",
            delays_extendable=False,
        )


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    convention = factory.SubFactory(ConventionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "partner"


def make_clause(holder, kind, key, article="", /, *, valid_from=None, valid_until=None, **params):
    """A typed clause of a convention (or of a model convention), its parameters cleaned by the
    catalogue as the set-up form would (a test clause with a typo fails here, not silently).
    The first four arguments are positional: a clause's parameters may be called ``owner``."""
    from reperes.conventions import catalogue
    from reperes.conventions.models import Clause, ConventionTemplate

    cleaned, errors = catalogue.clean(kind, params)
    assert not errors, errors
    field = "template" if isinstance(holder, ConventionTemplate) else "convention"
    return Clause.objects.create(
        **{field: holder},
        kind=kind,
        key=key,
        article=article,
        params=cleaned,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def make_data_protection_clause(holder, article="art. 9", /, **params):
    """The data-protection clause (seed 001 art. 9) of a convention: nominative records, a
    breach told to the pilot within 24 hours, records destroyed at the end, unless ``params``
    says otherwise."""
    defaults = {"nominative": True, "breach_hours": 24, "breach_to": "pilot", "end": "destroy"}
    return make_clause(holder, "data_protection", "donnees", article, **(defaults | params))


def make_evaluation_clause(holder):
    """Seed 001 art. 8.3: an external evaluation every 5 years, the last one 2 years before the
    end, the operator's to commission."""
    return make_clause(
        holder,
        "evaluation",
        "evaluation",
        "art. 8.3",
        every_years=5,
        years_before_end=2,
        owner="operator",
    )
