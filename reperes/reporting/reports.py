"""The report models of the conventions, built from the indicator engine.

One builder per model, each following its seed's table of contents:

- ``conseil-pedagogique`` — seed 000 annex 1, the reporting sent before each conseil
  pédagogique: I. team activity in % of time over the eight items; II. programme (social
  presence, educational action, action on the milieu, each action with its title, period,
  participants by age band and place); III. individual accompaniments.
- ``suivi-trimestriel`` — seed 000 annex 1, « chaque trimestre, un suivi des accompagnements
  de l'année est actualisé »: from 1 January to the end of the quarter, as charts.
- ``bilan-annuel`` — seed 000 annex 1, the annual review in four themes, with the director's
  written parts beside the figures.
- ``rapport-annuel-sps`` — seed 001 « Activité 2022 »: sectors, team, youths met, hours per
  activity, youths accompanied, problems, durations, collective actions.
- ``rapport-drome`` — seed 004 art. 10: time in %, youths in relation / met / followed and the
  intensity, situation, problems, families, collective actions.

A report holds *unpublished* tables: every output goes through ``publication.publish_report``
(statistical secrecy) first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reperes.fieldwork.enums import CollectiveCategory, Gender, Intensity, PasDeCalaisColumn
from reperes.people.enums import StaffCategory

from .catalogue import BY_CODE, DURATION_BANDS
from .indicators import (
    DIMENSION_LABELS,
    ActionFigures,
    Distribution,
    Figures,
    Period,
    Scope,
    compute,
    french_date,
)

Cell = int | Decimal | None

TOTAL = "Total"


@dataclass(frozen=True)
class ReportTable:
    """A table before statistical secrecy: row and column labels, numbers in the cells.

    ``people`` says the cells count persons (secrecy applies); ``totals`` that the last row and
    column are totals of the others; ``population`` the number of beneficiaries of the zone the
    table describes; ``zones`` the rows that are places; ``same_margin`` the key of another
    table that shares this table's margin (so that one cannot be subtracted from the other).
    """

    key: str
    title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    people: bool = True
    totals: bool = False
    unit: str = ""
    population: int | None = None
    zones: bool = False
    same_margin: str | None = None
    note: str = ""
    zone_columns: bool = False  # the columns are places (participants by place of residence)
    # Rows that repeat another table's grand total: (row label, that table's key).
    same_as: tuple[tuple[str, str], ...] = ()
    # The counts add up over time (contacts, entries): the count over a period is the sum of
    # its sub-periods'. False for counts of distinct people (a youth accompanied in both
    # halves of the year counts once in the year). Declared in every publication.
    flow: bool = False

    def cell(self, row: str, column: str) -> Cell:
        return self.cells[self.rows.index(row)][self.columns.index(column)]


@dataclass(frozen=True)
class ChartSpec:
    """A chart drawn from one table (after secrecy): its bars are the table's rows, its series
    the table's columns (``series``: which ones; the totals are never drawn)."""

    key: str
    table: str
    kind: str  # "bar", "barh", "stacked"
    title: str
    series: tuple[str, ...] = ()


@dataclass(frozen=True)
class Narrative:
    """A part the director writes (seed 000 annex 1: « éléments d'observations et de
    compréhension des territoires », « la manière dont s'est organisée cette présence »…)."""

    part: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    intro: str = ""
    tables: tuple[ReportTable, ...] = ()
    charts: tuple[ChartSpec, ...] = ()
    narratives: tuple[Narrative, ...] = ()
    items: tuple[str, ...] = ()  # plain lines (sectors of intervention)
    level: int = 2


@dataclass(frozen=True)
class Report:
    model_key: str
    title: str
    source: str
    scope: Scope
    period: Period
    service_name: str
    operator_name: str
    funder_names: tuple[str, ...]
    convention_title: str
    sections: tuple[Section, ...]
    # For a publication: « Version 2, publiée le … (motif : …) »; empty for a live report.
    publication: str = ""

    @property
    def tables(self) -> list[ReportTable]:
        return [table for section in self.sections for table in section.tables]

    def with_tables(self, tables: Sequence[Any]) -> Report:
        """The same report with its tables replaced (by key), e.g. by the published ones."""
        by_key = {table.key: table for table in tables}
        sections = tuple(
            replace(s, tables=tuple(by_key.get(t.key, t) for t in s.tables)) for s in self.sections
        )
        return replace(self, sections=sections)


