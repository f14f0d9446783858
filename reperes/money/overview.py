"""What the money page of a convention shows, fetched in a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from reperes.conventions.models import Convention, Party

from .abilities import get_money_abilities, schedule_abilities
from .enums import InstalmentStatus, ScheduleKind
from .funding import FundingView, funding_view
from .models import (
    CallForFunds,
    EvolutionRate,
    Funding,
    FundingShare,
    InKindContribution,
    Instalment,
    OtherFunding,
    PaymentSchedule,
    Restitution,
)
from .prorata import ProrataInputs, ReadingRow, prorata_inputs, readings_for

#: CSS classes of reperes.css for each status (the label is always written next to it).
STATUS_CLASSES = {
    InstalmentStatus.PLANNED: "status-draft",
    InstalmentStatus.DUE: "status-signed",
    InstalmentStatus.LATE: "status-terminated",
    InstalmentStatus.PARTIAL: "status-expired",
    InstalmentStatus.PAID: "status-in_force",
    InstalmentStatus.NOT_DUE: "status-withdrawn",
}


@dataclass(frozen=True)
class InstalmentRow:
    instalment: Instalment
    status: InstalmentStatus

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.status]


@dataclass
class YearBlock:
    year: int
    rows: list[InstalmentRow] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((r.instalment.amount for r in self.rows), Decimal("0.00"))

    @property
    def paid(self) -> Decimal:
        return sum((r.instalment.paid_amount or Decimal(0) for r in self.rows), Decimal("0.00"))

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid


@dataclass
class Readings:
    year: int
    inputs: ProrataInputs | None
    rows: list[ReadingRow]
    error: str = ""


@dataclass
class ScheduleView:
    schedule: PaymentSchedule
    abilities: dict[str, bool]
    years: list[YearBlock]
    calls: list[CallForFunds]
    open_instalments: list[Instalment]
    readings: Readings | None = None
    payment_form: Any = None

    @property
    def dom_id(self) -> str:
        return f"echeancier-{self.schedule.pk}"


@dataclass
class MoneyPage:
    convention: Convention
    on: date
    parties: list[Party]
    fundings: list[FundingView]
    rates: list[EvolutionRate]
    history: list[Any]
    in_kind: list[InKindContribution]
    others: list[OtherFunding]
    schedules: list[ScheduleView]
    restitutions: list[Restitution]
    abilities: dict[str, bool]
    readings_year: int | None

    @property
    def warning_count(self) -> int:
        return sum(len(view.warnings) for view in self.fundings)


def schedule_queryset() -> Any:
    return PaymentSchedule.objects.select_related(
        "convention", "payer__organisation", "payee__organisation"
    ).prefetch_related(
        Prefetch("instalments", queryset=Instalment.objects.order_by("year", "due_on", "slot")),
        Prefetch("calls", queryset=CallForFunds.objects.select_related("addressee__organisation")),
    )


def schedule_view(
    schedule: PaymentSchedule,
    user: Any,
    on: date,
    *,
    readings_year: int | None = None,
    fundings: dict[int, FundingView] | None = None,
) -> ScheduleView:
    blocks: dict[int, YearBlock] = {}
    open_instalments = []
    for instalment in schedule.instalments.all():
        block = blocks.setdefault(instalment.year, YearBlock(instalment.year))
        block.rows.append(InstalmentRow(instalment, instalment.status_on(on)))
        if instalment.is_open():
            open_instalments.append(instalment)
    view = ScheduleView(
        schedule=schedule,
        abilities=schedule_abilities(user, schedule),
        years=[blocks[y] for y in sorted(blocks)],
        calls=list(schedule.calls.all()),
        open_instalments=open_instalments,
    )
    if schedule.kind == ScheduleKind.ADVANCE_BALANCE and readings_year is not None:
        view.readings = _readings(schedule, readings_year, (fundings or {}).get(readings_year))
    return view


def _readings(schedule: PaymentSchedule, year: int, view: FundingView | None) -> Readings:
    if view is None:
        return Readings(year, None, [], f"Aucun financement n'est enregistré pour {year}.")
    try:
        inputs = prorata_inputs(schedule, year, view=view)
    except ValidationError as exc:
        return Readings(year, None, [], " ".join(exc.messages))
    return Readings(year, inputs, readings_for(schedule, inputs))


def _readings_year(years: list[int], on: date, asked: str | None) -> int | None:
    if asked and asked.isdigit() and int(asked) in years:
        return int(asked)
    if not years:
        return None
    past = [y for y in years if y <= on.year]
    return max(past) if past else min(years)


def money_page(convention: Convention, user: Any, on: date, asked_year: str | None) -> MoneyPage:
    parties = list(convention.parties.select_related("organisation"))
    fundings = list(
        Funding.objects.filter(convention=convention)
        .select_related("evolution_rate", "evolved_from")
        .prefetch_related(
            Prefetch(
                "shares",
                queryset=FundingShare.objects.select_related("party__organisation"),
            ),
            "cost_lines",
        )
    )
    views = [funding_view(f, list(f.shares.all()), list(f.cost_lines.all())) for f in fundings]
    by_year = {view.funding.year: view for view in views}
    readings_year = _readings_year(sorted(by_year), on, asked_year)
    organisations = [p.organisation_id for p in parties]
    rates = list(
        EvolutionRate.objects.filter(convention=convention).select_related("deliberation")
    ) + list(
        EvolutionRate.objects.filter(organisation_id__in=organisations).select_related(
            "deliberation", "organisation"
        )
    )
    history = list(
        Funding.history.filter(convention_id=convention.pk)
        .select_related("history_user")
        .order_by("-history_date")[:20]
    )
    schedules = [
        schedule_view(s, user, on, readings_year=readings_year, fundings=by_year)
        for s in schedule_queryset().filter(convention=convention)
    ]
    return MoneyPage(
        convention=convention,
        on=on,
        parties=parties,
        fundings=views,
        rates=sorted(rates, key=lambda r: (r.year, r.pk)),
        history=history,
        in_kind=list(
            InKindContribution.objects.filter(convention=convention).select_related(
                "party__organisation"
            )
        ),
        others=list(OtherFunding.objects.filter(convention=convention).select_related("funder")),
        schedules=schedules,
        restitutions=list(Restitution.objects.filter(convention=convention)),
        abilities=get_money_abilities(user, parties),
        readings_year=readings_year,
    )
