"""The Drôme advance and prorated balance (seed 004 art. 6), read from the stored schedule.

The clause: « Un versement de 60 % de la dotation annuelle sera versé courant 1er trimestre de
l'année en cours si un 1 ETP au moins est en poste. Le solde soit 40 % sera réglé sur
présentation du rapport d'activité N-1 […] ainsi qu'un état des effectifs […] avec une
transmission avant le 30 novembre de l'année N. Si la présence éducative réelle sur l'année est
inférieure au prévisionnel alors le versement de ce solde sera effectué au prorata de la
présence réelle des éducateurs. »

**Reading retained by default (``ProrataReading.BALANCE_ONLY``)**: the text prorates « ce
solde », and only it. The advance paid in the first quarter stays acquired; the balance is the
nominal 40 % × real presence / planned presence (FTE-days of the educators over the calendar
year, capped at 100 %). The last paragraph of article 6 (« solliciter la restitution de toute
somme versée qui n'aurait pas été utilisée conformément aux engagements ») is a general clause
about misuse, not a second prorata: it is recorded as a ``Restitution`` when the Département
asks for one, never computed automatically. The other reading (``WHOLE_GRANT``: the whole grant
is prorated and the advance deducted, possibly leaving a sum to pay back) can be chosen per
schedule; the convention's money page always shows what each reading would pay.

Dates retained: the advance's condition is checked on 31 March (the last day of the first
quarter, « courant 1er trimestre »), or on 1 January if the schedule says so; the advance falls
due on 31 March; the balance on 31 December of year N, the staff statement being due before
30 November of year N.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from reperes.rules.allocation import format_decimal
from reperes.rules.schedules import (
    PRORATA_READINGS,
    AdvanceBalanceResult,
    AdvanceTerms,
    ProrataReading,
    StaffSpell,
    advance_and_balance,
    compare_readings,
)

from .funding import FundingView, funding_view
from .models import Funding, PaymentSchedule
from .register import planned_fte_from_register, staff_spells

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ProrataInputs:
    year: int
    annual: Decimal
    spells: tuple[StaffSpell, ...]
    planned_fte: Decimal
    check_on: date
    advance_due_on: date
    balance_due_on: date

    def kwargs(self, schedule: PaymentSchedule) -> AdvanceTerms:
        return {
            "planned_fte": self.planned_fte,
            "advance_rate": (schedule.advance_percent or Decimal(0)) / HUNDRED,
            "min_fte_for_advance": schedule.min_fte_for_advance,
            "advance_check_on": self.check_on,
            "advance_due_on": self.advance_due_on,
        }


def annual_amount(schedule: PaymentSchedule, year: int, view: FundingView | None = None) -> Decimal:
    """What the payer owes for ``year`` under the funding's shares; French error otherwise."""
    if view is None:
        funding = Funding.objects.filter(convention_id=schedule.convention_id, year=year).first()
        if funding is None:
            raise ValidationError(
                f"Aucun financement n'est enregistré pour {year} : le montant à verser n'est "
                "pas connu."
            )
        view = funding_view(funding)
    amount = view.amount_for_party(schedule.payer_id)
    if amount is None:
        raise ValidationError(
            f"Le montant dû par {schedule.payer.organisation} pour {year} n'est pas connu : "
            "renseignez le total du financement et la part de ce financeur."
        )
    return amount


def prorata_inputs(
    schedule: PaymentSchedule,
    year: int,
    *,
    spells: Sequence[StaffSpell] | None = None,
    view: FundingView | None = None,
) -> ProrataInputs:
    annual = annual_amount(schedule, year, view)
    if spells is None:
        spells = staff_spells(schedule.convention.service_id, year)
    if spells is None:
        raise ValidationError(
            "Le registre du personnel n'est pas disponible : la présence des éducateurs, et donc "
            "le solde, ne peuvent pas être calculés."
        )
    planned = schedule.planned_fte or planned_fte_from_register(
        schedule.convention.service_id, year
    )
    if planned is None:
        raise ValidationError(
            "Indiquez le nombre d'ETP prévus (échéancier ou tableau des effectifs) : le prorata "
            "compare la présence réelle à la présence prévue."
        )
    return ProrataInputs(
        year=year,
        annual=annual,
        spells=tuple(spells),
        planned_fte=Decimal(planned),
        check_on=schedule.advance_check_on(year),
        # The advance falls due when its condition is checked (a choice of the schedule), the
        # balance at the end of the year it belongs to.
        advance_due_on=schedule.advance_check_on(year),
        balance_due_on=date(year, 12, 31),
    )


def result_for(schedule: PaymentSchedule, inputs: ProrataInputs) -> AdvanceBalanceResult:
    return advance_and_balance(
        inputs.year,
        inputs.annual,
        list(inputs.spells),
        reading=ProrataReading(schedule.prorata_reading),
        **inputs.kwargs(schedule),
    )


@dataclass(frozen=True)
class ReadingRow:
    reading: ProrataReading
    label: str
    result: AdvanceBalanceResult
    retained: bool


def readings_for(schedule: PaymentSchedule, inputs: ProrataInputs) -> list[ReadingRow]:
    """What each reading of the clause pays for the year, the schedule's own reading first."""
    results = compare_readings(
        inputs.year,
        inputs.annual,
        list(inputs.spells),
        **inputs.kwargs(schedule),
    )
    rows = [
        ReadingRow(
            reading=reading,
            label=PRORATA_READINGS[reading],
            result=result,
            retained=reading == schedule.prorata_reading,
        )
        for reading, result in results.items()
    ]
    return sorted(rows, key=lambda row: not row.retained)


def balance_condition(inputs: ProrataInputs, result: AdvanceBalanceResult) -> str:
    return (
        f"Sur présentation du rapport d'activité {inputs.year - 1} et de l'état des effectifs "
        f"{inputs.year}. Présence réelle : "
        f"{format_decimal(result.real_fte_days, None)} ETP-jours pour "
        f"{format_decimal(result.planned_fte_days, None)} prévus."
    )