@dataclass(frozen=True)
class ReportModel:
    """A report's table of contents (its builder). Which services owe it, for which periods,
    under which article, is not the model's business: the report clauses of the conventions
    binding a service say so (``reperes.reporting.obligations``)."""

    key: str
    title: str
    description: str
    builder: Callable[..., tuple[Section, ...]]
    # Each report covers the year to date (« un suivi des accompagnements de l'année »): from
    # 1 January to the end of the period its clause names.
    cumulative: bool = False


# ---------------------------------------------------------------- table helpers


def _label(dimension: str, dist: Distribution, code: str) -> str:
    return dist.label(dimension, code)


def distribution_table(
    key: str,
    title: str,
    dist: Distribution,
    row_dimension: str,
    column_dimension: str | None = None,
    *,
    rows: Sequence[str] | None = None,
    columns: Sequence[str] | None = None,
    people: bool = True,
    column_title: str = "Nombre",
    population: int | None = None,
    same_margin: str | None = None,
    note: str = "",
    filter_: Callable[[tuple[str, ...]], bool] | None = None,
) -> ReportTable:
    """Rows of one dimension, columns of another (or one count column), with totals."""
    counts = dist.counts
    if filter_ is not None:
        counts = {k: v for k, v in counts.items() if filter_(k)}
        dist = Distribution(dist.dimensions, counts, dist.labels)
    row_codes = list(rows) if rows is not None else dist.keys_of(row_dimension)
    r = dist.dimensions.index(row_dimension)
    if column_dimension is None:
        margin = dist.margin(row_dimension)
        cells = [(margin.get(code, 0),) for code in row_codes]
        total = sum((c[0] for c in cells), 0)
        return ReportTable(
            key=key,
            title=title,
            rows=(*[_label(row_dimension, dist, c) for c in row_codes], TOTAL),
            columns=(column_title,),
            cells=(*cells, (total,)),
            people=people,
            totals=True,
            population=population,
            zones=row_dimension == "place",
            same_margin=same_margin,
            note=note,
        )
    col_codes = list(columns) if columns is not None else dist.keys_of(column_dimension)
    c = dist.dimensions.index(column_dimension)
    grid: dict[tuple[str, str], Any] = {}
    for k, value in counts.items():
        grid[(k[r], k[c])] = grid.get((k[r], k[c]), 0) + value
    body = []
    for row in row_codes:
        line = [grid.get((row, col), 0) for col in col_codes]
        body.append((*line, sum(line, 0)))
    totals = tuple(sum((line[i] for line in body), 0) for i in range(len(col_codes) + 1))
    return ReportTable(
        key=key,
        title=title,
        rows=(*[_label(row_dimension, dist, code) for code in row_codes], TOTAL),
        columns=(*[_label(column_dimension, dist, code) for code in col_codes], TOTAL),
        cells=(*body, totals),
        people=people,
        totals=True,
        population=population,
        zones=row_dimension == "place",
        same_margin=same_margin,
        note=note,
    )


def values_table(
    key: str,
    title: str,
    figures: Figures,
    codes: Sequence[str],
    *,
    column: str = "Nombre",
    people: bool = True,
    labels: dict[str, str] | None = None,
    total: str | None = None,
    unit: str = "",
    note: str = "",
    same_margin: str | None = None,
    same_as: dict[str, str] | None = None,
) -> ReportTable:
    """One line per indicator code (catalogue values or extra figures). ``same_as`` maps a
    code to the key of the table whose grand total it repeats (statistical secrecy links
    them)."""
    labels = labels or {}
    rows, cells = [], []
    for code in codes:
        rows.append(labels.get(code) or (BY_CODE[code].label if code in BY_CODE else code))
        cells.append((_value(figures, code),))
    if total is not None:
        rows.append(labels.get(total, TOTAL))
        cells.append((_value(figures, total),))
    return ReportTable(
        key=key,
        title=title,
        rows=tuple(rows),
        columns=(column,),
        cells=tuple(cells),
        people=people,
        totals=total is not None,
        unit=unit,
        population=_population(figures),
        note=note,
        same_margin=same_margin,
        same_as=tuple(
            (rows[codes.index(code)], key) for code, key in (same_as or {}).items() if code in codes
        ),
    )


def _value(figures: Figures, code: str) -> Cell:
    value = figures.values[code] if code in figures.values else figures.extra.get(code)
    if isinstance(value, Decimal):
        # FTE and hours summed in the database carry the column's scale (7.80000000000000).
        rounded = value.quantize(Decimal("0.01"), ROUND_HALF_UP)
        return rounded.to_integral() if rounded == rounded.to_integral() else rounded.normalize()
    return value


