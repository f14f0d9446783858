"""Payment schedules of a convention's money and the prorata on educators' presence.

Schedules found in the seeds (BRIEF §3):

- seed 001 (Pas-de-Calais) art. 8.1: "Le financement départemental ainsi calculé fait l'objet
  d'un versement par dotation mensuelle" — ``monthly_instalments``;
- seed 002 (Dijon Métropole) art. 6: "Le versement interviendra en une fois sur appel de fonds
  de Dijon Métropole" — ``single_payment``;
- seed 004 (Drôme) art. 6: "une dotation fixe de 245 000 € par an. Un versement de 60% de la
  dotation annuelle sera versé courant 1er trimestre de l'année en cours si un 1 ETP au moins
  est en poste. Le solde soit 40% sera réglé sur présentation du rapport d'activité N-1 […]
  ainsi qu'un état des effectifs composé des CV des éducateurs présents (date d'arrivée et date
  de départ) sur l'année avec une transmission avant le 30 novembre de l'année N. Si la
  présence éducative réelle sur l'année est inférieure au prévisionnel alors le versement de ce
  solde sera effectué au prorata de la présence réelle des éducateurs." and "Le Département se
  réserve en outre la possibilité de solliciter la restitution de toute somme versée qui
  n'aurait pas été utilisée" — ``advance_and_balance``.

Presence is counted in FTE-days (ETP × jours) over the calendar year, first and last days
included, so a leap year has 366 days. Amounts are ``Decimal`` rounded half-up to the cent.
Pure Python, no Django import, no I/O.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Required, TypedDict, Unpack

from reperes.rules.allocation import (
    allocate,
    format_decimal,
    format_eur,
    format_percent,
    round_cents,
    round_half_up,
)
from reperes.rules.due import MONTH_NAMES

#: ``AdvanceBalanceResult.ratio`` is rounded half-up to 12 decimals; the amounts are computed
#: from that rounded ratio, so that "montant × ratio" can be checked from what is displayed.
RATIO_PLACES = 12


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _of_month(month: int) -> str:
    """French "de janvier", "d'avril": elision before a vowel."""
    name = MONTH_NAMES[month - 1]
    return f"d'{name}" if name[0] in "aeiouy" else f"de {name}"


def _money(value: Decimal, what: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} : un Decimal est attendu, pas {value!r}")
    exact = Fraction(value)
    if exact < 0:
        raise ValueError(f"{what} ne peut pas être négatif ({value}).")
    if (exact * 100).denominator != 1:
        raise ValueError(f"{what} doit être un nombre entier de centimes ({value}).")
    return Decimal(value).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Instalment:
    """One payment: when it is due, how much, and in French what it is and on what condition."""

    due_on: date
    amount: Decimal
    label: str
    condition: str = ""


def monthly_instalments(year: int, annual: Decimal, *, day: int = 1) -> list[Instalment]:
    """Twelve monthly instalments of ``annual`` for ``year`` (seed 001 art. 8.1, "versement par
    dotation mensuelle"), labelled "Dotation mensuelle de janvier 2024" … "d'août 2024" ….

    The months are split by ``allocation.allocate`` with equal weights: they sum exactly to
    ``annual``, each differs from ``annual / 12`` by less than a cent, and the cents left over
    go to the first months (12 000,05 € gives 1 000,01 € for January to May, 1 000,00 € after).
    Each falls due on ``day`` of its month, or on the month's last day when it has no such day
    (``day=31`` gives 30 April, 28 or 29 February).
    """
    if not 1 <= day <= 31:
        raise ValueError(f"Le jour d'échéance doit être compris entre 1 et 31 ({day}).")
    amounts = allocate(_money(annual, "La dotation annuelle"), [Decimal(1)] * 12)
    return [
        Instalment(
            due_on=date(year, month, min(day, calendar.monthrange(year, month)[1])),
            amount=amount,
            label=f"Dotation mensuelle {_of_month(month)} {year}",
        )
        for month, amount in enumerate(amounts, start=1)
    ]


PERIOD_NAMES = {1: None, 3: "trimestre", 6: "semestre", 12: "année"}


def periodic_instalments(
    year: int, annual: Decimal, *, months: int, day: int = 1
) -> list[Instalment]:
    """``annual`` split in equal parts over the periods of ``months`` months of ``year`` (a
    quarterly schedule pays four times 25 %), each due on ``day`` of the period's first month
    (its last day when the month is shorter). Shares are made by ``allocation.allocate``: they
    sum exactly to ``annual``, the cents left over going to the first periods."""
    if months not in PERIOD_NAMES:
        raise ValueError(f"Périodicité inconnue : {months} mois (1, 3, 6 ou 12).")
    if months == 1:
        return monthly_instalments(year, annual, day=day)
    if not 1 <= day <= 31:
        raise ValueError(f"Le jour d'échéance doit être compris entre 1 et 31 ({day}).")
    count = 12 // months
    amounts = allocate(_money(annual, "La dotation annuelle"), [Decimal(1)] * count)
    share = format_percent(Decimal(100) / count, None)
    result = []
    for index, amount in enumerate(amounts):
        month = index * months + 1
        if months == 12:
            label = f"Versement annuel {year}"
        else:
            rank = "1er" if index == 0 else f"{index + 1}e"
            label = f"Versement du {rank} {PERIOD_NAMES[months]} {year} ({share})"
        result.append(
            Instalment(
                due_on=date(year, month, min(day, calendar.monthrange(year, month)[1])),
                amount=amount,
                label=label,
            )
        )
    return result


def single_payment(
    amount: Decimal, on: date, label: str, *, condition: str = ""
) -> list[Instalment]:
    """The whole sum in one payment (seed 002 art. 6: "Le versement interviendra en une fois
    sur appel de fonds de Dijon Métropole […] dès adoption et notification de la présente
    convention")."""
    return [
        Instalment(due_on=on, amount=_money(amount, "Le montant"), label=label, condition=condition)
    ]


# --- Staff presence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffSpell:
    """One person's contract in the staff register (seed 004 art. 6: "état des effectifs
    composé des CV des éducateurs présents (date d'arrivée et date de départ)").

    ``departure`` is the last day worked, inclusive; ``None`` means still in post. ``counts`` is
    false for staff whose presence does not enter the prorata (the clause counts "la présence
    réelle des éducateurs": not the secretary, not the head of service unless the convention
    says so).
    """

    fte: Decimal
    arrival: date
    departure: date | None = None
    counts: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.fte, bool) or not isinstance(self.fte, Decimal | int):
            raise TypeError(f"ETP : un Decimal est attendu, pas {self.fte!r}")
        if self.fte < 0:
            raise ValueError(f"Un ETP ne peut pas être négatif ({self.fte}).")
        if self.departure is not None and self.departure < self.arrival:
            raise ValueError(
                f"Départ le {_fr(self.departure)} avant l'arrivée le {_fr(self.arrival)}."
            )

    def days_within(self, start: date, end: date) -> int:
        """Days of presence within [start, end], both included."""
        first = max(start, self.arrival)
        last = end if self.departure is None else min(end, self.departure)
        return max(0, (last - first).days + 1)

    def in_post(self, on: date) -> bool:
        return self.arrival <= on and (self.departure is None or on <= self.departure)


def _check_range(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"La période se termine le {_fr(end)}, avant son début le {_fr(start)}.")


def presence_fte_days(spells: Sequence[StaffSpell], start: date, end: date) -> Decimal:
    """Σ fte × days present within [start, end] (both included), over the spells that count."""
    _check_range(start, end)
    total = sum(
        (Fraction(s.fte) * s.days_within(start, end) for s in spells if s.counts), Fraction(0)
    )
    return _decimal(total)


def fte_in_post(spells: Sequence[StaffSpell], on: date) -> Decimal:
    """FTE of the counting spells in post on ``on`` (arrival and departure days included)."""
    return _decimal(
        sum((Fraction(s.fte) for s in spells if s.counts and s.in_post(on)), Fraction(0))
    )


def planned_fte_days(planned_fte: Decimal, start: date, end: date) -> Decimal:
    """Planned presence: ``planned_fte`` × days of [start, end], both included."""
    _check_range(start, end)
    return _decimal(Fraction(planned_fte) * ((end - start).days + 1))


def _decimal(value: Fraction) -> Decimal:
    """A sum of FTE × days is a terminating decimal: convert it exactly, without trailing zeros
    beyond the FTE's own decimals."""
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    return round_half_up(value, places)


# --- Advance and balance (seed 004 art. 6) ------------------------------------------------------


class ProrataReading(StrEnum):
    """The two readings of seed 004 art. 6 "le versement de ce solde sera effectué au prorata de
    la présence réelle des éducateurs"."""

    BALANCE_ONLY = "solde"
    WHOLE_GRANT = "dotation"


PRORATA_READINGS: dict[ProrataReading, str] = {
    ProrataReading.BALANCE_ONLY: (
        "Lecture littérale (« ce solde … au prorata ») : seul le solde est multiplié par la "
        "présence réelle rapportée à la présence prévue ; l'avance reste acquise."
    ),
    ProrataReading.WHOLE_GRANT: (
        "Lecture « dotation » : la dotation de l'année est celle que justifie la présence réelle "
        "(dotation × présence réelle / présence prévue) ; le solde est cette dotation moins "
        "l'avance déjà versée, et s'il est négatif la différence est à restituer."
    ),
}


@dataclass(frozen=True)
class AdvanceBalanceResult:
    """What seed 004 art. 6 pays for one year under one reading.

    ``advance`` is ``None`` when its condition failed, ``advance_refused_reason`` then says why
    (empty otherwise). ``balance`` is what remains to pay, ``restitution`` what the operator
    would owe back (WHOLE_GRANT only). ``ratio`` is real / planned FTE-days, capped at 1 and
    rounded to ``RATIO_PLACES`` decimals. ``explanation`` gives the computation in French.
    """

    advance: Instalment | None
    advance_refused_reason: str
    balance: Decimal
    restitution: Decimal
    ratio: Decimal
    real_fte_days: Decimal
    planned_fte_days: Decimal
    reading: ProrataReading
    explanation: str

    @property
    def advance_amount(self) -> Decimal:
        return self.advance.amount if self.advance is not None else Decimal("0.00")

    @property
    def net(self) -> Decimal:
        """What the year finally costs the funder: advance + balance − restitution."""
        return self.advance_amount + self.balance - self.restitution


def advance_and_balance(
    year: int,
    annual: Decimal,
    spells: Sequence[StaffSpell],
    *,
    planned_fte: Decimal,
    advance_rate: Decimal,
    min_fte_for_advance: Decimal = Decimal("1"),
    advance_check_on: date | None = None,
    advance_due_on: date | None = None,
    reading: ProrataReading = ProrataReading.BALANCE_ONLY,
) -> AdvanceBalanceResult:
    """Advance and balance of a fixed annual grant (seed 004 art. 6).

    - Advance: ``advance_rate`` (60 %) of ``annual``, rounded half-up to the cent, paid
      "courant 1er trimestre … si un 1 ETP au moins est en poste". The condition is checked on
      ``advance_check_on``, by default 31 March of ``year``: the last day of Q1 on which it can
      still be met (a team complete on 15 March qualifies). The instalment falls due on
      ``advance_due_on``, by default the same 31 March ("courant 1er trimestre": at the latest).
      Only spells that count (educators) are counted.
    - Presence: real FTE-days of the counting spells over 1 January – 31 December of ``year``
      (366 days in a leap year) against ``planned_fte`` × days. A spell still open counts to 31
      December: the staff statement is due before 30 November, so the last weeks are a forecast
      the Département may correct. ``ratio`` = real / planned, capped at 1 — the clause only
      applies "si la présence éducative réelle sur l'année est inférieure au prévisionnel",
      presence above plan never increases the grant.
    - Balance, advance paid: the nominal balance is ``annual`` − advance (the "40 %", computed
      as a difference so that advance + balance is exactly ``annual``). BALANCE_ONLY: balance =
      nominal balance × ratio. WHOLE_GRANT: due = ``annual`` × ratio, balance = due − advance,
      and when that is negative the balance is 0 and ``restitution`` is the difference.
    - Balance, advance refused: nothing has been paid, so under both readings the whole grant is
      settled at the balance stage: balance = ``annual`` × ratio, minus nothing.

    Each product is rounded half-up to the cent; advance + balance never exceeds ``annual``.
    """
    annual = _money(annual, "La dotation annuelle")
    if not Decimal(0) <= advance_rate <= Decimal(1):
        raise ValueError(f"Le taux d'avance doit être compris entre 0 et 1 ({advance_rate}).")
    if planned_fte <= 0:
        raise ValueError(f"La présence prévue doit être positive ({planned_fte} ETP).")
    reading = ProrataReading(reading)
    start, end = date(year, 1, 1), date(year, 12, 31)
    check_on = advance_check_on or date(year, 3, 31)
    due_on = advance_due_on or date(year, 3, 31)

    real = presence_fte_days(spells, start, end)
    planned = planned_fte_days(planned_fte, start, end)
    ratio = round_half_up(min(Fraction(1), Fraction(real) / Fraction(planned)), RATIO_PLACES)
    rate_text = format_percent(Decimal(advance_rate) * 100, None)
    ratio_text = format_percent(ratio * 100, 2)
    prorata_text = (
        f"{format_decimal(real, None)} / {format_decimal(planned, None)}"
        if real < planned
        else format_percent(Decimal(100), None)
    )
    in_post = fte_in_post(spells, check_on)
    days = (end - start).days + 1

    lines = [f"Dotation {year} : {format_eur(annual)}."]
    advance: Instalment | None = None
    refused = ""
    if in_post >= min_fte_for_advance:
        advance = Instalment(
            due_on=due_on,
            amount=round_cents(Fraction(annual) * Fraction(advance_rate)),
            label=f"Avance de {rate_text} de la dotation {year}",
            condition=(
                f"Au moins {format_decimal(min_fte_for_advance, None)} ETP en poste au "
                f"{_fr(check_on)} (premier trimestre) : {format_decimal(in_post, None)} ETP."
            ),
        )
        lines.append(
            f"Avance de {rate_text} versée au premier trimestre ({format_decimal(in_post, None)}"
            f" ETP en poste au {_fr(check_on)}) : {format_eur(advance.amount)}."
        )
    else:
        refused = (
            f"Pas d'avance : {format_decimal(in_post, None)} ETP en poste au {_fr(check_on)}, "
            f"il en faut au moins {format_decimal(min_fte_for_advance, None)}."
        )
        lines.append(refused)

    lines.append(
        f"Présence éducative réelle : {format_decimal(real, None)} ETP-jours pour "
        f"{format_decimal(planned, None)} prévus ({format_decimal(planned_fte, None)} ETP × "
        f"{days} jours), soit un ratio de {ratio_text}"
        + (
            " (plafonné à 100\u202f% : le prorata ne joue que si la présence est inférieure)."
            if real >= planned
            else "."
        )
    )

    restitution = Decimal("0.00")
    if advance is None:
        balance = round_cents(Fraction(annual) * Fraction(ratio))
        lines.append(
            "Sans avance, toute la dotation est réglée au solde : "
            f"{format_eur(annual)} × {prorata_text} = {format_eur(balance)}."
        )
    elif reading is ProrataReading.BALANCE_ONLY:
        nominal = annual - advance.amount
        balance = round_cents(Fraction(nominal) * Fraction(ratio))
        lines.append(
            f"Lecture « solde » : seul le solde est proratisé, {format_eur(nominal)} × "
            f"{prorata_text} = {format_eur(balance)}."
        )
    else:
        due = round_cents(Fraction(annual) * Fraction(ratio))
        balance = due - advance.amount
        lines.append(
            f"Lecture « dotation » : la dotation justifiée est {format_eur(annual)} × "
            f"{prorata_text} = {format_eur(due)} ; l'avance de {format_eur(advance.amount)} en "
            "est déduite."
        )
        if balance < 0:
            restitution, balance = -balance, Decimal("0.00")
            lines.append(
                f"L'avance dépasse la dotation justifiée : {format_eur(restitution)} sont à "
                "restituer."
            )
        else:
            lines.append(f"Solde : {format_eur(balance)}.")
    total_paid = (advance.amount if advance else Decimal(0)) + balance - restitution
    lines.append(f"Total de l'année : {format_eur(total_paid)}.")
    return AdvanceBalanceResult(
        advance=advance,
        advance_refused_reason=refused,
        balance=balance,
        restitution=restitution,
        ratio=ratio,
        real_fte_days=real,
        planned_fte_days=planned,
        reading=reading,
        explanation=" ".join(lines),
    )


class AdvanceTerms(TypedDict, total=False):
    """The clause's terms that ``advance_and_balance`` takes by keyword, as
    ``compare_readings`` passes them on (the optional ones keep its defaults)."""

    planned_fte: Required[Decimal]
    advance_rate: Required[Decimal]
    min_fte_for_advance: Decimal
    advance_check_on: date | None
    advance_due_on: date | None


def compare_readings(
    year: int, annual: Decimal, spells: Sequence[StaffSpell], **terms: Unpack[AdvanceTerms]
) -> dict[ProrataReading, AdvanceBalanceResult]:
    """``advance_and_balance`` under each reading of seed 004 art. 6, so that the convention
    page can show what each would pay (they differ only when the advance was paid and the
    presence fell short of the plan)."""
    return {
        reading: advance_and_balance(year, annual, spells, reading=reading, **terms)
        for reading in ProrataReading
    }
