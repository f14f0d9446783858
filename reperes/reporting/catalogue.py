"""The indicators every report is made of: one code, one meaning, whether they come from the
records (the indicator engine) or from a service's aggregate submission.

Codes are stable strings (``youths.met.f``); the engine and the submission forms, templates,
checks and consolidation all speak them. Sources: seed 001 « Activité 2022 » (teams, youths
met, hours per activity, youths accompanied, problems, durations, collective actions), seed 000
annex 1 (time in eight items, contacts, accompaniments), seed 004 art. 10 (situation, families).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from reperes.fieldwork.enums import (
    DEFAULT_PROBLEMS,
    Gender,
    PasDeCalaisColumn,
    Situation,
    TimeCategory,
)
from reperes.people.enums import StaffCategory


class Unit(StrEnum):
    PEOPLE = "people"  # counts of youths or families: statistical secrecy applies
    COUNT = "count"  # counts of things (actions, sessions): no person behind a cell
    HOURS = "hours"
    FTE = "fte"


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: Unit
    group: str
    # The code of the indicator this one is a part of: the parts of a total must add up to it
    # (a submission's first check).
    part_of: str | None = None
    # Parts of one total that belong to different breakdowns (by gender, by situation) each
    # add up to the total on their own.
    breakdown: str = ""

    @property
    def is_secret_sensitive(self) -> bool:
        return self.unit is Unit.PEOPLE


# Duration bands of accompaniments (seed 001 « Durée de l'accompagnement »).
DURATION_BANDS = (
    ("lt3", "Moins de 3 mois", 0, 91),
    ("3to6", "De 3 à 6 mois", 91, 183),
    ("6to12", "De 6 mois à 1 an", 183, 366),
    ("gt12", "Plus d'un an", 366, None),
)

# Problem codes for the default list (seed 004 art. 2), in its order.
PROBLEM_CODES = (
    "school",
    "employment",
    "housing",
    "health",
    "family",
    "leisure",
    "justice",
    "administrative",
)
PROBLEM_LABELS = dict(zip(PROBLEM_CODES, DEFAULT_PROBLEMS, strict=True))


def _build() -> tuple[Indicator, ...]:
    items: list[Indicator] = []
    add = items.append
    # Team (seed 001 « Composition des équipes »).
    add(Indicator("staff.fte", "ETP de l'équipe", Unit.FTE, "Équipe"))
    for category in StaffCategory:
        add(
            Indicator(
                f"staff.fte.{category.value}", category.label, Unit.FTE, "Équipe", "staff.fte"
            )
        )
    # Youths met (street work and social presence; seed 000 annex 1 « Nombre de contacts »).
    add(Indicator("youths.met", "Jeunes rencontrés", Unit.PEOPLE, "Jeunes rencontrés"))
    for gender in Gender:
        add(
            Indicator(
                f"youths.met.{gender.value}",
                gender.label,
                Unit.PEOPLE,
                "Jeunes rencontrés",
                "youths.met",
            )
        )
    # Hours per activity, Pas-de-Calais columns (seed 001) and the eight items (seed 000).
    add(Indicator("hours", "Heures du service éducatif", Unit.HOURS, "Heures"))
    for column in PasDeCalaisColumn:
        add(Indicator(f"hours.{column.value}", column.label, Unit.HOURS, "Heures", "hours"))
    add(Indicator("time", "Temps de travail (huit items)", Unit.HOURS, "Temps"))
    for category in TimeCategory:
        add(Indicator(f"time.{category.value}", category.label, Unit.HOURS, "Temps", "time"))
    # Youths accompanied.
    add(Indicator("youths.accompanied", "Jeunes accompagnés", Unit.PEOPLE, "Accompagnements"))
    for gender in Gender:
        add(
            Indicator(
                f"youths.accompanied.{gender.value}",
                gender.label,
                Unit.PEOPLE,
                "Accompagnements",
                "youths.accompanied",
            )
        )
    for situation in Situation:
        add(
            Indicator(
                f"youths.situation.{situation.value}",
                situation.label,
                Unit.PEOPLE,
                "Situation des jeunes accompagnés",
                "youths.accompanied",
                breakdown="situation",
            )
        )
    # Problems at the origin of the accompaniment: a youth may have several, so they are not
    # parts of a total.
    for code in PROBLEM_CODES:
        add(Indicator(f"problems.{code}", PROBLEM_LABELS[code], Unit.PEOPLE, "Problématiques"))
    add(Indicator("accompaniments", "Accompagnements", Unit.COUNT, "Durée de l'accompagnement"))
    for code, label, _low, _high in DURATION_BANDS:
        add(
            Indicator(
                f"accompaniments.duration.{code}",
                label,
                Unit.COUNT,
                "Durée de l'accompagnement",
                "accompaniments",
            )
        )
    # Collective actions (seed 001 table: actions, youths concerned, families).
    add(Indicator("collective.actions", "Actions collectives", Unit.COUNT, "Actions collectives"))
    add(Indicator("collective.youths", "Jeunes concernés", Unit.PEOPLE, "Actions collectives"))
    add(Indicator("collective.families", "Familles", Unit.PEOPLE, "Actions collectives"))
    # Families (seed 004 art. 10).
    add(Indicator("families.known", "Familles connues", Unit.PEOPLE, "Familles"))
    add(Indicator("families.engaged", "Familles avec un travail engagé", Unit.PEOPLE, "Familles"))
    return tuple(items)


INDICATORS: tuple[Indicator, ...] = _build()
BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def parts_of(code: str) -> tuple[Indicator, ...]:
    return tuple(indicator for indicator in INDICATORS if indicator.part_of == code)


def breakdowns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(total, its parts) once per breakdown of each total, for the totals check."""
    result: dict[tuple[str, str], list[str]] = {}
    for indicator in INDICATORS:
        if indicator.part_of is not None:
            key = (indicator.part_of, indicator.breakdown)
            result.setdefault(key, []).append(indicator.code)
    return tuple((total, tuple(parts)) for (total, _breakdown), parts in result.items())


def groups() -> dict[str, tuple[Indicator, ...]]:
    result: dict[str, list[Indicator]] = {}
    for indicator in INDICATORS:
        result.setdefault(indicator.group, []).append(indicator)
    return {group: tuple(items) for group, items in result.items()}