def _population(figures: Figures) -> int:
    return int(figures.values.get("youths.met", 0)) + int(
        figures.values.get("youths.accompanied", 0)
    )


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def time_share_table(key: str, figures: Figures, title: str) -> ReportTable:
    """The eight items in hours and in percent of working time (seed 000 annex 1, part I)."""
    total = figures.values.get("time", Decimal("0"))
    rows, cells = [], []
    for code in DIMENSION_LABELS["time"]:
        hours = figures.values.get(f"time.{code}", Decimal("0"))
        rows.append(DIMENSION_LABELS["time"][code])
        cells.append((hours, percent(hours, total)))
    rows.append(TOTAL)
    cells.append((total, Decimal("100.0") if total else Decimal("0.0")))
    return ReportTable(
        key=key,
        title=title,
        rows=tuple(rows),
        columns=("Heures", "% du temps"),
        cells=tuple(cells),
        people=False,
        totals=True,
        unit="h",
    )


def _period_text(started: date, ended: date | None) -> str:
    if ended is None:
        return f"depuis le {french_date(started)}"
    if started == ended:
        return f"le {french_date(started)}"
    return f"du {french_date(started)} au {french_date(ended)}"


def action_row_label(action: ActionFigures) -> str:
    return f"{action.title} ({_period_text(action.started_on, action.ended_on)})"


def actions_tables(
    key: str,
    title: str,
    figures: Figures,
    categories: Sequence[str],
) -> tuple[ReportTable, ...]:
    """Each action of the categories: participants by age band, and by place."""
    actions = [a for a in figures.actions if a.category in categories]
    if not actions:
        return ()
    bands = [b for b in DIMENSION_LABELS["age_band"] if any(b in a.by_age_band for a in actions)]
    places = sorted(
        {p for a in actions for p in a.by_place},
        key=lambda p: (p == "?", figures.place_labels.get(p, p)),
    )
    rows = tuple(action_row_label(a) for a in actions)
    by_band = tuple((*[a.by_age_band.get(b, 0) for b in bands], a.participants) for a in actions)
    by_place = tuple((*[a.by_place.get(p, 0) for p in places], a.participants) for a in actions)
    return (
        ReportTable(
            key=f"{key}_ages",
            title=f"{title} : participants par tranche d'âge",
            rows=rows,
            columns=(*[DIMENSION_LABELS["age_band"][b] for b in bands], TOTAL),
            cells=by_band,
            people=True,
            population=_population(figures),
            note="Une ligne par action : intitulé et période de réalisation.",
        ),
        ReportTable(
            key=f"{key}_places",
            title=f"{title} : participants par lieu de résidence",
            rows=rows,
            columns=(*[figures.place_labels.get(p, p) for p in places], TOTAL),
            cells=by_place,
            people=True,
            population=_population(figures),
            same_margin=f"{key}_ages",
            zone_columns=True,
        ),
    )


def _genders(dist: Distribution) -> list[str]:
    present = set(dist.margin("gender"))
    return [g.value for g in Gender if g != Gender.UNSTATED or g.value in present]


def _chart(table: ReportTable, kind: str, title: str | None = None, series=()) -> ChartSpec:
    return ChartSpec(
        key=f"{table.key}_chart",
        table=table.key,
        kind=kind,
        title=title or table.title,
        series=tuple(series),
    )


# ---------------------------------------------------------------- shared sections


def _presence_tables(figures: Figures, prefix: str) -> tuple[ReportTable, ...]:
    met = figures.distributions["met"]
    genders = _genders(met)
    population = _population(figures)
    summary = values_table(
        f"{prefix}_contacts",
        "Nombre de contacts",
        figures,
        ["contacts", "youths.first_met"],
        labels={
            "contacts": "Contacts en travail de rue et présence sociale",
            "youths.first_met": "Jeunes rencontrés pour la première fois et suivis par le service",
            "youths.met": "Jeunes rencontrés",
        },
        total="youths.met",
        same_margin=f"{prefix}_age_gender",  # the same youths met: the same grand total
    )
    by_age = distribution_table(
        f"{prefix}_age_gender",
        "Jeunes rencontrés par âge et genre",
        met,
        "age_band",
        "gender",
        columns=genders,
        population=population,
    )
    by_place = distribution_table(
        f"{prefix}_places",
        "Répartition géographique des jeunes en contact",
        met,
        "place",
        "gender",
        columns=genders,
        population=population,
        same_margin=f"{prefix}_age_gender",
    )
    return summary, by_age, by_place


