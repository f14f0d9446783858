"""Stage 3 of the import: the checked rows compared with the database — each youth and
accompaniment created, updated or unchanged — without writing anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reperes.fieldwork.enums import (
    Intensity,
    Situation,
)
from reperes.fieldwork.importing.columns import (
    FIELD_LABELS,
    IMPORTED_YOUTH_FIELDS,
    fold,
    import_key,
)
from reperes.fieldwork.importing.rows import ImportPlan, RowPlan, _Reader
from reperes.fieldwork.partners.models import Partner
from reperes.fieldwork.youths.models import Accompaniment, Youth
from reperes.partners.models import Quartier, Service


# ---------------------------------------------------------------- comparing with the database
def _youth_values(row: RowPlan) -> dict[str, Any]:
    v = row.values
    return {
        "gender": v.get("gender"),
        "birth_year": v.get("birth_year"),
        "commune_id": v["commune"].pk if v.get("commune") else None,
        "quartier_id": v["quartier"].pk if isinstance(v.get("quartier"), Quartier) else None,
        "situation": v.get("situation", Situation.UNKNOWN),
    }


def build_plan(service: Service, raw_rows: list[dict[str, Any]]) -> ImportPlan:
    """Say what every row would do, writing nothing: each row mapped and checked (``rows``),
    the rows checked against each other, then compared with the database."""
    reader = _Reader(service, raw_rows)
    rows = [reader.read(raw) for raw in raw_rows]
    check_rows_agree(rows)
    plan = ImportPlan(service=service, rows=rows)
    plan.new_partners = compare_with_database(service, rows)
    return plan


def check_rows_agree(rows: list[RowPlan]) -> None:
    """One accompaniment per youth and start date; a youth says the same on all its rows."""
    first_of: dict[str, RowPlan] = {}
    seen: dict[tuple[str, date], int] = {}
    for row in rows:
        if not row.code:
            continue
        start = row.values.get("started_on")
        if start is not None:
            if (row.code, start) in seen:
                row.errors.append(
                    f"Ligne {row.line} : même jeune et même date de début que la ligne "
                    f"{seen[(row.code, start)]}."
                )
            seen.setdefault((row.code, start), row.line)
        first = first_of.setdefault(row.code, row)
        if first is not row and not row.errors and not first.errors:
            mine, theirs = _youth_values(row), _youth_values(first)
            differing = [FIELD_LABELS[k] for k in IMPORTED_YOUTH_FIELDS if mine[k] != theirs[k]]
            if differing:
                row.errors.append(
                    f"Ligne {row.line} : le jeune {row.code} a un autre {', '.join(differing)} "
                    f"qu'à la ligne {first.line} ; une même personne a les mêmes informations "
                    "sur toutes ses lignes."
                )


@dataclass
class _Known:
    """What the service already holds that the rows may find again."""

    youths: dict[str, Youth]
    partners: dict[str, Partner]
    by_key: dict[str, Accompaniment]
    by_start: dict[tuple[int, date], Accompaniment]

    @classmethod
    def read(cls, service: Service, rows: list[RowPlan]) -> _Known:
        codes = {r.code for r in rows if r.code}
        youths = {
            y.pseudonym: y for y in Youth.objects.filter(service=service, pseudonym__in=codes)
        }
        keys = {
            import_key(service.pk, r.code, r.values["started_on"])
            for r in rows
            if r.code and r.values.get("started_on")
        }
        accompaniments = Accompaniment.objects.filter(service=service).prefetch_related(
            "problems", "responses"
        )
        return cls(
            youths=youths,
            partners={fold(p.name): p for p in Partner.objects.filter(service=service)},
            by_key={a.import_key: a for a in accompaniments.filter(import_key__in=keys)},
            by_start={
                (a.youth_id, a.started_on): a
                for a in accompaniments.filter(youth__in=youths.values(), import_key="")
            },
        )


def compare_with_database(service: Service, rows: list[RowPlan]) -> list[str]:
    """Mark each row's youth and accompaniment created, updated or unchanged, with what
    changes; answers the partners the import would add to the directory."""
    known = _Known.read(service, rows)
    new_partners: dict[str, str] = {}
    decided: set[str] = set()
    for row in rows:
        if row.errors:
            continue
        youth = known.youths.get(row.code)
        _compare_youth(row, youth, first=row.code not in decided)
        decided.add(row.code)
        name = row.values.get("partner", "")
        if name and fold(name) not in known.partners:
            new_partners.setdefault(fold(name), name)
        _compare_accompaniment(service, row, youth, known)
    # A youth's status is the same on all its rows: "update" if any row changes it.
    status_of: dict[str, str] = {}
    for row in rows:
        if row.youth_status == "update" or row.code not in status_of:
            status_of[row.code] = row.youth_status
    for row in rows:
        if row.youth_status:
            row.youth_status = status_of[row.code]
    return sorted(new_partners.values())


def _compare_youth(row: RowPlan, youth: Youth | None, *, first: bool) -> None:
    if youth is None:
        row.youth_status = "create"
        return
    wanted = _youth_values(row)
    changed = [k for k in IMPORTED_YOUTH_FIELDS if getattr(youth, k) != wanted[k]]
    row.youth_status = "update" if changed else "unchanged"
    if first:
        row.changes += [FIELD_LABELS[k] for k in changed]


def _compare_accompaniment(
    service: Service, row: RowPlan, youth: Youth | None, known: _Known
) -> None:
    key = import_key(service.pk, row.code, row.values["started_on"])
    accompaniment = known.by_key.get(key)
    if accompaniment is None and youth is not None:
        accompaniment = known.by_start.get((youth.pk, row.values["started_on"]))
    if accompaniment is None:
        row.status = "create"
        return
    changed = [
        FIELD_LABELS[k]
        for k, value in _accompaniment_values(row, known.partners).items()
        if getattr(accompaniment, k) != value
    ]
    for m2m in ("problems", "responses"):
        if {i.pk for i in getattr(accompaniment, m2m).all()} != {
            i.pk for i in row.values.get(m2m, [])
        }:
            changed.append(FIELD_LABELS[m2m])
    if accompaniment.import_key != key:
        changed.append("clé d'import")
    row.status = "update" if changed else "unchanged"
    row.changes += changed


def _accompaniment_values(row: RowPlan, partners: dict[str, Partner]) -> dict[str, Any]:
    v = row.values
    partner = partners.get(fold(v.get("partner", ""))) if v.get("partner") else None
    return {
        "ended_on": v.get("ended_on"),
        "entry_mode": v["entry_mode"],
        # A partner still to be created has no id yet: compare as a change.
        "orienting_partner_id": partner.pk if partner else (None if not v.get("partner") else -1),
        "intensity": v.get("intensity", Intensity.REGULAR),
        "exit_reason": v.get("exit_reason", ""),
    }
