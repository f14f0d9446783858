"""Shares of a convention's money, in euros, exactly to the cent.

The conventions state who pays what as percentages, as fixed amounts, or both, and the seeds show
that the two do not always agree:

- seed 002 (Dijon Métropole) art. 6: a cost of 17 500 € ("Analyse de la pratique : 4 300 €,
  Accompagnement psychologique 13 200 €"), paid by the CCAS and the Caisse des écoles
  ("Chenôve (16 %) : 1 224,00 € … Total : 7 500,00 €") and by the métropole (10 000 €). The five
  percentages sum to 98 % and none of them matches its amount (1 224 € is 16,32 % of 7 500 €);
- seed 001 (Pas-de-Calais) art. 8.1: "Département : 95 % / Communes : 5 % — Dont Commune X …%,
  Dont Commune Y …%", the split between communes left blank in the model convention, and the
  amounts "susceptibles d'évoluer chaque année … [selon le] taux d'évolution des dépenses voté
  par l'Assemblée départementale";
- seed 002 art. 3: "913 jeunes … contre 812 en 2015, soit une augmentation de 18%" (it is
  +12,44 %).

Rules implemented here (BRIEF §3 "totals must balance to the cent and disagreements between
stated percentages and amounts are flagged, not hidden"):

- money is ``Decimal`` with two decimal places; every rounding is explicit;
- ``allocate`` splits a sum by the largest-remainder method (see its docstring);
- ``allocate_shares`` pays what the signed text says and reports, as ``AllocationWarning``
  objects with French messages, every disagreement it sees — it never corrects one silently.

Pure Python, no Django import.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

# The ground (rounding, the largest-remainder split, French formats) lives in ``cents``; its
# public names stay importable from here, where the rest of the code has always found them.
from .cents import (
    CENT,
    EURO_SPACE,
    HALF_CENT,
    HUNDRED,
    PERCENT_SPACE,
    THOUSANDS_SEPARATOR,
    allocate,
    exact_fraction,
    format_decimal,
    format_eur,
    format_percent,
    require_cents,
    round_cents,
    round_half_up,
    signed_percent,
    split_cents,
)
from .labelled import LabelledEnum

#: ``AllocatedShare.exact`` is rounded to the millionth of a euro (display and audit only).
EXACT_QUANTUM = Decimal("0.000001")
#: A stated growth rate is accepted when within 0.05 point of the real one (``check_growth``).
GROWTH_TOLERANCE = Decimal("0.05")

__all__ = [
    "CENT",
    "EURO_SPACE",
    "HALF_CENT",
    "HUNDRED",
    "PERCENT_SPACE",
    "THOUSANDS_SEPARATOR",
    "AllocatedShare",
    "Allocation",
    "AllocationWarning",
    "StatedShare",
    "WarningKind",
    "allocate",
    "allocate_shares",
    "amount_sum_warning",
    "check_growth",
    "evolve",
    "format_decimal",
    "format_eur",
    "format_percent",
    "round_cents",
    "round_half_up",
]

PercentOf = Literal["parent", "total"]
Prefer = Literal["amount", "percent"]


# --- Stated shares and warnings ----------------------------------------------------------------


class WarningKind(LabelledEnum):
    """What a convention's figures can get wrong (BRIEF §3, seeds 001 art. 8.1 and 002 art. 3
    and 6)."""

    #: "les pourcentages ne totalisent pas 100 %" (seed 002: 16 + 63 + 10 + 4 + 5 = 98 %).
    PERCENT_SUM = "percent_sum", "Les pourcentages ne totalisent pas 100\u202f%"
    #: a stated amount is not its stated percent of the base, beyond half a cent (seed 002).
    AMOUNT_VS_PERCENT = "amount_vs_percent", "Montant et pourcentage en désaccord"
    #: the parts (stated amounts, or what could be paid) do not sum to the total.
    AMOUNT_SUM = "amount_sum", "Les montants ne totalisent pas le total"
    #: a share states neither a percent nor an amount ("Dont Commune X …%", seed 001).
    MISSING = "missing", "Part non renseignée"
    #: a stated growth rate does not match the figures it comments (seed 002 art. 3).
    RATE_VS_FIGURES = "rate_vs_figures", "Taux d'évolution et chiffres en désaccord"


@dataclass(frozen=True)
class AllocationWarning:
    """A disagreement found in a convention's figures, in French.

    ``key`` is the share concerned, the parent share for a problem among its children, ``None``
    for the top level or a figure that is not a share. ``stated`` is what the text says,
    ``computed`` what the figures give.
    """

    kind: WarningKind
    key: str | None
    message: str
    stated: str
    computed: str

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class StatedShare:
    """What a convention states for one party: a percentage, a fixed amount, or both.

    Seed 002 art. 6 states both ("Chenôve (16 %) : 1 224,00 €") and they disagree; seed 001
    art. 8.1 states percents only ("Département : 95 %", "Communes : 5 %") and leaves the
    communes' split blank ("Dont Commune X …%": a child with neither percent nor amount).

    ``children`` split this share further. ``children_percent_of`` says what the children's
    percents are percents *of*: ``"parent"`` (default) — of this share, so they should total
    100 % ("Commune X : 60 % de la part communale"); ``"total"`` — of the grand total, so they
    should total this share's percent ("Communes : 5 %, dont Commune X 3 %, dont Commune Y 2 %").
    Either way the children share this share's amount.
    """

    key: str
    label: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    children: tuple[StatedShare, ...] = ()
    children_percent_of: PercentOf = "parent"

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("Une part doit avoir une clé.")
        if self.percent is not None and exact_fraction(self.percent, self.label) < 0:
            raise ValueError(f"{self.label} : le pourcentage ne peut pas être négatif.")
        if self.amount is not None:
            require_cents(self.amount, f"{self.label} : le montant")
        if self.children_percent_of not in ("parent", "total"):
            raise ValueError(
                f"{self.label} : children_percent_of vaut « parent » ou « total », "
                f"pas {self.children_percent_of!r}."
            )
        object.__setattr__(self, "children", tuple(self.children))

    @property
    def missing(self) -> bool:
        return self.percent is None and self.amount is None


@dataclass(frozen=True)
class AllocatedShare:
    """One party's share in euros.

    ``amount`` is what is paid (whole cents). ``exact`` is the unrounded value of the rule that
    pays it (the stated amount, or the exact proportional part; to the millionth of a euro).
    ``effective_percent`` is ``amount`` as a percentage of the base the stated percent refers to
    (the total at the top level; the parent share, or the total, for children — see
    ``StatedShare.children_percent_of``), rounded half-up to 0.01 point.
    """

    key: str
    label: str
    amount: Decimal
    exact: Decimal
    stated_percent: Decimal | None
    stated_amount: Decimal | None
    effective_percent: Decimal
    children: tuple[AllocatedShare, ...]


@dataclass(frozen=True)
class Allocation:
    """The shares in euros for ``total``, with every disagreement found in the stated figures."""

    total: Decimal
    shares: tuple[AllocatedShare, ...]
    warnings: tuple[AllocationWarning, ...]

    @property
    def paid(self) -> Decimal:
        """Sum of the top-level amounts."""
        return sum((share.amount for share in self.shares), Decimal("0.00"))

    @property
    def balanced(self) -> bool:
        """Whether the top-level amounts sum exactly to the total."""
        return self.paid == self.total

    def walk(self) -> Iterator[AllocatedShare]:
        """Every share, depth first, parents before their children."""
        stack = list(reversed(self.shares))
        while stack:
            share = stack.pop()
            yield share
            stack.extend(reversed(share.children))

    def share(self, key: str) -> AllocatedShare:
        """The share with ``key``, at any depth (``KeyError`` when absent)."""
        for share in self.walk():
            if share.key == key:
                return share
        raise KeyError(key)


# --- allocate_shares ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    """One level of shares: they split ``base`` euros; their percents are percents of
    ``percent_base`` euros and should total ``expected_percent`` (``None``: unknown, compare in
    euros); ``owner`` is the parent share (``None`` at the top)."""

    base: Fraction
    percent_base: Fraction
    expected_percent: Fraction | None
    owner: StatedShare | None


def _exact_decimal(value: Fraction) -> Decimal:
    return round_half_up(value, 6)


def amount_sum_warning(
    key: str | None,
    parts: str,
    total: Fraction | Decimal,
    expected: Fraction | Decimal,
    then: str = "",
) -> AllocationWarning:
    """AMOUNT_SUM: « {parts} totalisent {total} au lieu de {expected}{then}. »"""
    return AllocationWarning(
        kind=WarningKind.AMOUNT_SUM,
        key=key,
        message=f"{parts} totalisent {format_eur(total)} au lieu de {format_eur(expected)}{then}.",
        stated=format_eur(total),
        computed=format_eur(expected),
    )


def _where(level: _Level) -> str:
    if level.owner is None:
        return ""
    return f" au sein de « {level.owner.label} »"


def _level_text_warnings(shares: Sequence[StatedShare], level: _Level) -> list[AllocationWarning]:
    """PERCENT_SUM and AMOUNT_SUM: do the stated figures of one level add up?"""
    warnings: list[AllocationWarning] = []
    key = level.owner.key if level.owner is not None else None
    stated = [share for share in shares if not share.missing]
    with_percent = [share for share in stated if share.percent is not None]
    amount_only = [share for share in stated if share.percent is None]
    if with_percent and not amount_only:
        percent_sum = sum(
            (Fraction(s.percent) for s in with_percent if s.percent is not None), Fraction(0)
        )
        if level.expected_percent is not None:
            wrong = percent_sum != level.expected_percent
            expected = format_percent(level.expected_percent, None)
        else:
            # Children as percents of the total under a parent without a stated percent: the
            # parent's amount tells what they should total.
            wrong = abs(percent_sum * level.percent_base / 100 - level.base) > Fraction(HALF_CENT)
            expected = (
                format_percent(level.base * 100 / level.percent_base, 2)
                if level.percent_base
                else "indéfini"
            )
        if wrong:
            total_text = format_percent(percent_sum, None)
            warnings.append(
                AllocationWarning(
                    kind=WarningKind.PERCENT_SUM,
                    key=key,
                    message=(
                        f"Les pourcentages{_where(level)} totalisent {total_text} "
                        f"au lieu de {expected}."
                    ),
                    stated=total_text,
                    computed=expected,
                )
            )
    if stated and all(share.amount is not None for share in stated):
        amount_sum = sum((Fraction(s.amount) for s in stated if s.amount is not None), Fraction(0))
        if amount_sum != level.base:
            gap = f" (écart {format_eur(amount_sum - level.base)})"
            parts = f"Les montants indiqués{_where(level)}"
            warnings.append(amount_sum_warning(key, parts, amount_sum, level.base, gap))
    elif with_percent and amount_only:
        fixed = sum((Fraction(s.amount) for s in amount_only if s.amount is not None), Fraction(0))
        by_percent = [s for s in with_percent if s.amount is None]
        percent_part = sum(
            (
                Fraction(s.percent) * level.percent_base / 100
                for s in by_percent
                if s.percent is not None
            ),
            Fraction(0),
        )
        both = sum((Fraction(s.amount) for s in with_percent if s.amount is not None), Fraction(0))
        text_sum = fixed + percent_part + both
        if abs(text_sum - level.base) > Fraction(HALF_CENT):
            rest = (
                " : les parts exprimées en pourcentage se partagent le reste, à proportion de "
                "leurs pourcentages"
            )
            parts = f"Les montants fixes et les pourcentages{_where(level)}"
            warnings.append(amount_sum_warning(key, parts, text_sum, level.base, rest))
    return warnings


def _share_text_warning(share: StatedShare, level: _Level) -> AllocationWarning | None:
    """AMOUNT_VS_PERCENT or MISSING for one share."""
    if share.missing:
        return AllocationWarning(
            kind=WarningKind.MISSING,
            key=share.key,
            message=(
                f"{share.label} : ni pourcentage ni montant n'est indiqué. Aucune somme ne lui "
                "est attribuée : la répartition n'est pas inventée, elle reste à compléter."
            ),
            stated="non renseigné",
            computed=format_eur(0),
        )
    if share.percent is None or share.amount is None:
        return None
    by_percent = Fraction(share.percent) * level.percent_base / 100
    if abs(Fraction(share.amount) - by_percent) <= Fraction(HALF_CENT):
        return None
    stated_percent = format_percent(share.percent, None)
    actual = (
        format_percent(Fraction(share.amount) * 100 / level.percent_base, 2)
        if level.percent_base
        else "indéfini"
    )
    base = format_eur(level.percent_base)
    return AllocationWarning(
        kind=WarningKind.AMOUNT_VS_PERCENT,
        key=share.key,
        message=(
            f"{share.label} : {format_eur(share.amount)} représentent {actual} de {base}, "
            f"alors que {stated_percent} de {base} font {format_eur(by_percent)}."
        ),
        stated=f"{format_eur(share.amount)} ({stated_percent})",
        computed=f"{actual} ; {stated_percent} = {format_eur(by_percent)}",
    )


def _paid_by_amount(share: StatedShare, prefer: Prefer) -> bool:
    if share.amount is None:
        return False
    return prefer == "amount" or share.percent is None


def _allocate_level(
    shares: Sequence[StatedShare],
    level: _Level,
    grand_total: Fraction,
    prefer: Prefer,
) -> tuple[list[AllocatedShare], list[AllocationWarning]]:
    warnings = _level_text_warnings(shares, level)
    key = level.owner.key if level.owner is not None else None

    paid: dict[int, tuple[int, Fraction]] = {}  # index -> (cents, exact euros)
    by_percent: list[int] = []
    for index, share in enumerate(shares):
        if share.missing:
            paid[index] = (0, Fraction(0))
        elif _paid_by_amount(share, prefer):
            assert share.amount is not None
            paid[index] = (int(Fraction(share.amount) * 100), Fraction(share.amount))
        else:
            by_percent.append(index)

    if by_percent:
        fixed_cents = sum(cents for cents, _ in paid.values())
        remaining = int(level.base * 100) - fixed_cents
        percents = [Fraction(shares[i].percent or 0) for i in by_percent]
        if any(share.missing for share in shares):
            # A blank sibling's part is unknown: the percent shares get their stated percent,
            # no more, and the rest stays unallocated (reported below).
            stated_cents = round_cents(sum(percents) * level.percent_base / 100) * 100
            pot = max(0, min(remaining, int(stated_cents)))
        else:
            pot = max(0, remaining)
        if sum(percents) > 0:
            for index, (cents, exact) in zip(by_percent, split_cents(pot, percents), strict=True):
                paid[index] = (cents, exact / 100)
        else:
            for index in by_percent:
                paid[index] = (0, Fraction(0))

    paid_cents = sum(cents for cents, _ in paid.values())
    base_cents = int(level.base * 100)
    if paid_cents != base_cents and not any(
        w.kind is WarningKind.AMOUNT_SUM and w.key == key for w in warnings
    ):
        gap = Fraction(base_cents - paid_cents, 100)
        what = "restent non répartis" if gap > 0 else "sont répartis en trop"
        paid_total = Fraction(paid_cents, 100)
        then = f" : {format_eur(abs(gap))} {what}"
        warnings.append(
            amount_sum_warning(key, f"Les parts{_where(level)}", paid_total, level.base, then)
        )

    allocated: list[AllocatedShare] = []
    for index, share in enumerate(shares):
        cents, exact = paid[index]
        amount = Fraction(cents, 100)
        own = _share_text_warning(share, level)
        if own is not None:
            warnings.append(own)
        children: list[AllocatedShare] = []
        if share.children:
            if share.children_percent_of == "parent":
                child_level = _Level(amount, amount, Fraction(100), share)
            else:
                expected = Fraction(share.percent) if share.percent is not None else None
                child_level = _Level(amount, grand_total, expected, share)
            children, child_warnings = _allocate_level(
                share.children, child_level, grand_total, prefer
            )
            warnings.extend(child_warnings)
        effective = amount * 100 / level.percent_base if level.percent_base else Fraction(0)
        allocated.append(
            AllocatedShare(
                key=share.key,
                label=share.label,
                amount=Decimal(cents).scaleb(-2),
                exact=_exact_decimal(exact),
                stated_percent=share.percent,
                stated_amount=share.amount,
                effective_percent=round_half_up(effective, 2),
                children=tuple(children),
            )
        )
    return allocated, warnings


def allocate_shares(
    total: Decimal | None,
    shares: Sequence[StatedShare],
    *,
    prefer: Prefer = "amount",
) -> Allocation:
    """Turn the shares a convention states into euros, and report every disagreement.

    ``total`` is the sum to split (seed 002 art. 6: "Total : 7 500,00 €"); ``None`` means the
    sum of the top-level stated amounts (every top-level share must then state an amount or be
    blank). At each level, siblings split their base (the total, or their parent's amount):

    1. a share stating an amount is paid that amount — the signed text's figure — when
       ``prefer="amount"`` (default) or when it states no percent; with ``prefer="percent"`` a
       share stating both is paid by its percent;
    2. the shares paid by percent share what remains, by ``allocate`` on their percents, so the
       level balances to the cent even when the percents do not total 100 % (98 % in seed 002
       gives each its percent / 98 of the remainder);
    3. a share with neither percent nor amount (MISSING, seed 001's "Dont Commune X …%") gets
       nothing, and no split is invented: its siblings paid by percent then get their stated
       percent of the base and no more, and what is left is reported as unallocated
       (AMOUNT_SUM). In seed 001's shape the communes' 5 % is therefore allocated to the
       "Communes" share but not split between the communes;
    4. children split their parent's amount in the same way (see
       ``StatedShare.children_percent_of`` for what their percents refer to).

    Warnings, in French, never hidden: PERCENT_SUM when the percents of a level (whose shares
    all state a percent) do not total 100 % (or their parent's percent); AMOUNT_SUM when the
    amounts of a level (whose shares all state an amount) do not total its base, when amounts
    and percents together do not, or when what is paid does not (amounts above the total, blank
    shares); AMOUNT_VS_PERCENT for each share whose amount differs from its percent of the base
    by more than half a cent; MISSING for each blank share. Seed 002 gives one PERCENT_SUM (98 %)
    and five AMOUNT_VS_PERCENT, its amounts paid as stated and summing to 7 500,00 €.

    The total is paid exactly (``Allocation.balanced``) whenever that is possible without
    overriding a stated amount: some share is paid by a positive percent, the fixed amounts do
    not exceed the base and no sibling is blank. Otherwise the gap is reported (AMOUNT_SUM).
    """
    if prefer not in ("amount", "percent"):
        raise ValueError(f"prefer vaut « amount » ou « percent », pas {prefer!r}.")
    if total is None:
        for share in shares:
            if share.amount is None and share.percent is not None:
                raise ValueError(
                    f"Sans total connu, « {share.label} » ne peut pas être calculée : elle "
                    "n'indique qu'un pourcentage."
                )
        grand_total = sum((Fraction(s.amount) for s in shares if s.amount is not None), Fraction(0))
    else:
        grand_total = require_cents(total, "Le total")
    level = _Level(grand_total, grand_total, Fraction(100), None)
    allocated, warnings = _allocate_level(shares, level, grand_total, prefer)
    return Allocation(
        total=Decimal(int(grand_total * 100)).scaleb(-2),
        shares=tuple(allocated),
        warnings=tuple(warnings),
    )


# --- Yearly evolution and growth rates ---------------------------------------------------------


def evolve(amount: Decimal, rate_percent: Decimal) -> Decimal:
    """Next year's amount after an evolution rate voted by the assembly, rounded half-up to the
    cent.

    Seed 001 art. 8.1: "Les financements indiqués … sont susceptibles d'évoluer chaque année en
    fonction … du taux d'évolution des dépenses voté par l'Assemblée départementale". A rate
    below -100 % would make the amount negative and raises ``ValueError``.
    """
    exact_amount = exact_fraction(amount, "Le montant")
    rate = exact_fraction(rate_percent, "Le taux d'évolution")
    if rate < -100:
        raise ValueError(
            f"Un taux d'évolution inférieur à -100\u202f% n'a pas de sens ({rate_percent})."
        )
    return round_cents(exact_amount * (1 + rate / 100))


def check_growth(
    before: int | Decimal, after: int | Decimal, stated_percent: Decimal
) -> AllocationWarning | None:
    """RATE_VS_FIGURES when a stated growth rate differs from the real one by more than
    ``GROWTH_TOLERANCE`` (0,05 point), ``None`` otherwise.

    Seed 002 art. 3: "913 jeunes … contre 812 en 2015, soit une augmentation de 18%": 812 → 913
    is +12,44 %, flagged. The per-commune lines that follow ("Chenôve : le Mail : 113 (+16%)",
    "Dijon … 551 (+20%)", …) cannot be checked: the convention gives no 2015 figure per commune,
    only the 2015 total. At most, the 2015 figures they imply (113 / 1,16 + 551 / 1,20 + … ≈ 816)
    could be compared with 812, which this function does not attempt.
    """
    start = exact_fraction(before, "La valeur de départ")
    end = exact_fraction(after, "La valeur d'arrivée")
    stated = exact_fraction(stated_percent, "Le taux indiqué")
    if start == 0:
        raise ValueError("Une évolution ne se calcule pas à partir de zéro.")
    real = (end - start) * 100 / start
    if abs(real - stated) <= Fraction(GROWTH_TOLERANCE):
        return None
    real_text = signed_percent(real, 2)
    stated_text = signed_percent(stated, None)
    direction = "hausse" if real >= 0 else "baisse"
    return AllocationWarning(
        kind=WarningKind.RATE_VS_FIGURES,
        key=None,
        message=(
            f"De {format_decimal(start, None)} à {format_decimal(end, None)}, l'évolution est "
            f"une {direction} de {format_percent(abs(real), 2)} ({real_text}), "
            f"et non de {stated_text} comme indiqué."
        ),
        stated=stated_text,
        computed=real_text,
    )