def _sessions_table(figures: Figures, key: str) -> ReportTable:
    sessions = figures.distributions["sessions"]
    hours = figures.distributions["session_hours"]
    places = sessions.keys_of("place")
    rows, cells = [], []
    for place in places:
        for kind in sessions.keys_of("session_kind"):
            n = sessions.get(kind, place)
            if n:
                rows.append(
                    f"{sessions.label('place', place)} — {sessions.label('session_kind', kind)}"
                )
                cells.append((n, _round_hours(hours.get(kind, place))))
    rows.append(TOTAL)
    cells.append((sessions.total(), _round_hours(hours.total())))
    return ReportTable(
        key=key,
        title="Organisation de la présence sur les territoires",
        rows=tuple(rows),
        columns=("Séances", "Heures"),
        cells=tuple(cells),
        people=False,
        totals=True,
    )


def _round_hours(value: Any) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _accompaniment_tables(figures: Figures, prefix: str) -> dict[str, ReportTable]:
    acc = figures.distributions["accompanied"]
    genders = _genders(acc)
    population = _population(figures)
    tables = {
        "gender": distribution_table(
            f"{prefix}_gender",
            "Jeunes accompagnés : filles et garçons",
            acc,
            "gender",
            rows=genders,
            population=population,
        ),
        "age": distribution_table(
            f"{prefix}_age",
            "Répartition par catégorie d'âge",
            acc,
            "age_band",
            "gender",
            columns=genders,
            population=population,
            same_margin=f"{prefix}_gender",
        ),
        "places": distribution_table(
            f"{prefix}_places",
            "Répartition géographique générale et par genre",
            acc,
            "place",
            "gender",
            columns=genders,
            population=population,
            same_margin=f"{prefix}_gender",
        ),
        "entry": distribution_table(
            f"{prefix}_entry",
            "Mode d'entrée en contact",
            figures.distributions["accompaniments"],
            "entry_mode",
            column_title="Accompagnements",
            population=population,
        ),
        "duration": distribution_table(
            f"{prefix}_duration",
            "Durée des accompagnements",
            figures.distributions["accompaniments"],
            "duration",
            rows=[code for code, *_ in DURATION_BANDS],
            column_title="Accompagnements",
            population=population,
            same_margin=f"{prefix}_entry",
            note="Durée à la fin de la période pour les accompagnements en cours.",
        ),
        "problems": _labels_table(
            f"{prefix}_problems", "Problématiques abordées", figures, "problems"
        ),
        "responses": _labels_table(
            f"{prefix}_responses", "Réponses apportées", figures, "responses"
        ),
    }
    return tables


def _labels_table(key: str, title: str, figures: Figures, name: str) -> ReportTable:
    from reperes.fieldwork.enums import DEFAULT_PROBLEMS, DEFAULT_RESPONSES

    dist = figures.distributions[name]
    order = list(DEFAULT_PROBLEMS if name == "problems" else DEFAULT_RESPONSES)
    present = dist.margin("label")
    labels = [label for label in order if label in present] + sorted(
        label for label in present if label not in order
    )
    if name == "problems":
        labels = list(DEFAULT_PROBLEMS) + [label for label in labels if label not in order]
    return ReportTable(
        key=key,
        title=title,
        rows=tuple(labels),
        columns=("Jeunes",),
        cells=tuple((present.get(label, 0),) for label in labels),
        people=True,
        population=_population(figures),
        note="Un jeune peut relever de plusieurs lignes : pas de total.",
    )


# ---------------------------------------------------------------- (a) conseil pédagogique

EDUCATIONAL = [
    CollectiveCategory.PARENTING,
    CollectiveCategory.SOCIO_EDUCATIONAL,
    CollectiveCategory.LEISURE_WORKSITE,
    CollectiveCategory.PAID_WORKSITE,
    CollectiveCategory.STAY,
    CollectiveCategory.SCHOOL,
]


