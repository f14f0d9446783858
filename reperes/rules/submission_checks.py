"""Checks run on a service's aggregate submission before it can be sent (issue 5, BRIEF §8).

Seed 001, « Activité 2022 des SPS du Pas-de-Calais », shows what hand consolidation produces:
SPS Etaples and SPS Liévin report the same four hours (572, 917, 1 691, 710), SPS Arras reports
12 968 hours for 3,83 ETP of social workers, blank cells and a cell that reads « Dans les
accompagnements individuels ». Each check below catches one of those:

- a total equals the sum of its parts (the catalogue's ``part_of``, passed in as plain data);
- no count is negative;
- the hours of the educational service are plausible for the social workers in post: at most
  ``tolerance`` × 1 607 h per ETP, 1 607 h being the legal annual working time of a full-time
  post (Code du travail, art. L3121-27 and the « journée de solidarité », 35 h × 45,9 weeks);
- a change from last year beyond a threshold (± 30 % by default) is explained by the service;
- two services with at least three identical, non-null, non-zero figures on the same
  indicators are flagged as looking copied.

Errors block sending; warnings do not, except an unexplained year-on-year change.
Pure functions, no Django import.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

Value = Decimal | None
Values = Mapping[str, Value]

LEGAL_ANNUAL_HOURS = Decimal("1607")
DEFAULT_HOURS_TOLERANCE = Decimal("1.1")
DEFAULT_CHANGE_THRESHOLD = Decimal("0.30")
DEFAULT_MIN_IDENTICAL = 3


class Severity(StrEnum):
    ERROR = "error"  # blocks sending
    WARNING = "warning"  # shown; blocks only when an explanation is required and missing


class Check(StrEnum):
    TOTALS = "totals"
    NEGATIVE = "negative"
    HOURS = "hours"
    CHANGE = "change"
    IDENTICAL = "identical"


@dataclass(frozen=True)
class Finding:
    check: Check
    severity: Severity
    message: str
    codes: tuple[str, ...]
    needs_explanation: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def french_number(value: Decimal | int) -> str:
    """« 12 968 », « 3,83 »: French digits, a narrow no-break space between thousands (as
    ``reperes.rules.allocation``)."""
    number = Decimal(value)
    if number == number.to_integral_value():
        text = f"{int(number):,}"
    else:
        text = f"{number.normalize():,f}"
    return text.replace(",", "\u202f").replace(".", ",")


def check_totals(
    values: Values,
    parts: Iterable[tuple[str, Sequence[str]]],
    labels: Mapping[str, str] | None = None,
) -> list[Finding]:
    """A total equals the sum of its parts when every part is given; the parts given never
    exceed the total (a part left « NR » may hold the difference).

    ``parts`` holds one (total, parts) pair per breakdown: youths accompanied are broken down
    by gender and again by situation, and each breakdown adds up to the total on its own
    (adding both counted every youth twice: « 40 mais la somme de ses détails fait 80 »)."""
    labels = labels or {}
    findings = []
    for total_code, part_codes in parts:
        total = values.get(total_code)
        given = [values[c] for c in part_codes if values.get(c) is not None]
        if total is None or not given:
            continue
        summed = sum((v for v in given if v is not None), Decimal(0))
        complete = len(given) == len(part_codes)
        name = labels.get(total_code, total_code)
        if complete and summed != total:
            message = (
                f"« {name} » vaut {french_number(total)} mais la somme de ses détails fait "
                f"{french_number(summed)}."
            )
        elif not complete and summed > total:
            message = (
                f"« {name} » vaut {french_number(total)} mais les détails renseignés font déjà "
                f"{french_number(summed)}."
            )
        else:
            continue
        findings.append(Finding(Check.TOTALS, Severity.ERROR, message, (total_code, *part_codes)))
    return findings


def check_not_negative(values: Values, labels: Mapping[str, str] | None = None) -> list[Finding]:
    labels = labels or {}
    return [
        Finding(
            Check.NEGATIVE,
            Severity.ERROR,
            f"« {labels.get(code, code)} » ne peut pas être négatif ({french_number(value)}).",
            (code,),
        )
        for code, value in values.items()
        if value is not None and value < 0
    ]


def check_hours_plausible(
    hours: Value,
    educator_fte: Value,
    *,
    code: str = "hours",
    annual_hours: Decimal = LEGAL_ANNUAL_HOURS,
    tolerance: Decimal = DEFAULT_HOURS_TOLERANCE,
) -> list[Finding]:
    """Hours of the educational service against the social workers' ETP × 1 607 h."""
    if hours is None or educator_fte is None or hours <= 0:
        return []
    ceiling = educator_fte * annual_hours * tolerance
    if hours <= ceiling:
        return []
    if educator_fte <= 0:
        message = (
            f"{french_number(hours)} h déclarées alors qu'aucun ETP de travailleur social "
            "n'est en poste."
        )
    else:
        ratio = hours / (educator_fte * annual_hours)
        message = (
            f"{french_number(hours)} h déclarées pour {french_number(educator_fte)} ETP de "
            f"travailleurs sociaux, soit {french_number(ratio.quantize(Decimal('0.01')))} fois "
            f"la durée légale de {french_number(annual_hours)} h par ETP : au-delà de "
            f"{french_number(tolerance)} × {french_number(annual_hours)} h "
            f"({french_number(ceiling.quantize(Decimal(1)))} h au plus)."
        )
    return [Finding(Check.HOURS, Severity.WARNING, message, (code,))]


