"""The guided set-up of a convention, step by step, each step a named action: one transaction,
its audit entry in the same transaction, French ``ValidationError`` otherwise.

A convention being set up is a draft: it grants nothing until its operator accepts it
(``reperes.conventions.access``). It may be set up while it is neither signed nor decided by its
operator; afterwards it changes only by amendment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from reperes.core.access import is_funder_agent, secrecy_floor_errors
from reperes.core.models import audit

from . import setup_parts
from .actions import (
    TERMS_FIELDS,
    PartyInput,
    _check_operator_party,
    _check_parties,
    _save_parties,
    clause_terms,
    copy_legal_bases,
    instantiate_template,
    terms_of,
)
from .actions_draft import SETUP_ROLES, is_draft, may_set_up, setup_parties
from .enums import PartyRole
from .models import (
    VERSION_ORDER,
    Clause,
    Convention,
    ConventionTemplate,
    Party,
    Signatory,
)

FUNDER_ROLES = SETUP_ROLES
SCRATCH, TEMPLATE, COPY = "scratch", "template", "copy"
LOCKED = (
    "Cette convention est signée ou l'opérateur a déjà décidé : elle ne se modifie plus que par "
    "avenant."
)


def can_set_up(user: Any, convention: Convention | None = None) -> bool:
    """A funder agent whose organisation is (or will be) a funding party of the convention
    (pilot or co-funder), while the convention is a draft: not signed, not decided by its
    operator (the rule of ``actions_draft``, shared with the API and the import)."""
    if convention is None:
        return is_funder_agent(user)
    return is_draft(convention) and may_set_up(user, setup_parties(convention))


def is_editable(convention: Convention) -> bool:
    return is_draft(convention)


def _require(actor: Any, convention: Convention) -> Convention:
    convention = Convention.objects.select_for_update(of=("self",)).get(pk=convention.pk)
    if not is_editable(convention):
        raise ValidationError(LOCKED)
    if not can_set_up(actor, convention):
        raise PermissionDenied("Seul un financeur partie à la convention la met en place.")
    return convention


# --- Step 1: the starting point --------------------------------------------------------------


def _funder_party(actor: Any, role: str = PartyRole.PILOT) -> PartyInput:
    return PartyInput(actor.organisation_id, role)


@transaction.atomic
def start_convention(
    actor: Any,
    *,
    origin: str,
    title: str,
    service: Any,
    short_title: str = "",
    template: ConventionTemplate | None = None,
    source: Convention | None = None,
) -> Convention:
    """Create the draft: from scratch (the actor's organisation as pilot, the service's
    operator as operator), from a model convention (whose clauses it inherits), or as a copy of
    an earlier convention (parties, terms, clauses, bodies and the shape of its schedules)."""
    if not can_set_up(actor):
        raise PermissionDenied("Seul l'agent d'un financeur met en place une convention.")
    if service.operator_id is None:
        raise ValidationError("Ce service n'a pas d'organisme gestionnaire enregistré.")
    operator = PartyInput(service.operator_id, PartyRole.OPERATOR)
    if origin == TEMPLATE:
        if template is None:
            raise ValidationError("Choisissez la convention type de départ.")
        parties = [PartyInput(template.owner_id, PartyRole.PILOT)]
        if actor.organisation_id != template.owner_id:
            parties.append(_funder_party(actor, PartyRole.CO_FUNDER))
        convention = instantiate_template(
            actor,
            template,
            title=title,
            short_title=short_title,
            service=service,
            parties=[*parties, operator],
        )
    elif origin == COPY:
        if source is None:
            raise ValidationError("Choisissez la convention à recopier.")
        convention = _copy(actor, source, title=title, short_title=short_title, service=service)
    else:
        convention = Convention(
            title=title, short_title=short_title, service=service, period_kind="fixed"
        )
        parties = [_funder_party(actor), operator]
        _check_operator_party(convention, parties)
        convention.full_clean()
        convention.save()
        _save_parties(convention, parties)
    audit(
        actor,
        "convention.setup.start",
        convention,
        f"Mise en place de la convention « {convention} » ({dict(ORIGINS)[origin].lower()})",
    )
    return convention


ORIGINS = [
    (SCRATCH, "Partir de zéro"),
    (TEMPLATE, "Partir d'une convention type"),
    (COPY, "Recopier une convention existante"),
]


def _copy(
    actor: Any, source: Convention, *, title: str, short_title: str, service: Any
) -> Convention:
    mine = source.parties.filter(organisation_id=actor.organisation_id, role__in=FUNDER_ROLES)
    if not mine.exists():
        raise ValidationError(
            "Vous ne pouvez recopier qu'une convention dont votre organisation est financeur."
        )
    fields = terms_of(
        source,
        title=title,
        short_title=short_title,
        template=source.template,
        service=service,
        secrecy_threshold=source.secrecy_threshold,
        secrecy_zone_floor=source.secrecy_zone_floor,
        jurisdiction=source.jurisdiction,
    )
    convention = Convention(**fields)
    old_parties = list(source.parties.exclude(role=PartyRole.OPERATOR))
    parties = [
        PartyInput(p.organisation_id, p.role, p.designation)
        for p in old_parties
        if p.organisation_id != service.operator_id
    ]
    parties.append(PartyInput(service.operator_id, PartyRole.OPERATOR))
    parties = _check_parties(parties)
    _check_operator_party(convention, parties)
    convention.full_clean()
    convention.save()
    _save_parties(convention, parties)
    new_party = {p.organisation_id: p for p in convention.parties.all()}
    for old in old_parties:
        new = new_party.get(old.organisation_id)
        if new is None:
            continue
        for signatory in old.signatories.all():
            Signatory.objects.create(
                party=new, full_name=signatory.full_name, title=signatory.title
            )
    copy_legal_bases(source, convention)
    for history in _own_clause_histories(source).values():
        latest = history[-1]
        if latest.valid_until is not None:
            continue  # ended by an amendment: not part of what the source says today
        Clause.objects.create(
            convention=convention,
            key=latest.key,
            **clause_terms(latest),
            withdrawn=latest.withdrawn,
        )
    setup_parts.copy_parts(actor, source, convention, new_party)
    return convention


def _own_clause_histories(convention: Convention) -> dict[str, list[Clause]]:
    result: dict[str, list[Clause]] = {}
    for clause in Clause.objects.filter(convention=convention).order_by("key", *VERSION_ORDER):
        result.setdefault(clause.key, []).append(clause)
    return result


# --- Step 2: parties, signatories, service ----------------------------------------------------


@transaction.atomic
def save_parties(
    actor: Any, convention: Convention, *, service: Any, parties: Iterable[PartyInput]
) -> Convention:
    """Replace the parties (matched by organisation: a party kept keeps its schedules and
    bodies) and their signatory; the actor's organisation stays a funding party."""
    convention = _require(actor, convention)
    checked = _check_parties(parties)
    if not any(
        p.organisation_id == actor.organisation_id and p.role in FUNDER_ROLES for p in checked
    ):
        raise ValidationError(
            "Votre organisation doit rester partie à la convention, comme pilote ou co-financeur."
        )
    convention.service = service
    _check_operator_party(convention, checked)
    convention.full_clean()
    convention.save()
    existing = {p.organisation_id: p for p in convention.parties.all()}
    wanted = {p.organisation_id for p in checked}
    for organisation_id, party in existing.items():
        if organisation_id not in wanted:
            if _party_in_use(party):
                raise ValidationError(
                    f"{party.organisation} paie, reçoit ou organise une instance de cette "
                    "convention : retirez d'abord son échéancier ou son instance."
                )
            party.delete()
    for order, item in enumerate(checked):
        kept = existing.get(item.organisation_id)
        party = (
            kept
            if kept is not None
            else Party(convention=convention, organisation_id=item.organisation_id)
        )
        party.role = item.role
        party.designation = item.designation
        party.order = order
        party.full_clean()
        party.save()
        party.signatories.all().delete()
        if item.signatory_name:
            Signatory.objects.create(
                party=party, full_name=item.signatory_name, title=item.signatory_title
            )
    audit(actor, "convention.setup.parties", convention, "Parties et signataires")
    return convention