def build_pedagogical(figures: Figures, narratives: dict[str, str]) -> tuple[Section, ...]:
    time = time_share_table("team_time", figures, "Activité de l'équipe en % du temps de travail")
    summary, by_age, by_place = _presence_tables(figures, "presence")
    educational = actions_tables(
        "educational", "Action éducative", figures, [c.value for c in EDUCATIONAL]
    )
    milieu = actions_tables(
        "milieu",
        "Action sur le milieu",
        figures,
        [CollectiveCategory.LOCAL_DEVELOPMENT.value],
    )
    categories = distribution_table(
        "actions_categories",
        "Actions collectives par thématique",
        figures.distributions["collective_categories"],
        "category",
        rows=[c.value for c in CollectiveCategory],
        people=False,
        column_title="Actions",
    )
    acc = _accompaniment_tables(figures, "acc")
    return (
        Section(
            "I. Activité de l'équipe",
            "Temps de travail saisi par l'équipe sur la période, réparti entre les huit items.",
            tables=(time,),
            charts=(_chart(time, "barh", series=("% du temps",)),),
        ),
        Section(
            "II. Programme d'action — 1. Présence sociale",
            "Nombre de contacts, typologie du public (âges, genre) et répartition géographique "
            "des jeunes en contact.",
            tables=(summary, by_age, by_place),
            charts=(_chart(by_age, "stacked"), _chart(by_place, "barh")),
        ),
        Section(
            "II. Programme d'action — 2. Action éducative",
            "Pour chaque action : intitulé, période de réalisation, nombre de participants, "
            "répartition par catégorie d'âge et répartition géographique."
            + ("" if educational else " Aucune action éducative sur la période."),
            tables=(categories, *educational),
            charts=(_chart(categories, "barh"),),
        ),
        Section(
            "II. Programme d'action — 3. Action sur le milieu, développement social",
            "" if milieu else "Aucune action de développement social local sur la période.",
            tables=milieu,
        ),
        Section(
            "III. Accompagnements éducatifs individualisés",
            "Synthèse des accompagnements en cours sur la période.",
            tables=(
                values_table(
                    "acc_summary",
                    "Accompagnements",
                    figures,
                    ["youths.accompanied", "accompaniments", "accompaniments.new"],
                    labels={
                        "accompaniments": "Accompagnements en cours sur la période",
                        "accompaniments.new": "dont commencés sur la période",
                    },
                    same_as={"youths.accompanied": "acc_age", "accompaniments": "acc_entry"},
                ),
                acc["age"],
                acc["entry"],
                acc["problems"],
                acc["responses"],
            ),
        ),
    )


# ---------------------------------------------------------------- (b) suivi trimestriel


def build_quarterly(figures: Figures, narratives: dict[str, str]) -> tuple[Section, ...]:
    acc = _accompaniment_tables(figures, "quarter")
    return (
        Section(
            "Suivi des accompagnements de l'année",
            "Accompagnements éducatifs individualisés en cours depuis le 1er janvier : "
            "typologie des publics, point d'entrée, durée, problématiques abordées et réponses "
            "apportées.",
            tables=tuple(acc.values()),
            charts=(
                _chart(acc["gender"], "bar"),
                _chart(acc["age"], "stacked"),
                _chart(acc["places"], "stacked"),
                _chart(acc["entry"], "barh"),
                _chart(acc["duration"], "bar"),
                _chart(acc["problems"], "barh"),
                _chart(acc["responses"], "barh"),
            ),
        ),
    )


# ---------------------------------------------------------------- (c) bilan annuel

NARRATIVE_PARTS: dict[str, str] = {
    "presence_organisation": "Manière dont s'est organisée la présence sur les territoires",
    "presence_observations": "Observations et compréhension des territoires : problématiques, "
    "forces et faiblesses",
    "individual": "Accompagnement éducatif individualisé",
    "parenting": "Actions de soutien à la fonction parentale",
    "schooled": "Actions en direction des jeunes scolarisés",
    "unschooled": "Actions en direction des jeunes déscolarisés",
    "milieu": "Les actions sur le milieu",
    "partnership": "Le partenariat",
    "highlights": "Focus : actions et enjeux phares de l'année",
}


def _narratives(narratives: dict[str, str], *parts: str) -> tuple[Narrative, ...]:
    return tuple(Narrative(p, NARRATIVE_PARTS[p], narratives.get(p, "")) for p in parts)


