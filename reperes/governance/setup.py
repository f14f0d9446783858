"""The bodies of a convention as its guided set-up writes them (``conventions/setup_parts.py``):
registered from ``GovernanceConfig.ready``. The set-up has checked the draft and opened the
transaction before it calls these."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from reperes.conventions import setup_parts
from reperes.conventions.models import Convention, Party
from reperes.core.models import audit

from .actions import BODY_FIELDS, SeatInput, create_body
from .models import Body


def remove_body(actor: Any, convention: Convention, body_id: int) -> None:
    body = Body.objects.filter(convention=convention, pk=body_id).first()
    if body is None:
        raise ValidationError("Cette instance n'existe plus.")
    if body.meetings.exists():
        raise ValidationError("Une réunion de cette instance est enregistrée : elle est conservée.")
    name = body.name
    body.delete()
    audit(actor, "convention.setup.body.remove", convention, f"Instance retirée : {name}")


def copy_bodies(
    actor: Any, source: Convention, convention: Convention, new_party: Mapping[int, Party]
) -> None:
    """A copied convention's bodies: the source's, organised by the same party, with their seats."""
    for body in source.bodies.all():
        organiser = setup_parts.mapped_party(body.organiser, new_party, convention)
        if organiser is None:
            continue
        fields = {f: getattr(body, f) for f in BODY_FIELDS if f != "organiser"}
        seats = [SeatInput(s.label, s.organisation_id, s.count) for s in body.seats.all()]
        create_body(actor, convention, {**fields, "organiser": organiser}, seats)


def register() -> None:
    setup_parts.writes(setup_parts.ADD_BODY)(create_body)
    setup_parts.writes(setup_parts.REMOVE_BODY)(remove_body)
    setup_parts.copies(copy_bodies)