def _party_in_use(party: Party) -> bool:
    return (
        party.schedules_as_payer.exists()
        or party.schedules_as_payee.exists()
        or party.organised_bodies.exists()
        or party.funding_shares.exists()
    )


# --- Step 3: period and renewal ---------------------------------------------------------------


@transaction.atomic
def save_terms(actor: Any, convention: Convention, fields: Mapping[str, Any]) -> Convention:
    convention = _require(actor, convention)
    unknown = set(fields) - set(TERMS_FIELDS) - {"object"}
    if unknown:
        raise ValidationError(f"Champs inconnus : {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(convention, name, value)
    convention.full_clean()
    convention.save()
    audit(actor, "convention.setup.terms", convention, "Période et reconduction")
    return convention


# --- Step 4: money ----------------------------------------------------------------------------


@transaction.atomic
def save_payments(actor: Any, convention: Convention, **payment: Any) -> Any:
    """The payer's yearly amount for each year of the period (its share of the funding), its
    schedule and the instalments it generates: written by money (``money/setup.py``) once the
    draft is checked. ``payment``: payer, payee, annual, kind, years, period_months, due_day,
    article."""
    convention = _require(actor, convention)
    return setup_parts.writer(setup_parts.SAVE_PAYMENTS)(actor, convention, **payment)


@transaction.atomic
def remove_payments(actor: Any, convention: Convention, schedule_id: int) -> None:
    """Remove a schedule of the draft, its instalments and its payer's share of the funding
    (``money/setup.py``)."""
    convention = _require(actor, convention)
    setup_parts.writer(setup_parts.REMOVE_PAYMENTS)(actor, convention, schedule_id)


# --- Steps 5 and 7: clauses -------------------------------------------------------------------


def add_clause(
    actor: Any, convention: Convention, *, kind: str, params: Mapping[str, Any], article: str = ""
) -> Clause:
    """A clause of the catalogue with its parameters (checked by ``catalogue.clean``), written
    in place on the draft (``actions_clauses.add_clause``)."""
    from .actions_clauses import add_clause as add_to_draft

    return add_to_draft(actor, convention, kind, "", article.strip(), params)


def remove_clause(actor: Any, convention: Convention, key: str) -> None:
    """Take a clause out of the draft (one inherited from the model convention is withdrawn
    for this draft only)."""
    from .actions_clauses import remove_clause as remove_from_draft

    remove_from_draft(actor, convention, key)


# --- Step 6: bodies ---------------------------------------------------------------------------


@transaction.atomic
def add_body(actor: Any, convention: Convention, fields: Mapping[str, Any]) -> Any:
    convention = _require(actor, convention)
    return setup_parts.writer(setup_parts.ADD_BODY)(actor, convention, fields)


@transaction.atomic
def remove_body(actor: Any, convention: Convention, body_id: int) -> None:
    """Remove a body of the draft that has no meeting yet (``governance/setup.py``)."""
    convention = _require(actor, convention)
    setup_parts.writer(setup_parts.REMOVE_BODY)(actor, convention, body_id)


# --- Step 7: statistical secrecy --------------------------------------------------------------


@transaction.atomic
def save_secrecy(
    actor: Any, convention: Convention, *, threshold: int, zone_floor: int
) -> Convention:
    """The convention's secrecy rule, never below the platform's floor."""
    convention = _require(actor, convention)
    errors = secrecy_floor_errors(threshold, zone_floor)
    if errors:
        raise ValidationError(errors)
    convention.secrecy_threshold = threshold
    convention.secrecy_zone_floor = zone_floor
    convention.full_clean()
    convention.save()
    audit(
        actor,
        "convention.setup.secrecy",
        convention,
        f"Secret statistique : seuil {threshold}, zone {zone_floor}",
    )
    return convention


def period_years(start: date | None, end: date | None) -> list[int]:
    if start is None or end is None:
        return []
    return list(range(start.year, end.year + 1))