def build_annual_review(figures: Figures, narratives: dict[str, str]) -> tuple[Section, ...]:
    summary, by_age, by_place = _presence_tables(figures, "review_presence")
    sessions = _sessions_table(figures, "review_sessions")
    acc = _accompaniment_tables(figures, "review_acc")
    situation = distribution_table(
        "review_situation",
        "Situation des jeunes accompagnés (scolarisés, déscolarisés…)",
        figures.distributions["accompanied"],
        "situation",
        population=_population(figures),
        same_margin="review_acc_gender",
    )
    parenting = actions_tables(
        "review_parenting",
        "Soutien à la fonction parentale",
        figures,
        [CollectiveCategory.PARENTING.value],
    )
    schooled = actions_tables(
        "review_schooled",
        "Actions en direction des jeunes",
        figures,
        [c.value for c in EDUCATIONAL if c != CollectiveCategory.PARENTING],
    )
    milieu = actions_tables(
        "review_milieu", "Actions sur le milieu", figures, [CollectiveCategory.LOCAL_DEVELOPMENT]
    )
    partnership = distribution_table(
        "review_partnership",
        "Actions partenariales par nature de partenaire",
        figures.distributions["partnership"],
        "partner_kind",
        people=False,
        column_title="Actions",
        note="Une action réunit souvent plusieurs partenaires : pas de total.",
    )
    partnership = replace(
        partnership, rows=partnership.rows[:-1], cells=partnership.cells[:-1], totals=False
    )
    return (
        Section(
            "Focus de l'année",
            narratives=_narratives(narratives, "highlights"),
            tables=(
                values_table(
                    "review_key",
                    "L'année en chiffres",
                    figures,
                    [
                        "youths.met",
                        "youths.accompanied",
                        "collective.actions",
                        "collective.youths",
                        "families.engaged",
                    ],
                    same_as={
                        "youths.met": "review_presence_age_gender",
                        "youths.accompanied": "review_acc_gender",
                    },
                ),
            ),
        ),
        Section(
            "I. Présence sociale et connaissance des territoires d'intervention",
            "Nombre d'entrées en contact sur l'année, par territoire, filles et garçons.",
            tables=(summary, by_place, by_age, sessions),
            charts=(_chart(by_place, "stacked"),),
            narratives=_narratives(narratives, "presence_organisation", "presence_observations"),
        ),
        Section(
            "II. L'action éducative",
            tables=(acc["gender"], acc["age"], situation, acc["problems"], acc["duration"]),
            charts=(_chart(acc["age"], "stacked"), _chart(acc["problems"], "barh")),
            narratives=_narratives(narratives, "individual"),
        ),
        Section(
            "II. L'action éducative — soutien à la fonction parentale",
            "" if parenting else "Aucune action de soutien à la fonction parentale sur l'année.",
            tables=parenting,
            narratives=_narratives(narratives, "parenting"),
            level=3,
        ),
        Section(
            "II. L'action éducative — jeunes scolarisés et déscolarisés",
            "" if schooled else "Aucune action collective en direction des jeunes sur l'année.",
            tables=schooled,
            narratives=_narratives(narratives, "schooled", "unschooled"),
            level=3,
        ),
        Section(
            "III. Les actions sur le milieu",
            "" if milieu else "Aucune action de développement social local sur l'année.",
            tables=milieu,
            narratives=_narratives(narratives, "milieu"),
        ),
        Section(
            "IV. Le partenariat",
            f"{figures.extra.get('partnership.actions', 0)} actions partenariales enregistrées "
            "sur l'année.",
            tables=(partnership,),
            narratives=_narratives(narratives, "partnership"),
        ),
    )


# ---------------------------------------------------------------- (d) Pas-de-Calais


