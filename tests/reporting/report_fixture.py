"""A small field-work fixture whose figures are computed by hand below (``EXPECTED_2024``):
the indicator engine, every report model and every output are checked against it.

Service A in 2024, plus records that must NOT count: another service, another year, an
accompaniment that ended in 2023, a family known from 2025, a staff member gone in June.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from reperes.fieldwork.enums import (
    AgeBand,
    ChoiceKind,
    CollectiveCategory,
    EntryMode,
    ExitReason,
    Gender,
    Qualification,
    Situation,
    TimeCategory,
)
from reperes.fieldwork.models import ChoiceItem
from reperes.partners.models import Quartier
from tests.factories import CommuneFactory
from tests.fieldwork.factories import (
    AccompanimentFactory,
    CollectiveActionFactory,
    ContactCountFactory,
    FamilyFactory,
    InterventionFactory,
    ParticipantCountFactory,
    PartnerFactory,
    PartnershipActionFactory,
    StreetSessionFactory,
    TimeEntryFactory,
    YouthFactory,
)
from tests.people.factories import StaffMemberFactory


def _item(kind: str, label: str) -> ChoiceItem:
    item, _ = ChoiceItem.objects.get_or_create(kind=kind, convention=None, label=label)
    return item


def build(service, other_service) -> dict:
    c1 = CommuneFactory(name="Herserange")
    c2 = CommuneFactory(name="Longwy")
    q1 = Quartier.objects.create(commune=c1, name="Landrivaux")

    # Street sessions and contacts: 3 + 2 + 4 = 9 contacts in 2024.
    s1 = StreetSessionFactory(service=service, date=date(2024, 5, 14), quartier=q1, commune=c1)
    ContactCountFactory(session=s1, gender=Gender.BOY, age_band=AgeBand.FROM_15, count=3)
    ContactCountFactory(
        session=s1, gender=Gender.GIRL, age_band=AgeBand.FROM_11, count=2, quartier=q1
    )
    s2 = StreetSessionFactory(
        service=service,
        date=date(2024, 9, 1),
        commune=c2,
        kind="social_presence",
        duration_minutes=90,
    )
    ContactCountFactory(session=s2, gender=Gender.BOY, age_band=AgeBand.FROM_18, count=4)
    old = StreetSessionFactory(service=service, date=date(2023, 12, 31))
    ContactCountFactory(session=old, gender=Gender.BOY, count=10)
    other = StreetSessionFactory(service=other_service, date=date(2024, 6, 1))
    ContactCountFactory(session=other, gender=Gender.GIRL, count=7)

    # Youths: Y1 girl of 16 at the end of 2024, Y2 boy of 22, Y3 boy of unknown birth year.
    y1 = YouthFactory(
        service=service,
        gender=Gender.GIRL,
        birth_year=2008,
        first_met_on=date(2024, 3, 1),
        quartier=q1,
        situation=Situation.SCHOOL,
    )
    y2 = YouthFactory(
        service=service,
        gender=Gender.BOY,
        birth_year=2002,
        first_met_on=date(2023, 6, 1),
        commune=c2,
        situation=Situation.NEET,
        qualification=Qualification.UNQUALIFIED,
    )
    y3 = YouthFactory(
        service=service,
        gender=Gender.BOY,
        birth_year=None,
        age_band=AgeBand.FROM_11,
        first_met_on=date(2024, 10, 1),
        situation=Situation.SCHOOL,
    )
    YouthFactory(service=other_service, first_met_on=date(2024, 2, 2))

    school = _item(ChoiceKind.PROBLEM, "Réussite scolaire et éducative")
    family = _item(ChoiceKind.PROBLEM, "Famille / parentalité")
    employment = _item(ChoiceKind.PROBLEM, "Emploi et formation")
    listening = _item(ChoiceKind.RESPONSE, "Écoute et soutien éducatif")
    job = _item(ChoiceKind.RESPONSE, "Mise en relation emploi ou formation")

    a1 = AccompanimentFactory(
        youth=y1, started_on=date(2024, 3, 15), entry_mode=EntryMode.STREET_WORK
    )
    a1.problems.set([school, family])
    a1.responses.set([listening])
    InterventionFactory(accompaniment=a1, occurred_on=date(2024, 4, 2))
    a2 = AccompanimentFactory(
        youth=y2,
        started_on=date(2023, 1, 10),
        ended_on=date(2024, 2, 10),
        exit_reason=ExitReason.HANDED_OVER,
        entry_mode=EntryMode.PARTNER,
    )
    a2.problems.set([employment])
    a2.responses.set([job, listening])
    a3 = AccompanimentFactory(youth=y2, started_on=date(2024, 11, 1), entry_mode=EntryMode.YOUTH)
    a3.problems.set([employment])
    a4 = AccompanimentFactory(
        youth=y3,
        started_on=date(2023, 1, 1),
        ended_on=date(2023, 12, 31),
        exit_reason=ExitReason.OBJECTIVES_MET,
    )
    a4.problems.set([school])

    ca1 = CollectiveActionFactory(
        service=service,
        title="Chantier peinture du city-stade",
        category=CollectiveCategory.LEISURE_WORKSITE,
        started_on=date(2024, 7, 8),
        ended_on=date(2024, 7, 12),
        participants=[y1, y2],
        families_count=2,
    )
    ParticipantCountFactory(
        action=ca1, gender=Gender.GIRL, age_band=AgeBand.FROM_11, count=4, quartier=q1
    )
    CollectiveActionFactory(
        service=service,
        started_on=date(2023, 7, 1),
        ended_on=date(2023, 7, 2),
        participants=[y3],
        families_count=9,
    )
    CollectiveActionFactory(
        service=service,
        title="Café des parents",
        category=CollectiveCategory.PARENTING,
        started_on=date(2024, 12, 1),
        ended_on=None,
        participants=[y1],
        families_count=3,
    )

    FamilyFactory(service=service, known_since=date(2024, 1, 15), engaged_since=date(2024, 2, 1))
    FamilyFactory(service=service, known_since=date(2025, 1, 1))
    FamilyFactory(
        service=service,
        known_since=date(2022, 1, 1),
        engaged_since=date(2022, 1, 1),
        engaged_until=date(2023, 6, 30),
    )

    mission = PartnerFactory(service=service)
    college = PartnerFactory(service=service, kind="school")
    meeting = PartnershipActionFactory(service=service, date=date(2024, 6, 3), hours=Decimal("2"))
    meeting.partners.set([mission, college])
    PartnershipActionFactory(service=service, date=date(2023, 6, 3)).partners.set([mission])

    educator = StaffMemberFactory(service=service)
    StaffMemberFactory(service=service, part_time=True, gone=True)
    StaffMemberFactory(service=service, director=True)
    for category, hours in (
        (TimeCategory.SOCIAL_PRESENCE, "3.5"),
        (TimeCategory.INDIVIDUAL, "2"),
        (TimeCategory.ADMINISTRATIVE, "1.5"),
        (TimeCategory.OTHER, "1"),
    ):
        TimeEntryFactory(
            staff=educator, day=date(2024, 4, 8), category=category, hours=Decimal(hours)
        )
    TimeEntryFactory(staff=educator, day=date(2023, 4, 8), hours=Decimal("5"))
    return {"communes": (c1, c2), "quartier": q1, "youths": (y1, y2, y3)}


# Hand-computed figures of service A for 2024.
EXPECTED_2024 = {
    # Persons in relation with the team, not the 9 contacts (encounters): Y1 and Y3 first met
    # in 2024, Y2 accompanied in 2024.
    "youths.met": 3,
    "youths.met.f": 1,  # Y1
    "youths.met.m": 2,  # Y2, Y3
    "youths.met.x": 0,
    "youths.accompanied": 2,  # Y1, Y2 (A4 of Y3 ended in 2023)
    "youths.accompanied.f": 1,
    "youths.accompanied.m": 1,
    "youths.accompanied.x": 0,
    "youths.situation.school": 1,
    "youths.situation.neet": 1,
    "youths.situation.training": 0,
    "problems.school": 1,
    "problems.family": 1,
    "problems.employment": 1,  # Y2 twice, counted once
    "problems.housing": 0,
    "accompaniments": 3,
    "accompaniments.duration.lt3": 1,  # A3: 1 Nov → 31 Dec = 60 days
    "accompaniments.duration.3to6": 0,
    "accompaniments.duration.6to12": 1,  # A1: 15 Mar → 31 Dec = 291 days
    "accompaniments.duration.gt12": 1,  # A2: 10 Jan 2023 → 10 Feb 2024 = 396 days
    "collective.actions": 2,
    "collective.youths": 6,  # Y1, Y2 + 4 counted
    "collective.families": 5,
    "families.known": 2,
    "families.engaged": 1,
    "time": Decimal("8"),
    "time.social_presence": Decimal("3.5"),
    "time.individual": Decimal("2"),
    "time.administrative": Decimal("1.5"),
    "time.other": Decimal("1"),
    "time.collective": Decimal("0"),
    "hours": Decimal("8"),
    "hours.street_work": Decimal("3.5"),
    "hours.individual": Decimal("2"),
    "hours.writing": Decimal("1.5"),
    "hours.training_leave": Decimal("1"),
    "hours.partnership": Decimal("0"),
    "staff.fte": Decimal("2"),
    "staff.fte.social_worker": Decimal("1"),
    "staff.fte.direction": Decimal("1"),
    "staff.fte.administrative": Decimal("0"),
}
EXPECTED_EXTRA_2024 = {
    "contacts": 9,
    "youths.first_met": 2,
    "sessions": 2,
    "sessions.hours": Decimal("3.5"),
    "accompaniments.new": 2,
    "youths.acted_with": 1,
    "youths.in_relation": 3,
    "partnership.actions": 1,
    "partnership.hours": Decimal("2"),
}
