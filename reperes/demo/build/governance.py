"""Demo governance: the bodies the seed conventions institute, and a few synthetic meetings.

Bodies, composition and frequency are taken from the articles cited in each ``source``.
Meetings, attendance, minutes and decisions are **synthetic**: the people carry obviously
invented names and every minutes text says it is a demonstration. They are set in 2024 and
2025 so that one year shows a body on time and another a body overdue (the conseil
pédagogique of seed 000 held only one of its two 2025 meetings; the comité de suivi local of
seed 004 missed its November 2025 meeting).

Run after ``manage.py load_demo`` (the conventions must exist); idempotent: every row is found
by its natural key and written only when something differs. Parties are found by their role
and kind, not by name, so that the seed modules may rename an organisation.

Choices, since the texts leave them open:
- Pas-de-Calais (seed 001 art. 7): each of the 8 instance conventions gets its comité des
  financeurs and its rencontre MDS/SPS, both « à l'initiative du SPS » (organised by the
  operator), and its own comité de pilotage départemental, organised by the Département.
  The departmental committee is one real committee, but the obligation is written in each
  signed convention, and visibility follows the convention: the communes of each SPS see it
  with their own convention.
- « transmis en amont des conseils pédagogiques » (seed 000 art. 6) fixes no delay: the
  reporting is due the day before the meeting at the latest.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.db import models, transaction

from reperes.conventions.enums import PartyRole
from reperes.conventions.models import Convention, Party
from reperes.demo import timeline
from reperes.demo.build.governance_data import (
    BODIES_000,
    BODIES_001,
    BODIES_003,
    BODIES_004,
    MEETINGS_000,
    MEETINGS_003,
    MEETINGS_004,
    OPERATOR,
    PILOT,
    BodySpec,
    MeetingSpec,
    SeatSpec,
    Who,
)
from reperes.demo.rows import upsert
from reperes.governance.enums import BodyKind
from reperes.governance.models import (
    Attendance,
    Body,
    Decision,
    DocumentRequirement,
    Meeting,
    MeetingDocument,
    Seat,
)

M = TypeVar("M", bound=models.Model)


# Loading ----------------------------------------------------------------------------------


def _party(convention: Convention, who: tuple[str, str | None]) -> Party:
    role, kind = who
    parties = convention.parties.select_related("organisation").filter(role=role)
    if kind is not None:
        parties = parties.filter(organisation__kind=kind)
    party = parties.order_by("order", "pk").first()
    if party is None:
        raise LookupError(f"{convention} : aucune partie {role} {kind or ''}".strip())
    return party


def _organisation_id(convention: Convention, who: Who) -> int | None:
    if who is None or isinstance(who, int):
        return who
    return _party(convention, who).organisation_id


def load_body(convention: Convention, spec: BodySpec) -> Body:
    body = upsert(
        Body,
        {"convention": convention, "name": spec.name},
        {
            "kind": spec.kind,
            "organiser_id": _party(convention, spec.organiser).pk,
            "organiser_text": spec.organiser_text,
            "chair": spec.chair,
            "meetings_per_year": spec.meetings_per_year,
            "frequency_text": spec.frequency_text,
            "minimum": spec.minimum,
            "regular_interval": spec.regular_interval,
            "composition_note": spec.composition_note,
            "functions": spec.functions,
            "source": spec.source,
        },
    )
    seats = list(spec.seats)
    if spec.kind == BodyKind.COMITE_FINANCEURS and not seats:
        seats = _funders(convention)
    for order, seat in enumerate(seats):
        upsert(
            Seat,
            {"body": body, "label": seat.label},
            {
                "organisation_id": _organisation_id(convention, seat.who),
                "count": seat.count,
                "order": order,
            },
        )
    body.seats.exclude(label__in=[s.label for s in seats]).delete()
    for title, days, note in spec.documents:
        upsert(
            DocumentRequirement,
            {"body": body, "title": title},
            {"due_days_before": days, "note": note},
        )
    body.document_requirements.exclude(title__in=[d[0] for d in spec.documents]).delete()
    return body


def _funders(convention: Convention) -> list[SeatSpec]:
    """The comité des financeurs of a Pas-de-Calais SPS: the Département (95 %), each
    co-funding commune (5 % shared, art. 8.1) and the operator that convenes it."""
    seats = [SeatSpec("Le Département", PILOT)]
    communes = convention.parties.select_related("organisation").filter(role=PartyRole.CO_FUNDER)
    seats += [SeatSpec(p.organisation.name, p.organisation_id) for p in communes]
    seats.append(SeatSpec("L'organisme gestionnaire du service", OPERATOR))
    return seats


def load_meeting(convention: Convention, spec: MeetingSpec) -> Meeting:
    body = Body.objects.get(convention=convention, name=spec.body)
    meeting = upsert(
        Meeting,
        {"body": body, "starts_at": spec.starts_at},
        {
            "ends_at": spec.starts_at + timedelta(hours=spec.hours),
            "status": spec.status,
            "place": spec.place,
            "agenda": spec.agenda,
            "minutes": spec.minutes,
            "cancellation_reason": spec.cancellation_reason,
        },
    )
    for name, who, present, represented_by in spec.attendance:
        upsert(
            Attendance,
            {"meeting": meeting, "name": name},
            {
                "organisation_id": _organisation_id(convention, who),
                "present": present,
                "represented_by": represented_by,
            },
        )
    for order, text in enumerate(spec.decisions):
        upsert(Decision, {"meeting": meeting, "order": order}, {"text": text})
    meeting.decisions.filter(order__gte=len(spec.decisions)).delete()
    for requirement in body.document_requirements.all():
        upsert(
            MeetingDocument,
            {"meeting": meeting, "title": requirement.title},
            {
                "due_days_before": requirement.due_days_before,
                "received_on": spec.received.get(requirement.title),
            },
        )
    return meeting


def load() -> None:
    """Load the demo bodies and meetings; does nothing for a seed convention not loaded yet."""
    if not settings.DEMO_ALLOWED:
        raise RuntimeError("La démonstration est désactivée sur cette installation.")
    # The meetings are the seeds' story, moved to the load's year.
    shift = timeline.current()
    with transaction.atomic():
        plan = (
            ("Seed 000", BODIES_000, MEETINGS_000),
            ("Seed 001 — convention type", BODIES_001, ()),
            ("Seed 003", BODIES_003, MEETINGS_003),
            ("Seed 004", BODIES_004, MEETINGS_004),
        )
        for prefix, bodies, meetings in plan:
            for convention in Convention.objects.filter(source__startswith=prefix).order_by("pk"):
                for body in bodies:
                    load_body(convention, body)
                for meeting in meetings:
                    load_meeting(convention, shift.spec(meeting))
