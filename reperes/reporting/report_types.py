"""What a report is made of, before statistical secrecy: tables, charts, the director's
written parts, sections, and the report itself (``model_engine`` builds them from a model's
data and the indicator engine's figures; ``publications`` passes them through secrecy)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from .indicators import Period, Scope

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
    # What the cells count, for provenance (``reperes.reporting.provenance``): the engine's
    # distribution and dimensions, the indicator codes per row… (see ``model_engine``).
    origin: dict[str, Any] = field(default_factory=dict, compare=False)
    # What its indicators count: (label, unit, definition), shown with the table everywhere.
    definitions: tuple[tuple[str, str, str], ...] = ()

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
    model_version: int | None = None

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
class ModelSpec:
    """A report model as the engine reads it: its table of contents (``spec``, data written in
    the interface or shipped with Repères, ``reperes.reporting.model_engine``) in the version
    in force. Which services owe it, for which periods, under which article, is not the model's
    business: the report clauses of the conventions binding a service say so
    (``reperes.reporting.obligations``)."""

    key: str
    title: str
    description: str
    spec: dict[str, Any]
    # Each report covers the year to date (« un suivi des accompagnements de l'année »): from
    # 1 January to the end of the period its clause names.
    cumulative: bool = False
    version: int = 1
    version_id: int | None = None
