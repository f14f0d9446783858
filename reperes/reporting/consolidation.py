"""The funder's consolidation: « Activité N des SPS » (seed 001), one row per service of the
conventions a funder is party to, with totals and the checks' warnings.

Each row comes from the service's validated submission or, when it has none, from its field
records (the engine's values, computed for all such services at once by
``indicators_by_service.values_by_service`` and kept until the service writes again:
``figures_store``). Columns are the seed's: sectors, team, youths met, hours per
activity (the Pas-de-Calais columns), youths accompanied, collective actions, youths concerned
and families. A blank cell is « NR » (non renseigné), never a zero; a blank cell whose note
names another part of the same total (« Dans les accompagnements individuels ») is « compris
dans … » that part (``Included``); the total row says how many services it leaves out as NR.

The tables are ``ReportTable`` objects before statistical secrecy: the view publishes them
through ``reperes.reporting.secrecy`` before any output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models.functions import ExtractYear

from reperes.fieldwork.enums import PasDeCalaisColumn
from reperes.people.enums import StaffCategory
from reperes.rules import submission_checks as checks

from . import figures_store
from .catalogue import BY_CODE
from .enums import SubmissionStatus
from .indicators import Period, Scope
from .models import Submission
from .reports import TOTAL, ReportTable
from .submissions import COMPARED_CODES, LABELS, PARTS

SOURCE_SUBMISSION = "Remontée validée"
SOURCE_RECORDS = "Saisie du service"
# Neither a validated submission nor a single record in the year: the figures are unknown
# (« NR »), not zero (issue 16: seven services showed 0 « Saisie du service » for 2025).
SOURCE_NONE = "Ni remontée validée ni saisie"

HOURS_CODES = tuple(f"hours.{column.value}" for column in PasDeCalaisColumn)
YOUTHS_CODES = ("youths.met", "youths.accompanied")
COLLECTIVE_CODES = ("collective.actions", "collective.youths", "collective.families")
SHOWN_CODES = (*YOUTHS_CODES, *HOURS_CODES, "hours", *COLLECTIVE_CODES)
STAFF_CATEGORIES = tuple(StaffCategory)


class Included(str):
    """A figure the service counted within another one, « compris dans … » saying where (seed
    001: Harnes's « Écrits professionnels » reads « Dans les accompagnements individuels »).
    Neither a number nor unknown: a string, so that every output writes it as it reads."""

    @classmethod
    def within(cls, label: str) -> Included:
        return cls(f"compris dans « {label} »")


def included_in(code: str, note: str) -> str | None:
    """The label of the part of the same total that ``note`` names, if it names one: the
    service left the cell empty because the figure is counted there."""
    indicator = BY_CODE.get(code)
    if indicator is None or indicator.part_of is None:
        return None
    siblings = [
        other.label
        for other in BY_CODE.values()
        if other.part_of == indicator.part_of and other.code != code
    ]
    return next((label for label in siblings if label.lower() in note.lower()), None)


@dataclass
class Row:
    service: Any
    label: str
    source: str
    values: dict[str, Decimal | None]
    notes: dict[str, str]
    staff: dict[str, Decimal]
    sectors: list[str]
    findings: list[checks.Finding] = field(default_factory=list)
    nr: list[str] = field(default_factory=list)
    nr_own: list[str] = field(default_factory=list)  # NR here but given by another service

    @property
    def included(self) -> dict[str, str]:
        """``{code: where it is counted}`` for the cells « compris dans … »."""
        return {
            code: where
            for code, note in self.notes.items()
            if self.values.get(code) is None and (where := included_in(code, note))
        }

    def cell(self, code: str) -> Decimal | Included | None:
        where = self.included.get(code)
        return Included.within(where) if where else self.values.get(code)

    @property
    def own_findings(self) -> list[checks.Finding]:
        """The warnings about this row alone: the identical figures are shown once per group."""
        return [f for f in self.findings if f.check != checks.Check.IDENTICAL]

    @property
    def educator_fte(self) -> Decimal | None:
        return self.staff.get(StaffCategory.SOCIAL_WORKER.value)


@dataclass(frozen=True)
class Consolidation:
    funder: Any
    year: int
    rows: tuple[Row, ...]
    tables: tuple[ReportTable, ...]
    # {year: ids of the services with data that year} (``years_with_data``).
    coverage: dict[int, set[int]] = field(default_factory=dict)
    # One warning per group of services declaring the same figures (``_check``).
    identical: tuple[checks.Finding, ...] = ()

    @property
    def title(self) -> str:
        return f"Activité {self.year} des services financés par {self.funder.name}"

    @property
    def period(self) -> Period:
        return Period.year(self.year)


def services_of(funder: Any) -> list[Any]:
    from reperes.partners.models import Service

    scope = Scope.for_funder(funder)
    return list(
        Service.objects.filter(pk__in=scope.service_ids).select_related("operator").order_by("name")
    )


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _staffing(services: list[Any], year: int) -> dict[int, dict[str, Decimal]]:
    """The staffing tables of the people app for the year, every service in one query."""
    from reperes.people.models import StaffingLine

    tables: dict[int, dict[str, Decimal]] = {}
    for line in StaffingLine.objects.filter(service__in=services, year=year):
        tables.setdefault(line.service_id, {})[line.category] = Decimal(line.planned_fte)
    return tables


def _staff(staffing: dict[str, Decimal], values: dict[str, Decimal | None]) -> dict[str, Decimal]:
    """The service's staffing table for the year; else the submission's figures."""
    if staffing:
        return staffing
    return {
        c.value: v
        for c in STAFF_CATEGORIES
        if (v := values.get(f"staff.fte.{c.value}")) is not None
    }


def _sectors(services: list[Any]) -> dict[int, list[str]]:
    """``{service id: its sectors of intervention}``, named by their description or their
    commune: one query of names, not a model instance per sector."""
    from reperes.partners.models import Sector

    result: dict[int, list[str]] = {}
    for service_id, description, commune in (
        Sector.objects.filter(service__in=services)
        .order_by("commune__name", "pk")
        .values_list("service_id", "description", "commune__name")
    ):
        result.setdefault(service_id, []).append(description or commune)
    return result


def years_with_data(services: list[Any], until: int) -> dict[int, set[int]]:
    """``{year: ids of the services with data that year}`` up to ``until``: a validated
    submission, or a field record of the year (a street session, an hour of work, a youth first
    met, an accompaniment or a collective action running in it). The records' years are kept
    between requests (``figures_store``) and read again only for the services that wrote."""
    ids = [s.pk for s in services]
    pairs: set[tuple[int, int]] = set(
        Submission.objects.filter(service__in=ids, status=SubmissionStatus.VALIDATED)
        .values_list("service_id", "year")
        .order_by()
        .distinct()
    )
    for service_id, (years, running_since) in figures_store.record_years(
        ids, _record_years
    ).items():
        pairs |= {(service_id, year) for year in years}
        if running_since is not None:  # data every year until ``until``
            pairs |= {(service_id, year) for year in range(running_since, until + 1)}
    result: dict[int, set[int]] = {}
    for service_id, year in pairs:
        if year <= until:
            result.setdefault(year, set()).add(service_id)
    return result


def _record_years(ids: list[int]) -> dict[int, figures_store.Years]:
    """For each service, the years of its dated records and of its accompaniments and
    collective actions, and the first year of one still running. A few grouped queries."""
    from reperes.fieldwork.models import (
        Accompaniment,
        CollectiveAction,
        StreetSession,
        TimeEntry,
        Youth,
    )

    years: dict[int, set[int]] = {pk: set() for pk in ids}
    running: dict[int, int] = {}
    dated = (
        (StreetSession.objects.filter(service__in=ids), "service_id", "date"),
        (TimeEntry.objects.filter(staff__service__in=ids), "staff__service_id", "day"),
        (Youth.objects.filter(service__in=ids), "service_id", "first_met_on"),
    )
    for records, service, day in dated:
        for service_id, year in (
            records.filter(**{f"{day}__isnull": False})
            .annotate(data_year=ExtractYear(day))
            .values_list(service, "data_year")
            .order_by()  # else the models' default ordering joins the DISTINCT: one row each
            .distinct()
        ):
            years[service_id].add(year)
    for model in (Accompaniment, CollectiveAction):
        spans = (
            model.objects.filter(service__in=ids)
            .annotate(first=ExtractYear("started_on"), last=ExtractYear("ended_on"))
            .values_list("service_id", "first", "last")
            .order_by()
            .distinct()
        )
        for service_id, first, last in spans:
            if last is None:
                running[service_id] = min(first, running.get(service_id, first))
            else:
                years[service_id] |= set(range(first, last + 1))
    return {pk: (sorted(years[pk]), running.get(pk)) for pk in ids}


def default_year(coverage: dict[int, set[int]], today: date) -> int:
    """The last finished year that has data; last year when none has."""
    finished = [year for year in coverage if year < today.year]
    return max(finished, default=today.year - 1)


def _row(
    service: Any,
    submission: Submission | None,
    recorded: dict[str, Any] | None,
    staffing: dict[str, Decimal],
    sectors: list[str],
) -> Row:
    notes: dict[str, str] = {}
    if submission is not None:
        values = {code: _decimal(v) for code, v in submission.values_by_code().items()}
        notes = submission.notes_by_code()
        source = SOURCE_SUBMISSION
    elif recorded is not None:
        values = {code: _decimal(v) for code, v in recorded.items()}
        source = SOURCE_RECORDS
    else:
        values = {}
        source = SOURCE_NONE
    return Row(
        service=service,
        label=service.name,
        source=source,
        values=values,
        notes=notes,
        staff=_staff(staffing, values),
        sectors=sectors,
    )


# The page names this many groups of services with identical figures, then « et N autres
# groupes »; the downloads name them all.
IDENTICAL_SHOWN = 20


def _check(rows: list[Row]) -> tuple[checks.Finding, ...]:
    """Each row's own warnings; the identical-figures warnings, one per group of services,
    are returned to be shown once (each row of the group also carries its group's)."""
    groups = checks.group_identical_services(
        {row.label: row.values for row in rows}, codes=COMPARED_CODES
    )
    copied: dict[str, list[checks.Finding]] = {}
    identical = []
    for group in groups:
        finding = group.finding()
        identical.append(finding)
        for name in group.names:
            copied.setdefault(name, []).append(finding)
    for row in rows:
        row.findings += checks.check_totals(row.values, PARTS, LABELS)
        row.findings += checks.check_hours_plausible(row.values.get("hours"), row.educator_fte)
        row.findings += copied.get(row.label, [])
        row.nr = [BY_CODE[code].label for code in SHOWN_CODES if row.cell(code) is None]
    everywhere = set(nr_everywhere(rows))
    for row in rows:
        # A row without any data says so by its source, not by listing every indicator.
        if row.source != SOURCE_NONE:
            row.nr_own = [label for label in row.nr if label not in everywhere]
    return tuple(identical)


def nr_everywhere(rows: list[Row]) -> list[str]:
    """Indicators no service gave: said once above the tables, not on every row."""
    return [
        BY_CODE[code].label
        for code in SHOWN_CODES
        if rows and all(row.cell(code) is None for row in rows)
    ]


def _sum(values: list[Any]) -> Decimal | None:
    """The sum of the numbers; a cell « compris dans … » is already in another one's."""
    given = [v for v in values if isinstance(v, Decimal | int)]
    return sum((Decimal(v) for v in given), Decimal(0)) if given else None


def _table(
    key: str,
    title: str,
    rows: list[Row],
    columns: list[tuple[str, Any]],
    *,
    people: bool,
    unit: str,
    totals: bool = False,
    note: str = "",
) -> ReportTable:
    """``columns``: (label, getter(row) -> value). A « Total » row ends the table."""
    lines = [tuple(getter(row) for _label, getter in columns) for row in rows]
    total = tuple(_sum([line[i] for line in lines]) for i in range(len(columns)))
    unknown = [
        f"{n} NR en « {label} »"
        for i, (label, _getter) in enumerate(columns)
        if (n := sum(1 for line in lines if line[i] is None)) and total[i] is not None
    ]
    if unknown:
        note = f"{note} Les totaux laissent de côté les services non renseignés : {', '.join(unknown)}.".strip()
    return ReportTable(
        key=key,
        title=title,
        rows=(*[row.label for row in rows], TOTAL),
        columns=tuple(label for label, _getter in columns),
        cells=(*lines, total),
        people=people,
        totals=totals,
        unit=unit,
        note=note,
    )


def _value(code: str) -> Any:
    return lambda row: row.cell(code)


def _indicator_columns(*columns: tuple[str, str]) -> list[tuple[str, Any]]:
    """(label, indicator code) → (label, getter): each row's figure for that indicator."""
    return [(label, _value(code)) for label, code in columns]


def tables(rows: list[Row], year: int) -> tuple[ReportTable, ...]:
    categories = [c for c in STAFF_CATEGORIES if any(c.value in row.staff for row in rows)]
    staff_columns: list[tuple[str, Any]] = [
        # A category absent from a service's staffing table is no staff, not « NR ».
        (c.label, (lambda row, c=c: row.staff.get(c.value, Decimal(0)) if row.staff else None))
        for c in categories
    ]
    staff_columns.append(("Total", lambda row: _sum(list(row.staff.values()))))
    hours_columns: list[tuple[str, Any]] = [
        (column.label, _value(f"hours.{column.value}")) for column in PasDeCalaisColumn
    ]
    hours_columns.append(("Total", _value("hours")))
    return (
        _table(
            "consolidation-equipes",
            f"Composition des équipes en {year} (ETP)",
            rows,
            staff_columns,
            people=False,
            unit="ETP",
            totals=True,
        ),
        _table(
            "consolidation-jeunes",
            f"Jeunes rencontrés et accompagnés en {year}",
            rows,
            _indicator_columns(
                ("Jeunes rencontrés", "youths.met"),
                ("Jeunes accompagnés", "youths.accompanied"),
            ),
            people=True,
            unit="jeunes",
        ),
        _table(
            "consolidation-heures",
            f"Répartition de l'activité en {year} : heures passées par le service éducatif",
            rows,
            hours_columns,
            people=False,
            unit="heures",
            totals=True,
        ),
        _table(
            "consolidation-actions-collectives",
            f"Actions collectives en {year}",
            rows,
            _indicator_columns(
                ("Nombre d'actions collectives", "collective.actions"),
                ("Nombre de jeunes concernés", "collective.youths"),
                ("Nombre de familles", "collective.families"),
            ),
            people=True,
            unit="",
        ),
    )


def build(funder: Any, year: int, coverage: dict[int, set[int]] | None = None) -> Consolidation:
    """``coverage``: ``years_with_data`` of the funder's services, when the caller has it."""
    services = services_of(funder)
    if coverage is None:
        coverage = years_with_data(services, year)
    validated = {
        s.service_id: s
        for s in Submission.objects.filter(
            service__in=services, year=year, status=SubmissionStatus.VALIDATED
        ).prefetch_related("values")
    }
    # The services without a validated submission but with records: their recorded figures,
    # all in one pass. The others have no figure at all.
    with_records = coverage.get(year, set())
    recorded = figures_store.values_by_service(
        [s.pk for s in services if s.pk not in validated and s.pk in with_records], year
    )
    staffing = _staffing(services, year)
    sectors = _sectors(services)
    rows = [
        _row(
            service,
            validated.get(service.pk),
            recorded.get(service.pk),
            staffing.get(service.pk, {}),
            sectors.get(service.pk, []),
        )
        for service in services
    ]
    identical = _check(rows)
    return Consolidation(
        funder=funder,
        year=year,
        rows=tuple(rows),
        tables=tables(rows, year),
        coverage=coverage,
        identical=identical,
    )