def build_activity_report(
    figures: Figures, narratives: dict[str, str], sectors: Sequence[str] = ()
) -> tuple[Section, ...]:
    team = values_table(
        "pdc_team",
        "Composition de l'équipe (ETP en poste au 31 décembre)",
        figures,
        [f"staff.fte.{c.value}" for c in StaffCategory],
        column="ETP",
        people=False,
        total="staff.fte",
        unit="ETP",
    )
    hours_codes = [
        f"hours.{c.value}" for c in PasDeCalaisColumn if f"hours.{c.value}" in figures.values
    ]
    hours = values_table(
        "pdc_hours",
        "Nombre d'heures passées par le service éducatif",
        figures,
        hours_codes,
        column="Heures",
        people=False,
        total="hours",
        unit="h",
        note="Les huit items du temps de travail regroupés dans les colonnes du Département ; "
        "« Autre » est compté avec les formations et congés.",
    )
    met = values_table(
        "pdc_met",
        "Nombre de jeunes rencontrés",
        figures,
        [f"youths.met.{g.value}" for g in Gender],
        total="youths.met",
        labels={"youths.met": "Jeunes rencontrés"},
    )
    accompanied = values_table(
        "pdc_accompanied",
        "Nombre de jeunes accompagnés",
        figures,
        [f"youths.accompanied.{g.value}" for g in Gender],
        total="youths.accompanied",
        labels={"youths.accompanied": "Jeunes accompagnés"},
    )
    problems = _labels_table(
        "pdc_problems",
        "Problématiques du jeune à l'origine de l'accompagnement",
        figures,
        "problems",
    )
    durations = values_table(
        "pdc_durations",
        "Durée de l'accompagnement",
        figures,
        [f"accompaniments.duration.{code}" for code, *_ in DURATION_BANDS],
        column="Accompagnements",
        total="accompaniments",
    )
    collective = ReportTable(
        key="pdc_collective",
        title="Actions collectives",
        rows=("Service",),
        columns=(
            "Nombre d'actions collectives",
            "Nombre de jeunes concernés",
            "Nombre de familles",
        ),
        cells=(
            (
                figures.values["collective.actions"],
                figures.values["collective.youths"],
                figures.values.get("collective.families"),
            ),
        ),
        people=True,
        population=_population(figures),
    )
    return (
        Section(
            "Secteurs d'intervention",
            "" if sectors else "Aucun secteur d'intervention enregistré pour ce service.",
            items=tuple(sectors),
        ),
        Section("Composition de l'équipe", tables=(team,)),
        Section("Nombre de jeunes rencontrés", tables=(met,), charts=(_chart(met, "bar"),)),
        Section(
            "Répartition de l'activité",
            tables=(hours,),
            charts=(_chart(hours, "barh"),),
        ),
        Section("Nombre de jeunes accompagnés", tables=(accompanied,)),
        Section(
            "Problématiques du jeune à l'origine de l'accompagnement",
            tables=(problems,),
            charts=(_chart(problems, "barh"),),
        ),
        Section(
            "Durée de l'accompagnement", tables=(durations,), charts=(_chart(durations, "bar"),)
        ),
        Section("Actions collectives", tables=(collective,)),
    )


# ---------------------------------------------------------------- (e) Drôme


def build_drome(figures: Figures, narratives: dict[str, str]) -> tuple[Section, ...]:
    time = time_share_table("drome_time", figures, "Répartition du temps de travail (en %)")
    youths = values_table(
        "drome_youths",
        "Les jeunes",
        figures,
        ["youths.in_relation", "youths.met", "youths.accompanied", "youths.acted_with"],
        labels={
            "youths.in_relation": "Jeunes en relation avec l'équipe",
            "youths.met": "Jeunes rencontrés",
            "youths.accompanied": "Jeunes en suivi individuel",
            "youths.acted_with": "dont jeunes avec lesquels une action a été réalisée",
        },
        same_as={"youths.accompanied": "drome_situation"},
    )
    intensity = distribution_table(
        "drome_intensity",
        "Intensité des suivis individuels",
        figures.distributions["accompaniments"],
        "intensity",
        rows=[i.value for i in Intensity],
        column_title="Accompagnements",
        population=_population(figures),
    )
    situation = distribution_table(
        "drome_situation",
        "Situation des jeunes suivis : scolarité, formation, insertion, emploi",
        figures.distributions["accompanied"],
        "situation",
        population=_population(figures),
    )
    qualification = distribution_table(
        "drome_qualification",
        "Qualification des jeunes suivis : diplômés, sans qualification",
        figures.distributions["accompanied"],
        "qualification",
        population=_population(figures),
        same_margin="drome_situation",
    )
    problems = _labels_table("drome_problems", "Problématiques observées", figures, "problems")
    families = values_table(
        "drome_families", "Les familles", figures, ["families.known", "families.engaged"]
    )
    typology = distribution_table(
        "drome_collective",
        "Actions collectives engagées : typologie",
        figures.distributions["collective_categories"],
        "category",
        people=False,
        column_title="Actions",
    )
    participants = values_table(
        "drome_participants",
        "Participants aux actions collectives",
        figures,
        ["collective.youths", "collective.families"],
    )
    return (
        Section(
            "Fonctionnement du service",
            tables=(time,),
            charts=(_chart(time, "barh", series=("% du temps",)),),
        ),
        Section("Les jeunes", tables=(youths, intensity, situation, qualification)),
        Section(
            "Problématiques et dysfonctionnements observés",
            tables=(problems,),
            charts=(_chart(problems, "barh"),),
        ),
        Section("Les familles", tables=(families,)),
        Section("Les actions collectives", tables=(typology, participants)),
    )


