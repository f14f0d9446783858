"""Actions on the yearly funding: stated shares, cost lines, evolution rates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.conventions.models import Convention, Party
from reperes.core.models import audit
from reperes.core.saving import save_checked
from reperes.rules.allocation import allocate, evolve, format_eur, format_percent

from ..abilities import FUNDING_ROLES
from ..enums import ChildrenPercentOf
from ..models import (
    EvolutionRate,
    Funding,
    FundingCostLine,
    FundingShare,
)
from ._common import set_if_changed

# --- Funding ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareInput:
    """One stated share: a party (or a label for a group), a percent, an amount, sub-shares."""

    label: str = ""
    party: Party | None = None
    percent: Decimal | None = None
    amount: Decimal | None = None
    children: tuple[ShareInput, ...] = ()
    children_percent_of: str = ChildrenPercentOf.PARENT

    def match_key(self) -> tuple[int | None, str]:
        return (self.party.pk if self.party is not None else None, self.label)


def _sync_shares(
    funding: Funding,
    inputs: Sequence[ShareInput],
    existing: list[FundingShare],
    parent: FundingShare | None,
    reason: str,
) -> None:
    siblings = {(s.party_id, s.label): s for s in existing if s.parent_id == (parent and parent.pk)}
    kept: set[int] = set()
    for order, item in enumerate(inputs):
        share = siblings.get(item.match_key())
        values = {
            "party": item.party,
            "label": item.label,
            "stated_percent": item.percent,
            "stated_amount": item.amount,
            "children_percent_of": item.children_percent_of,
            "order": order,
            "parent": parent,
        }
        if share is None:
            share = FundingShare(funding=funding, **values)
            save_checked(share, reason)
        else:
            set_if_changed(share, reason=reason, **values)
        kept.add(share.pk)
        _sync_shares(funding, item.children, existing, share, reason)
    for share in siblings.values():
        if share.pk not in kept:
            share._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history reads it on save
            share.delete()


@transaction.atomic
def save_funding(
    convention: Convention,
    year: int,
    *,
    total: Decimal | None,
    label: str,
    shares: Sequence[ShareInput] = (),
    cost_lines: Sequence[tuple[str, Decimal]] = (),
    source: str = "",
    note: str = "",
    actor: Any = None,
    reason: str = "",
    evolved_from: Funding | None = None,
    evolution_rate: EvolutionRate | None = None,
) -> Funding:
    """Create or revise the funding of ``convention`` for ``year`` with its stated shares and
    cost lines. Rows are matched by party and label and written only when they differ, so that
    saving the same figures twice writes nothing (history keeps every real change)."""
    funding = Funding.objects.filter(convention=convention, year=year).first()
    values = {
        "total": total,
        "label": label,
        "source": source,
        "note": note,
        "evolved_from": evolved_from,
        "evolution_rate": evolution_rate,
    }
    created = funding is None
    if funding is None:
        funding = Funding(convention=convention, year=year, **values)
        save_checked(funding, reason)
    else:
        set_if_changed(funding, reason=reason, **values)
    _sync_shares(funding, shares, list(funding.shares.all()), None, reason)
    lines = list(funding.cost_lines.all())
    for order, (line_label, amount) in enumerate(cost_lines):
        line = next((x for x in lines if x.label == line_label), None)
        if line is None:
            save_checked(
                FundingCostLine(funding=funding, label=line_label, amount=amount, order=order)
            )
        else:
            set_if_changed(line, amount=amount, order=order)
    for line in lines:
        if line.label not in {label for label, _ in cost_lines}:
            line.delete()
    if actor is not None:
        audit(
            actor,
            "money.funding.create" if created else "money.funding.update",
            funding,
            f"{'Création' if created else 'Mise à jour'} du financement {year} de « {convention} »",
        )
    return funding


def _evolved_inputs(
    shares: list[FundingShare],
    parent_id: int | None,
    old_base: Decimal | None,
    new_base: Decimal | None,
    rate: Decimal,
) -> tuple[ShareInput, ...]:
    """Next year's shares: percents unchanged; stated amounts evolved by ``rate``. When the
    stated amounts of a level add up to its base, the new base is split in their proportions
    (``allocate``), so that the level still balances to the cent."""
    level = sorted((s for s in shares if s.parent_id == parent_id), key=lambda s: (s.order, s.pk))
    amounts = [s.stated_amount for s in level]
    known = [a for a in amounts if a is not None]
    if (
        level
        and len(known) == len(amounts)
        and old_base is not None
        and new_base is not None
        and sum(known) == old_base
        and sum(known) > 0
    ):
        new_amounts: list[Decimal | None] = list(allocate(new_base, known))
    else:
        new_amounts = [evolve(a, rate) if a is not None else None for a in amounts]
    return tuple(
        ShareInput(
            label=share.label,
            party=share.party,
            percent=share.stated_percent,
            amount=new_amount,
            children_percent_of=share.children_percent_of,
            children=_evolved_inputs(shares, share.pk, share.stated_amount, new_amount, rate),
        )
        for share, new_amount in zip(level, new_amounts, strict=True)
    )


def _check_rate(rate_percent: Decimal) -> Decimal:
    rate_percent = Decimal(rate_percent)
    if not Decimal(-100) <= rate_percent <= Decimal(100):
        raise ValidationError(
            {"rate_percent": "Le taux d'évolution doit être compris entre -100 % et 100 %."}
        )
    return rate_percent


def _revise(funding: Funding, rate: EvolutionRate, actor: Any) -> Funding:
    """Next year's funding = this year's × (1 + rate); created, or revised with history."""
    year = funding.year + 1
    rate_percent = rate.rate_percent
    new_total = evolve(funding.total, rate_percent) if funding.total is not None else None
    shares = list(funding.shares.select_related("party__organisation"))
    reason = f"Taux d'évolution {year} : {format_percent(rate_percent, None)}"
    existing = Funding.objects.filter(convention=funding.convention, year=year).first()
    revised = save_funding(
        funding.convention,
        year,
        total=new_total,
        label=existing.label if existing else funding.label.replace(str(funding.year), str(year)),
        shares=_evolved_inputs(shares, None, funding.total, new_total, rate_percent),
        cost_lines=[(x.label, x.amount) for x in existing.cost_lines.all()] if existing else [],
        source=existing.source if existing else funding.source,
        note=existing.note if existing else "",
        reason=reason,
        evolved_from=funding,
        evolution_rate=rate,
    )
    audit(
        actor,
        "money.evolution_rate",
        revised,
        f"{reason} appliqué au financement {funding.year} de « {funding.convention} »"
        + (f" : {format_eur(new_total)}" if new_total is not None else " (montant inconnu)"),
        rate_percent=str(rate_percent),
        year=year,
    )
    return revised


def _save_rate(
    rate_percent: Decimal, deliberation: Any, note: str, **voted_for: Any
) -> EvolutionRate:
    """The rate voted for ``voted_for`` (a convention or an organisation, and a year),
    recorded, or updated when one was already."""
    values = {"rate_percent": _check_rate(rate_percent), "deliberation": deliberation, "note": note}
    rate = EvolutionRate.objects.filter(**voted_for).first()
    if rate is None:
        rate = EvolutionRate(**voted_for, **values)
        save_checked(rate)
    else:
        set_if_changed(rate, **values)
    return rate


@transaction.atomic
def apply_evolution_rate(
    funding: Funding,
    rate_percent: Decimal,
    *,
    deliberation: Any = None,
    note: str = "",
    actor: Any = None,
) -> Funding:
    """Record the rate voted for next year and revise next year's funding from this year's
    (seed 001 art. 8.1: « taux d'évolution des dépenses voté par l'Assemblée départementale »).
    Next year's funding is created or revised; its previous values stay in its history."""
    rate = _save_rate(
        rate_percent, deliberation, note, convention=funding.convention, year=funding.year + 1
    )
    return _revise(funding, rate, actor)


@transaction.atomic
def apply_funder_rate(
    organisation: Any,
    year: int,
    rate_percent: Decimal,
    *,
    deliberation: Any = None,
    note: str = "",
    actor: Any = None,
) -> list[Funding]:
    """A rate voted by a funder's assembly for all its conventions (seed 001 art. 8.1: the 8
    Pas-de-Calais conventions follow the rate of the Assemblée départementale): every
    convention the organisation funds (pilot or co-funder) with a funding for ``year - 1`` and
    no rate of its own for ``year`` gets its ``year`` funding revised."""
    rate = _save_rate(rate_percent, deliberation, note, organisation=organisation, year=year)
    fundings = (
        Funding.objects.filter(
            year=year - 1,
            convention__parties__organisation=organisation,
            convention__parties__role__in=FUNDING_ROLES,
        )
        .exclude(convention__evolution_rates__year=year)
        .distinct()
        .order_by("convention", "pk")
    )
    return [_revise(funding, rate, actor) for funding in fundings]
