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
    PAS_DE_CALAIS_COLUMN,
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
    # Encounters: repeat counts (one youth met three times is three encounters).
    ENCOUNTERS = "encounters"
    ACCOMPANIMENTS = "accompaniments"  # accompaniments (one youth may have two)

    @property
    def label(self) -> str:
        """The unit in French, as a report's reader sees it."""
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.PEOPLE: "personnes",
    Unit.COUNT: "actions",
    Unit.HOURS: "heures",
    Unit.FTE: "ETP",
    Unit.ENCOUNTERS: "rencontres",
    Unit.ACCOMPANIMENTS: "accompagnements",
}


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
    # What is counted, from which records, over which period — in French, for the help pages,
    # the « ? » beside a figure and every output (the engine's definitions,
    # ``reporting/indicators.py``, are the reference).
    definition: str = ""

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
    staff = (
        "salariés du service en poste le dernier jour de la période (arrivés au plus tard ce "
        "jour-là, pas encore partis)"
    )
    add(
        Indicator(
            "staff.fte",
            "ETP de l'équipe",
            Unit.FTE,
            "Équipe",
            definition=f"Somme des équivalents temps plein des {staff}, toutes catégories.",
        )
    )
    for category in StaffCategory:
        add(
            Indicator(
                f"staff.fte.{category.value}",
                category.label,
                Unit.FTE,
                "Équipe",
                "staff.fte",
                definition=f"Équivalents temps plein des {staff}, dans la catégorie "
                f"« {category.label} ».",
            )
        )
    # Youths met (street work and social presence; seed 000 annex 1 « Nombre de contacts »).
    met = (
        "jeunes enregistrés en relation avec l'équipe pendant la période : rencontrés pour la "
        "première fois, accompagnés ou participants d'une action collective. Chaque jeune "
        "compte une fois (des personnes), quel que soit le nombre de rencontres ; les contacts "
        "du travail de rue, anonymes, sont des rencontres et ne s'y ajoutent pas"
    )
    add(
        Indicator(
            "youths.met",
            "Jeunes rencontrés",
            Unit.PEOPLE,
            "Jeunes rencontrés",
            definition=f"Nombre de {met}.",
        )
    )
    for gender in Gender:
        add(
            Indicator(
                f"youths.met.{gender.value}",
                gender.label,
                Unit.PEOPLE,
                "Jeunes rencontrés",
                "youths.met",
                definition=f"Jeunes rencontrés de genre « {gender.label} » : {met}.",
            )
        )
    # Hours per activity, Pas-de-Calais columns (seed 001) and the eight items (seed 000).
    entered = (
        "heures saisies par les salariés du service dans leur grille de temps pour des jours de "
        "la période"
    )
    add(
        Indicator(
            "hours",
            "Heures du service éducatif",
            Unit.HOURS,
            "Heures",
            definition=f"Toutes les {entered}, réparties dans les colonnes du rapport départemental.",
        )
    )
    for column in PasDeCalaisColumn:
        sources = [c.label for c in TimeCategory if PAS_DE_CALAIS_COLUMN[c] is column]
        if sources:
            source = " ; ".join(f"« {item} »" for item in sources)
            definition = f"{entered.capitalize()}, dans : {source}."
        else:
            definition = (
                "Heures déclarées par le service : aucune catégorie de la grille de temps n'y "
                "correspond, elles ne sont donc pas calculées à partir des saisies."
            )
        add(
            Indicator(
                f"hours.{column.value}",
                column.label,
                Unit.HOURS,
                "Heures",
                "hours",
                definition=definition,
            )
        )
    add(
        Indicator(
            "time",
            "Temps de travail (huit items)",
            Unit.HOURS,
            "Temps",
            definition=f"Toutes les {entered}, dans les huit items de la grille de temps.",
        )
    )
    for time_category in TimeCategory:
        add(
            Indicator(
                f"time.{time_category.value}",
                time_category.label,
                Unit.HOURS,
                "Temps",
                "time",
                definition=f"{entered.capitalize()}, dans l'item « {time_category.label} ».",
            )
        )
    # Youths accompanied.
    accompanied = (
        "jeunes distincts ayant un accompagnement éducatif individualisé en cours pendant au "
        "moins un jour de la période (commencé au plus tard son dernier jour, pas terminé avant "
        "son premier)"
    )
    add(
        Indicator(
            "youths.accompanied",
            "Jeunes accompagnés",
            Unit.PEOPLE,
            "Accompagnements",
            definition=f"{accompanied.capitalize()}.",
        )
    )
    for gender in Gender:
        add(
            Indicator(
                f"youths.accompanied.{gender.value}",
                gender.label,
                Unit.PEOPLE,
                "Accompagnements",
                "youths.accompanied",
                definition=f"{accompanied.capitalize()}, de genre « {gender.label} ».",
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
                definition=f"{accompanied.capitalize()}, dont la situation enregistrée sur la "
                f"fiche du jeune est « {situation.label} ».",
            )
        )
    # Problems at the origin of the accompaniment: a youth may have several, so they are not
    # parts of a total.
    for code in PROBLEM_CODES:
        add(
            Indicator(
                f"problems.{code}",
                PROBLEM_LABELS[code],
                Unit.PEOPLE,
                "Problématiques",
                definition=f"{accompanied.capitalize()}, dont un accompagnement porte la "
                f"problématique « {PROBLEM_LABELS[code]} ». Un jeune peut en avoir plusieurs : "
                "ces lignes ne s'additionnent pas.",
            )
        )
    current = (
        "accompagnements en cours pendant au moins un jour de la période (un jeune peut en "
        "avoir eu plusieurs)"
    )
    add(
        Indicator(
            "accompaniments",
            "Accompagnements",
            Unit.ACCOMPANIMENTS,
            "Durée de l'accompagnement",
            definition=f"Nombre d'{current}.",
        )
    )
    for code, label, low, high in DURATION_BANDS:
        band = f"de {low} jours ou plus" if high is None else f"de {low} à {high - 1} jours"
        add(
            Indicator(
                f"accompaniments.duration.{code}",
                label,
                Unit.ACCOMPANIMENTS,
                "Durée de l'accompagnement",
                "accompaniments",
                definition=f"Nombre d'{current}, dont la durée — de son début à sa fin, "
                "arrêtée au dernier jour de la période s'il est encore ouvert alors — est "
                f"{band}.",
            )
        )
    # Collective actions (seed 001 table: actions, youths concerned, families).
    actions = "actions collectives en cours pendant au moins un jour de la période"
    add(
        Indicator(
            "collective.actions",
            "Actions collectives",
            Unit.COUNT,
            "Actions collectives",
            definition=f"Nombre d'{actions}.",
        )
    )
    add(
        Indicator(
            "collective.youths",
            "Jeunes concernés",
            Unit.PEOPLE,
            "Actions collectives",
            definition=f"Participants aux {actions} : les jeunes enregistrés comme participants "
            "(chacun compté une fois), plus les participants comptés de façon anonyme.",
        )
    )
    add(
        Indicator(
            "collective.families",
            "Familles",
            Unit.PEOPLE,
            "Actions collectives",
            definition=f"Somme des familles déclarées sur chacune des {actions} (une famille "
            "présente à deux actions compte deux fois).",
        )
    )
    # Families (seed 004 art. 10).
    add(
        Indicator(
            "families.known",
            "Familles connues",
            Unit.PEOPLE,
            "Familles",
            definition="Familles enregistrées par le service et connues de lui au dernier jour "
            "de la période (connues depuis ce jour ou avant).",
        )
    )
    add(
        Indicator(
            "families.engaged",
            "Familles avec un travail engagé",
            Unit.PEOPLE,
            "Familles",
            definition="Familles avec lesquelles un travail est engagé pendant au moins un jour "
            "de la période (engagé au plus tard son dernier jour, pas terminé avant son premier).",
        )
    )
    return tuple(items)


