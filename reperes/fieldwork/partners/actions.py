"""Named actions writing the partner directory, partnership actions and observations: one
transaction each, with its audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.core.fields import acting_account
from reperes.core.locking import locked
from reperes.core.models import audit
from reperes.fieldwork.partners.models import Observation, Partner, PartnershipAction
from reperes.partners.models import Service


# ---------------------------------------------------------------- partners and observations
def _save(
    actor: Any,
    instance: Partner | Observation,
    version: int | None,
    what: str,
    summary: str,
    *,
    exclude: list[str] | None = None,
) -> Any:
    """``instance`` checked and saved with its audit entry ``fieldwork.<what>.create`` (or
    ``.update``); a change from a form opened on an older ``version`` is refused
    (``StaleEdit``)."""
    created = instance.pk is None
    if not created:
        locked(type(instance), instance.pk, version)
    instance.full_clean(exclude=exclude)
    instance.save()
    audit(actor, f"fieldwork.{what}.{'create' if created else 'update'}", instance, summary)
    return instance


@transaction.atomic
def save_partner(actor: Any, partner: Partner, *, version: int | None = None) -> Partner:
    """Add or change a partner."""
    verb = "ajouté à" if partner.pk is None else "modifié dans"
    return _save(
        actor, partner, version, "partner", f"Partenaire {verb} l'annuaire : {partner.name}"
    )


@transaction.atomic
def save_partnership_action(
    actor: Any,
    service: Service,
    action: PartnershipAction | None = None,
    *,
    date: date,
    title: str,
    partners: Iterable[Partner],
    hours: Decimal | None = None,
    version: int | None = None,
) -> PartnershipAction:
    """An action with partners (seed 001 référentiel « Une dynamique de relais »). A change
    from a form opened on an older ``version`` is refused (``StaleEdit``)."""
    partners = list(partners)
    if not partners:
        raise ValidationError("Choisissez au moins un partenaire de l'annuaire.")
    if any(p.service_id != service.pk for p in partners):
        raise ValidationError("Choisissez des partenaires de l'annuaire du service.")
    created = action is None
    action = locked(PartnershipAction, action.pk, version) if action else None
    action = action or PartnershipAction(service=service)
    action.date, action.title, action.hours = date, title, hours
    action.full_clean()
    action.save()
    action.partners.set(partners)
    audit(
        actor,
        "fieldwork.partnership.create" if created else "fieldwork.partnership.update",
        action,
        f"Action partenariale du {date:%d/%m/%Y} avec {len(partners)} partenaire(s)",
    )
    return action


@transaction.atomic
def save_observation(
    actor: Any, observation: Observation, *, version: int | None = None
) -> Observation:
    """Record or change an observation."""
    if observation.pk is None:
        observation.recorded_by = acting_account(actor)
    summary = f"Observation du territoire : {observation}"
    return _save(actor, observation, version, "observation", summary, exclude=["recorded_by"])
