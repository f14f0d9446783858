"""Factories of the field-work app. Every per-youth record takes its ``service`` from the
youth, accompaniment or session it hangs on, so ``AccompanimentFactory(youth=y)`` stays in
y's service. All data are fictitious."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory

from reperes.fieldwork import enums
from reperes.fieldwork.models import (
    Accompaniment,
    ChoiceItem,
    CollectiveAction,
    ContactCount,
    Family,
    Intervention,
    Observation,
    ParticipantCount,
    Partner,
    PartnershipAction,
    StreetSession,
    TimeEntry,
    Youth,
)
from tests.factories import ServiceRecordFactory
from tests.people.factories import StaffMemberFactory


class PartnerFactory(ServiceRecordFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = enums.PartnerKind.MISSION_LOCALE
    contact = "accueil@partenaire.test"


class FamilyFactory(ServiceRecordFactory):
    class Meta:
        model = Family

    code = factory.Sequence(lambda n: f"F-{n:04d}")
    known_since = date(2024, 1, 15)

    class Params:
        engaged = factory.Trait(engaged_since=date(2024, 2, 1))


class YouthFactory(ServiceRecordFactory):
    """A youth under pseudonym; ``with_identity=True`` adds a consented identity."""

    class Meta:
        model = Youth

    pseudonym = factory.Sequence(lambda n: f"J-T{n:05d}")
    gender = enums.Gender.GIRL
    birth_year = 2008
    age_band = enums.AgeBand.UNKNOWN
    situation = enums.Situation.SCHOOL
    qualification = enums.Qualification.UNKNOWN
    first_met_on = date(2024, 3, 1)

    class Params:
        with_identity = factory.Trait(
            identity_consent_on=date(2024, 3, 10),
            last_name="Dupontel",
            first_name="Maëlys",
            address="12 rue des Tilleuls, 26000 Valence",
            phone="06 12 34 56 78",
        )
        boy = factory.Trait(gender=enums.Gender.BOY)
        age_unknown = factory.Trait(birth_year=None, age_band=enums.AgeBand.FROM_15)


class AccompanimentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Accompaniment

    youth = factory.SubFactory(YouthFactory)
    service = factory.LazyAttribute(lambda o: o.youth.service)
    started_on = date(2024, 3, 15)
    entry_mode = enums.EntryMode.STREET_WORK
    intensity = enums.Intensity.REGULAR

    class Params:
        closed = factory.Trait(
            ended_on=date(2024, 9, 30), exit_reason=enums.ExitReason.OBJECTIVES_MET
        )


class ChoiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChoiceItem

    kind = enums.ChoiceKind.PROBLEM
    convention = None
    label = factory.Sequence(lambda n: f"Problématique de test {n}")
    order = factory.Sequence(lambda n: 100 + n)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    accompaniment = factory.SubFactory(AccompanimentFactory)
    occurred_on = date(2024, 4, 2)
    kind = enums.InterventionKind.INTERVIEW
    duration_minutes = 45


class StreetSessionFactory(ServiceRecordFactory):
    class Meta:
        model = StreetSession

    kind = enums.SessionKind.STREET_WORK
    date = date(2024, 5, 14)
    duration_minutes = 120


class AnonymousCountFactory(factory.django.DjangoModelFactory):
    """People met or taking part without a record, counted by gender and age band."""

    class Meta:
        abstract = True

    gender = enums.Gender.BOY
    age_band = enums.AgeBand.FROM_15
    count = 3


class ContactCountFactory(AnonymousCountFactory):
    class Meta:
        model = ContactCount

    session = factory.SubFactory(StreetSessionFactory)


class CollectiveActionFactory(ServiceRecordFactory):
    class Meta:
        model = CollectiveAction
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Chantier éducatif {n}")
    category = enums.CollectiveCategory.LEISURE_WORKSITE
    started_on = date(2024, 7, 8)
    ended_on = date(2024, 7, 12)

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class ParticipantCountFactory(AnonymousCountFactory):
    class Meta:
        model = ParticipantCount

    action = factory.SubFactory(CollectiveActionFactory)
    # Girls of 11 to 14 unless told: the tests count boys of the same action beside them.
    gender = enums.Gender.GIRL
    age_band = enums.AgeBand.FROM_11


class PartnershipActionFactory(ServiceRecordFactory):
    class Meta:
        model = PartnershipAction

    date = date(2024, 6, 3)
    title = factory.Sequence(lambda n: f"Réunion partenariale {n}")
    hours = Decimal("2")


class ObservationFactory(ServiceRecordFactory):
    class Meta:
        model = Observation

    observed_on = date(2024, 5, 20)
    topic = enums.ObservationTopic.GATHERINGS
    text = "Regroupements en soirée près du city-stade depuis la fermeture du local jeunes."


class TimeEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeEntry

    staff = factory.SubFactory(StaffMemberFactory)
    day = factory.Sequence(lambda n: date(2024, 1, 1) + timedelta(days=n))
    category = enums.TimeCategory.SOCIAL_PRESENCE
    hours = Decimal("3.5")


def youths_with_identities(service, identities):
    """One youth of ``service`` with a consented identity per (last name, first name, address,
    phone) of ``identities``, in that order."""
    return [
        YouthFactory(
            service=service,
            with_identity=True,
            last_name=last,
            first_name=first,
            address=address,
            phone=phone,
        )
        for last, first, address, phone in identities
    ]
