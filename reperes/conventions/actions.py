"""Every write on a convention is one of these named actions: one transaction, with its
audit entry written in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.core.models import audit

from .enums import EventKindChoices, PartyRole
from .models import (
    Amendment,
    Clause,
    Convention,
    ConventionEvent,
    ConventionTemplate,
    LegalBasis,
    Party,
    Signatory,
)

# Fields an amendment may change, with their French label for the history.
AMENDABLE_FIELDS = {
    "title": "Intitulé",
    "object": "Objet",
    "period_kind": "Type de période",
    "starts_on": "Début",
    "starts_at_signature": "Entre en vigueur à la signature",
    "ends_on": "Fin",
    "term_value": "Durée",
    "term_unit": "Unité de la durée",
    "max_renewals": "Reconductions au plus",
    "withdrawal_notice_value": "Préavis de dénonciation",
    "withdrawal_notice_unit": "Unité du préavis",
    "formal_notice_value": "Délai après mise en demeure",
    "formal_notice_unit": "Unité du délai de mise en demeure",
    "termination_delay_value": "Effet de la résiliation",
    "termination_delay_unit": "Unité du délai de résiliation",
    "delays_extendable": "Délais prorogeables",
    "secrecy_threshold": "Seuil du secret statistique",
    "secrecy_zone_floor": "Effectif minimal d'une zone",
}


@dataclass(frozen=True)
class PartyInput:
    organisation_id: int
    role: str
    designation: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    deliberation_id: int | None = None


def _check_parties(parties: Iterable[PartyInput]) -> list[PartyInput]:
    parties = list(parties)
    if len(parties) < 2:
        raise ValidationError("Une convention réunit au moins deux parties.")
    ids = [p.organisation_id for p in parties]
    if len(set(ids)) != len(ids):
        raise ValidationError("Une même organisation ne peut figurer deux fois parmi les parties.")
    if not any(p.role == PartyRole.PILOT for p in parties):
        raise ValidationError(
            "Indiquez la partie qui pilote la convention (rôle « Pilote et financeur »)."
        )
    return parties


def _save_parties(convention: Convention, parties: list[PartyInput]) -> None:
    for order, p in enumerate(parties):
        party = Party.objects.create(
            convention=convention,
            organisation_id=p.organisation_id,
            role=p.role,
            designation=p.designation,
            order=order,
        )
        if p.signatory_name:
            Signatory.objects.create(
                party=party,
                full_name=p.signatory_name,
                title=p.signatory_title,
                deliberation_id=p.deliberation_id,
            )


@transaction.atomic
def create_convention(
    actor: Any,
    fields: Mapping[str, Any],
    parties: Iterable[PartyInput],
    communes: Iterable[Any] = (),
) -> Convention:
    checked = _check_parties(parties)
    convention = Convention(**fields)
    convention.full_clean()
    convention.save()
    convention.communes.set(list(communes))
    _save_parties(convention, checked)
    audit(actor, "convention.create", convention, f"Création de la convention « {convention} »")
    return convention


@transaction.atomic
def amend_convention(
    actor: Any,
    convention: Convention,
    *,
    number: int,
    title: str,
    signed_on: date | None,
    effective_on: date | None,
    summary: str,
    changes: Mapping[str, Any],
) -> Amendment:
    """Record an avenant and apply what it changes; the amendment keeps old and new values."""
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    diff = []
    for field, new in changes.items():
        if field not in AMENDABLE_FIELDS:
            raise ValidationError(f"Le champ « {field} » ne peut pas être modifié par avenant.")
        old = getattr(convention, field)
        if old != new:
            diff.append(
                {
                    "field": field,
                    "label": AMENDABLE_FIELDS[field],
                    "old": _plain(old),
                    "new": _plain(new),
                }
            )
            setattr(convention, field, new)
    if not diff:
        raise ValidationError("Cet avenant ne modifie rien : indiquez au moins un changement.")
    convention.full_clean()
    convention._change_reason = f"Avenant n° {number}"  # type: ignore[attr-defined]
    convention.save()
    amendment = Amendment(
        convention=convention,
        number=number,
        title=title,
        signed_on=signed_on,
        effective_on=effective_on,
        summary=summary,
        changes=diff,
        created_by=actor,
    )
    amendment.full_clean()
    amendment.save()
    audit(
        actor,
        "convention.amend",
        convention,
        f"Avenant n° {number} : {title}",
        changes=[d["field"] for d in diff],
    )
    return amendment


@transaction.atomic
def sign_convention(
    actor: Any, convention: Convention, *, signed_on: date | None, signed_at: str = ""
) -> Convention:
    convention = Convention.objects.select_for_update().get(pk=convention.pk)
    if convention.is_signed and convention.signed_on:
        raise ValidationError("Cette convention est déjà signée.")
    convention.is_signed = True
    convention.signed_on = signed_on
    convention.signed_at = signed_at or convention.signed_at
    convention.full_clean()
    convention._change_reason = "Signature"  # type: ignore[attr-defined]
    convention.save()
    audit(
        actor,
        "convention.sign",
        convention,
        f"Signature enregistrée ({signed_on:%d/%m/%Y})"
        if signed_on
        else "Signature enregistrée (date inconnue)",
    )
    return convention


@transaction.atomic
def record_event(
    actor: Any,
    convention: Convention,
    *,
    kind: str,
    received_on: date,
    party: Party | None = None,
    effective_on: date | None = None,
    note: str = "",
) -> ConventionEvent:
    if not convention.is_signed:
        raise ValidationError("Une convention non signée ne peut être dénoncée ni résiliée.")
    if kind == EventKindChoices.WITHDRAWAL and convention.withdrawal_notice_value is None:
        raise ValidationError("Cette convention ne prévoit pas de dénonciation.")
    if party is not None and party.convention_id != convention.pk:
        raise ValidationError("L'auteur de l'événement doit être partie à la convention.")
    event = ConventionEvent(
        convention=convention,
        kind=kind,
        received_on=received_on,
        party=party,
        effective_on=effective_on,
        note=note,
        created_by=actor,
    )
    event.full_clean()
    event.save()
    audit(
        actor,
        f"convention.event.{kind}",
        convention,
        f"{event.get_kind_display()} reçue le {received_on:%d/%m/%Y}",
    )
    return event


TERMS_FIELDS = [
    "period_kind",
    "starts_on",
    "starts_on_text",
    "starts_at_signature",
    "ends_on",
    "term_value",
    "term_unit",
    "max_renewals",
    "withdrawal_notice_value",
    "withdrawal_notice_unit",
    "formal_notice_value",
    "formal_notice_unit",
    "termination_delay_value",
    "termination_delay_unit",
    "delays_extendable",
]


@transaction.atomic
def instantiate_template(
    actor: Any,
    template: ConventionTemplate,
    *,
    title: str,
    service: Any,
    parties: Iterable[PartyInput],
    communes: Iterable[Any] = (),
    short_title: str = "",
    source: str = "",
) -> Convention:
    """Create one convention from a model convention: same terms, clauses and legal bases."""
    fields = {f: getattr(template, f) for f in TERMS_FIELDS}
    fields.update(
        title=title,
        short_title=short_title,
        kind=template.kind,
        object=template.object,
        template=template,
        service=service,
        source=source,
    )
    checked = _check_parties(parties)
    convention = Convention(**fields)
    convention.full_clean()
    convention.save()
    convention.communes.set(list(communes))
    _save_parties(convention, checked)
    for basis in template.legal_bases.all():
        LegalBasis.objects.create(convention=convention, order=basis.order, text=basis.text)
    for clause in template.clauses.all():
        Clause.objects.create(
            convention=convention,
            order=clause.order,
            number=clause.number,
            heading=clause.heading,
            body=clause.body,
        )
    audit(
        actor,
        "convention.instantiate",
        convention,
        f"Convention créée à partir de la convention type « {template} »",
    )
    return convention


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
