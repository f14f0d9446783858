"""Factories of the governance app, with traits for the business states of a meeting."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from reperes.governance import models
from reperes.governance.enums import BodyKind, MeetingStatus
from tests.factories import ConventionFactory, PartyFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(year: int, month: int, day: int, hour: int = 14, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


class BodyFactory(factory.django.DjangoModelFactory):
    """A comité de pilotage « au moins une fois par an » (seed 000 art. 6) by default."""

    class Meta:
        model = models.Body

    convention = factory.SubFactory(ConventionFactory)
    kind = BodyKind.COMITE_PILOTAGE
    name = factory.Sequence(lambda n: f"Comité {n}")
    organiser = factory.LazyAttribute(
        lambda o: o.convention.parties.first() or PartyFactory(convention=o.convention)
    )
    frequency_text = "au moins une fois par an"
    meetings_per_year = 1
    minimum = True

    class Params:
        conseil_pedagogique = factory.Trait(
            kind=BodyKind.CONSEIL_PEDAGOGIQUE,
            frequency_text="deux fois par an",
            meetings_per_year=2,
            minimum=False,
        )
        suivi_local = factory.Trait(
            kind=BodyKind.COMITE_SUIVI_LOCAL,
            frequency_text="tous les deux mois",
            meetings_per_year=6,
            minimum=False,
            regular_interval=True,
        )
        no_rule = factory.Trait(
            kind=BodyKind.COMITE_TECHNIQUE, frequency_text="", meetings_per_year=None, minimum=False
        )


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Seat

    body = factory.SubFactory(BodyFactory)
    label = factory.Sequence(lambda n: f"Membre {n}")


class DocumentRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DocumentRequirement

    body = factory.SubFactory(BodyFactory)
    title = "Reporting d'activité"
    due_days_before = 7


class MeetingFactory(factory.django.DjangoModelFactory):
    """Planned, in a fortnight, by default."""

    class Meta:
        model = models.Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=14)).replace(
            hour=12, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Salle du conseil"
    agenda = "Bilan ; orientations"

    class Params:
        past = factory.Trait(
            starts_at=factory.LazyFunction(
                lambda: (timezone.now() - timedelta(days=14)).replace(microsecond=0)
            )
        )
        held = factory.Trait(past=True, status=MeetingStatus.HELD, minutes="Compte rendu de test.")
        cancelled = factory.Trait(status=MeetingStatus.CANCELLED)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Decision

    meeting = factory.SubFactory(MeetingFactory, held=True)
    text = "Le bilan est validé."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Invitation

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Invité Fictif {n}")
    email = factory.Sequence(lambda n: f"invite{n}@exemple.test")
    sent_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    meeting = factory.SubFactory(MeetingFactory, held=True)
    name = factory.Sequence(lambda n: f"Présent Fictif {n}")


class MeetingDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Reporting {n}")
    due_days_before = 7