def check_year_on_year(
    current: Values,
    previous: Values,
    *,
    threshold: Decimal = DEFAULT_CHANGE_THRESHOLD,
    labels: Mapping[str, str] | None = None,
) -> list[Finding]:
    """A change beyond ± threshold from last year's figure must be explained."""
    labels = labels or {}
    findings = []
    for code, value in current.items():
        before = previous.get(code)
        if value is None or before is None or value == before:
            continue
        name = labels.get(code, code)
        if before == 0:
            message = f"« {name} » passe de 0 à {french_number(value)} : expliquez ce changement."
        else:
            change = (value - before) / before
            if abs(change) <= threshold:
                continue
            percent = (change * 100).quantize(Decimal("0.1"))
            sign = "+" if percent > 0 else ""
            message = (
                f"« {name} » passe de {french_number(before)} à {french_number(value)} "
                f"({sign}{french_number(percent)}\u202f%), au-delà de ± "
                f"{french_number(threshold * 100)}\u202f% : expliquez ce changement."
            )
        findings.append(
            Finding(Check.CHANGE, Severity.WARNING, message, (code,), needs_explanation=True)
        )
    return findings


def identical_codes(first: Values, second: Values, codes: Iterable[str] | None = None) -> list[str]:
    """Codes on which two sets of figures hold the same non-null, non-zero value."""
    keys = [c for c in first if c in second] if codes is None else list(codes)
    return [
        code
        for code in keys
        if first.get(code) is not None
        and first.get(code) != 0
        and first.get(code) == second.get(code)
    ]


@dataclass(frozen=True)
class IdenticalGroup:
    """Services declaring the same non-null, non-zero figures on the same indicators."""

    names: tuple[str, ...]
    codes: tuple[str, ...]
    figures: tuple[Decimal, ...]

    @property
    def message(self) -> str:
        names = f"{', '.join(self.names[:-1])} et {self.names[-1]}"
        figures = ", ".join(french_number(v) for v in self.figures)
        return (
            f"{names} déclarent les mêmes chiffres pour {len(self.codes)} indicateurs "
            f"({figures}) : vérifiez qu'il ne s'agit pas d'une copie."
        )

    def finding(self) -> Finding:
        return Finding(Check.IDENTICAL, Severity.WARNING, self.message, self.codes)


def group_identical_services(
    services: Mapping[str, Values],
    *,
    min_identical: int = DEFAULT_MIN_IDENTICAL,
    codes: Iterable[str] | None = None,
) -> list[IdenticalGroup]:
    """Groups of services sharing at least ``min_identical`` figures on the same indicators.

    Each service's figures are hashed as a set of (indicator, value): services with the very
    same figures fall into one bucket in one pass; the distinct sets are then compared only
    with the sets that share at least one figure with them (an index by figure), never every
    pair. A group is the services sharing one same set of figures: three services copying
    one another make one group naming the three, not three pairs."""
    wanted = None if codes is None else tuple(codes)
    order: dict[str, int] = {} if wanted is None else {c: i for i, c in enumerate(wanted)}
    by_figures: dict[frozenset[tuple[str, Decimal]], list[str]] = {}
    for name in sorted(services):
        values = services[name]
        keys = values.keys() if wanted is None else wanted
        own: set[tuple[str, Decimal]] = set()
        for code in keys:
            value = values.get(code)
            if value is not None and value != 0:
                own.add((code, value))
                order.setdefault(code, len(order))
        if len(own) >= min_identical:
            by_figures.setdefault(frozenset(own), []).append(name)
    distinct = list(by_figures)
    index: dict[tuple[str, Decimal], list[int]] = {}
    for number, figures in enumerate(distinct):
        for item in figures:
            index.setdefault(item, []).append(number)
    groups: dict[frozenset[tuple[str, Decimal]], set[str]] = {
        figures: set(names) for figures, names in by_figures.items() if len(names) > 1
    }
    for number, figures in enumerate(distinct):
        # Each index list is in increasing order: the sets after this one are a slice of it,
        # counted by Counter in C rather than one by one.
        shared_count: Counter[int] = Counter()
        for item in figures:
            others = index[item]
            shared_count.update(others[bisect_right(others, number) :])
        for other, count in shared_count.items():
            if count < min_identical:
                continue
            shared = figures & distinct[other]
            groups.setdefault(shared, set()).update(
                by_figures[figures], by_figures[distinct[other]]
            )
    result = []
    for figures, names in groups.items():
        ordered = sorted(figures, key=lambda item: order[item[0]])
        result.append(
            IdenticalGroup(
                names=tuple(sorted(names)),
                codes=tuple(code for code, _value in ordered),
                figures=tuple(value for _code, value in ordered),
            )
        )
    return sorted(result, key=lambda group: (group.names, group.codes))


def check_identical_services(
    services: Mapping[str, Values],
    *,
    min_identical: int = DEFAULT_MIN_IDENTICAL,
    codes: Iterable[str] | None = None,
) -> dict[str, list[Finding]]:
    """For each service, a warning per group of services it shares ≥ ``min_identical``
    figures with (``group_identical_services``), naming the whole group."""
    result: dict[str, list[Finding]] = {name: [] for name in sorted(services)}
    for group in group_identical_services(services, min_identical=min_identical, codes=codes):
        finding = group.finding()
        for name in group.names:
            result[name].append(finding)
    return result


def blocking(findings: Iterable[Finding], explanations: Mapping[str, str]) -> list[Finding]:
    """What prevents sending: every error, and every change that needs an explanation and
    has none (an explanation is keyed by the first code of its finding)."""
    return [
        f
        for f in findings
        if f.is_error or (f.needs_explanation and not (explanations.get(f.codes[0]) or "").strip())
    ]