INDICATORS: tuple[Indicator, ...] = _build()
BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}

# Figures the engine computes from the records that no service submits (``Figures.extra``).
EXTRAS: tuple[Indicator, ...] = (
    Indicator(
        "contacts",
        "Contacts en travail de rue et présence sociale",
        Unit.ENCOUNTERS,
        "Présence sociale",
        definition="Rencontres comptées (anonymement, par genre, tranche d'âge et lieu) lors des "
        "séances de travail de rue et de présence sociale de la période : un jeune vu trois fois "
        "compte trois fois. Des rencontres, jamais des personnes.",
    ),
    Indicator(
        "youths.first_met",
        "Jeunes rencontrés pour la première fois",
        Unit.PEOPLE,
        "Présence sociale",
        definition="Jeunes enregistrés par le service dont la première rencontre tombe dans la "
        "période, chacun compté une fois.",
    ),
    Indicator(
        "youths.in_relation",
        "Jeunes en relation avec l'équipe",
        Unit.PEOPLE,
        "Jeunes rencontrés",
        definition="Jeunes enregistrés rencontrés pour la première fois dans la période, "
        "accompagnés pendant celle-ci ou participants d'une action collective alors en cours, "
        "chacun compté une fois.",
    ),
    Indicator(
        "youths.acted_with",
        "Jeunes avec lesquels une action a été réalisée",
        Unit.PEOPLE,
        "Accompagnements",
        definition="Jeunes accompagnés pour lesquels au moins une intervention est datée dans "
        "la période, chacun compté une fois.",
    ),
    Indicator(
        "accompaniments.new",
        "Accompagnements commencés sur la période",
        Unit.ACCOMPANIMENTS,
        "Accompagnements",
        definition="Accompagnements en cours pendant la période dont le début tombe dans la "
        "période.",
    ),
    Indicator(
        "sessions",
        "Séances de travail de rue et de présence sociale",
        Unit.COUNT,
        "Présence sociale",
        definition="Séances de travail de rue et de présence sociale datées dans la période.",
    ),
    Indicator(
        "sessions.hours",
        "Heures de travail de rue et de présence sociale",
        Unit.HOURS,
        "Présence sociale",
        definition="Somme des durées des séances de travail de rue et de présence sociale de la "
        "période.",
    ),
    Indicator(
        "partnership.actions",
        "Actions partenariales",
        Unit.COUNT,
        "Partenariat",
        definition="Actions partenariales datées dans la période.",
    ),
)
EXTRA_BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in EXTRAS}


def indicator(code: str) -> Indicator | None:
    """A catalogue indicator or one of the engine's extra figures."""
    return BY_CODE.get(code) or EXTRA_BY_CODE.get(code)


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