# ---------------------------------------------------------------- the catalogue of models


MODELS: dict[str, ReportModel] = {
    model.key: model
    for model in (
        ReportModel(
            "conseil-pedagogique",
            "Reporting d'activité avant le conseil pédagogique",
            "Activité de l'équipe en % du temps, programme d'action (présence sociale, action "
            "éducative, action sur le milieu), accompagnements individualisés.",
            build_pedagogical,
        ),
        ReportModel(
            "suivi-trimestriel",
            "Suivi trimestriel des accompagnements",
            "Les accompagnements de l'année, du 1er janvier à la fin de la période, en graphiques.",
            build_quarterly,
            cumulative=True,
        ),
        ReportModel(
            "bilan-annuel",
            "Bilan annuel",
            "L'activité de l'année en quatre thèmes, avec les parties rédigées par la direction.",
            build_annual_review,
        ),
        ReportModel(
            "rapport-annuel-sps",
            "Rapport annuel d'activité du service",
            "Secteurs, équipe, jeunes rencontrés, heures par activité, jeunes accompagnés, "
            "problématiques, durées, actions collectives.",
            build_activity_report,
        ),
        ReportModel(
            "rapport-drome",
            "Rapport d'activité",
            "Temps de travail en %, jeunes en relation, rencontrés et suivis, intensité, "
            "situation, problématiques, familles, actions collectives.",
            build_drome,
        ),
    )
}


def _sectors(service_ids: Sequence[int]) -> list[str]:
    from reperes.partners.models import Sector

    lines = []
    for sector in (
        Sector.objects.filter(service_id__in=service_ids)
        .select_related("commune")
        .prefetch_related("quartiers")
        .order_by("commune__name", "pk")
    ):
        quartiers = ", ".join(q.name for q in sector.quartiers.all())
        line = sector.commune.name + (f" : {quartiers}" if quartiers else "")
        if sector.description:
            line += f" — {sector.description}"
        lines.append(line)
    return lines


def build(
    model_key: str,
    *,
    scope: Scope,
    period: Period,
    service: Any = None,
    convention: Any = None,
    narratives: dict[str, str] | None = None,
    source: str = "",
) -> Report:
    """The report ``model_key`` of ``scope`` over ``period`` (unpublished: see publication);
    ``source`` names the clauses that ask for it (« Convention « … », art. 10 »)."""
    model = MODELS[model_key]
    figures = compute(scope, period)
    narratives = dict(narratives or {})
    if model_key == "rapport-annuel-sps":
        sections = build_activity_report(figures, narratives, _sectors(scope.service_ids))
    else:
        sections = model.builder(figures, narratives)
    parties = (
        list(convention.parties.select_related("organisation").order_by("order", "pk"))
        if convention
        else []
    )
    funders = tuple(p.organisation.name for p in parties if p.role != "operator")
    operator = ""
    if service is not None and service.operator_id:
        operator = service.operator.name
    return Report(
        model_key=model_key,
        title=model.title,
        source=source,
        scope=scope,
        period=period,
        service_name=str(service) if service is not None else scope.label,
        operator_name=operator,
        funder_names=funders,
        convention_title=(convention.title if convention else ""),
        sections=sections,
    )


def demo_reports(period: Period | None = None) -> list[Report]:
    """Every report the conventions of each service with field records ask for
    (``obligations``), over ``period`` (by default the last year with street sessions):
    unpublished, for the secrecy attack tests."""
    from django.db.models import Max

    from reperes.fieldwork.models import StreetSession
    from reperes.partners.models import Service

    from .obligations import by_model, report_obligations, sources

    if period is None:
        last = StreetSession.objects.aggregate(last=Max("date"))["last"]
        period = Period.year(last.year if last else date.today().year)
    services = Service.objects.filter(street_sessions__isnull=False).distinct().order_by("name")
    reports = []
    for service in services.select_related("operator"):
        owed = by_model(report_obligations(service, period.start, until=period.end))
        for key, obligations in owed.items():
            reports.append(
                build(
                    key,
                    scope=Scope.for_service(service),
                    period=period,
                    service=service,
                    convention=obligations[-1].convention,
                    source=sources(obligations),
                )
            )
    return reports
