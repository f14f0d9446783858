"""What a series may show: the secrecy layer applied to a zone × year table.

Seed 003, « Précisions réglementaires »: « ne diffuser aucune donnée portant sur une zone
géographique comptant moins de 100 allocataires et […] aucune donnée ou case de tableau dont
l'effectif serait inférieur à 5 ». The numbers are the convention's clause
(``reperes.reporting.secrecy.policy_for``: never below the platform's floor).

- *zone floor* — a zone is small when, for one of the years shown, its imported CAF allocataires
  are under the floor or unknown (the floor counts the zone's population, not the people of the
  table). For a count, the small zones of one parent commune are merged into one « autres zones »
  line, which takes in the next smallest zones of that commune until it reaches the floor; for a
  rate (which cannot be summed), a small zone is withheld.
- *cells* — the table (with its « Total » line for a count) goes through
  ``reperes.reporting.secrecy.publish_tables``: counts of 1 to threshold − 1 withheld, and
  enough others that none can be recomputed from the total. A rate whose effectif is under the
  threshold is withheld.

Every output (page, CSV, PDF, chart, map) is drawn from ``ProtectedSeries`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from reperes.reporting import secrecy
from reperes.reporting.reports import TOTAL, ReportTable

SECRET = secrecy.SECRET
PUBLISHED, MERGED, WITHHELD = "publiée", "regroupée", "secret"


@dataclass(frozen=True)
class ZoneFigures:
    code: str
    name: str
    parent: str  # the parent commune's name ("" for a commune)
    allocataires: dict[int, int | None]  # by year
    values: dict[int, tuple[Decimal, int | None]]  # year → (value, effectif)


@dataclass(frozen=True)
class ProtectedSeries:
    table: ReportTable  # as it may be published: rows are zones (or merged lines), columns years
    row_codes: tuple[tuple[str, ...], ...]  # the zone codes behind each row (several if merged)
    status: dict[str, str] = field(default_factory=dict)  # zone code → publiée/regroupée/secret
    merged_into: dict[str, str] = field(default_factory=dict)  # zone code → row label

    def shown(self, code: str, year: int) -> Any:
        """What the map shows for a zone: its published cell, or « s » (withheld or merged —
        a merged zone is not drawn with its group's sum), ``None`` when there is no value."""
        if self.status.get(code) != PUBLISHED:
            return SECRET
        column = str(year)
        if column not in self.table.columns:
            return None
        for row, codes in enumerate(self.row_codes):
            if codes == (code,):
                return self.table.cells[row][self.table.columns.index(column)]
        return SECRET


def _small(zone: ZoneFigures, years: Sequence[int], floor: int) -> bool:
    return any((zone.allocataires.get(y) or 0) < floor for y in years)


def _least(zones: Sequence[ZoneFigures], years: Sequence[int]) -> int:
    """The group's allocataires in its weakest year."""
    return min(sum(z.allocataires.get(y) or 0 for z in zones) for y in years)


def _sum(zones: Sequence[ZoneFigures], year: int) -> Decimal | None:
    values = [z.values.get(year) for z in zones]
    if any(v is None for v in values):
        return None  # a part unknown: the sum is not known either
    return sum((v[0] for v in values if v is not None), Decimal(0))


def _cell(value: Decimal) -> Decimal | int:
    return int(value) if value == value.to_integral_value() else value.normalize()


def protect(
    key: str,
    title: str,
    unit: str,
    counts: bool,
    zones: Sequence[ZoneFigures],
    years: Sequence[int],
    policy: secrecy.Policy,
) -> ProtectedSeries:
    years = sorted(years)
    columns = tuple(str(y) for y in years)
    status: dict[str, str] = {}
    merged_into: dict[str, str] = {}
    kept = [z for z in zones if not _small(z, years, policy.zone_floor)]
    small = [z for z in zones if _small(z, years, policy.zone_floor)]
    groups: list[tuple[str, list[ZoneFigures]]] = []
    if counts and small:
        for parent in sorted({z.parent for z in small}):
            group = [z for z in small if z.parent == parent]
            others = sorted(
                (z for z in kept if z.parent == parent),
                key=lambda z: (_least([z], years), z.code),
            )
            while _least(group, years) < policy.zone_floor and others:
                taken = others.pop(0)
                group.append(taken)
                kept.remove(taken)
            where = f" de {parent}" if parent else ""
            label = (
                f"Autres zones{where} regroupées (moins de {policy.zone_floor} allocataires "
                "chacune)"
            )
            if _least(group, years) >= policy.zone_floor:
                groups.append((label, group))
                for z in group:
                    status[z.code], merged_into[z.code] = MERGED, label
            else:
                for z in group:
                    status[z.code] = WITHHELD
    elif small:
        for z in small:
            status[z.code] = WITHHELD
    for z in kept:
        status[z.code] = PUBLISHED

    rows: list[str] = []
    codes: list[tuple[str, ...]] = []
    cells: list[tuple[Any, ...]] = []
    for z in zones:
        if status[z.code] == MERGED:
            continue
        line: list[str | Decimal | int | None] = []
        for y in years:
            found = z.values.get(y)
            if status[z.code] == WITHHELD:
                line.append(SECRET)
            elif found is None:
                line.append(None)
            elif not counts and found[1] is not None and 0 < found[1] < policy.threshold:
                line.append(SECRET)  # a rate on too few people
            else:
                line.append(_cell(found[0]))
        rows.append(z.name)
        codes.append((z.code,))
        cells.append(tuple(line))
    for label, group in groups:
        rows.append(label)
        codes.append(tuple(z.code for z in group))
        cells.append(tuple(_cell(s) if (s := _sum(group, y)) is not None else None for y in years))
    # No total when a group is withheld: the total minus the published lines would give it.
    totals = counts and len(zones) > 1 and WITHHELD not in status.values()
    if totals:
        rows.append(TOTAL)
        codes.append(tuple(z.code for z in zones))
        cells.append(tuple(_cell(s) if (s := _sum(zones, y)) is not None else None for y in years))
    table = ReportTable(
        key=key,
        title=title,
        rows=tuple(rows),
        columns=columns,
        cells=tuple(cells),
        people=counts,
        totals=totals,
        unit=unit,
        note=_note(status, policy),
    )
    (published,) = secrecy.publish_tables([table], policy)
    return ProtectedSeries(published, tuple(codes), status, merged_into)


def _note(status: dict[str, str], policy: secrecy.Policy) -> str:
    notes = []
    if MERGED in status.values():
        notes.append(
            f"Zones de moins de {policy.zone_floor} allocataires regroupées (secret statistique)."
        )
    if WITHHELD in status.values():
        notes.append(
            f"Zones de moins de {policy.zone_floor} allocataires non diffusées (secret "
            "statistique)."
        )
    return " ".join(notes)
