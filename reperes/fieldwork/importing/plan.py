"""Stage 3 of the import: the checked rows compared with the database — each youth and
accompaniment created, updated or unchanged — without writing anything."""

from __future__ import annotations

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
    """Read every row and say what it would do; writes nothing."""
    reader = _Reader(service, raw_rows)
    rows = [reader.read(raw) for raw in raw_rows]
    plan = ImportPlan(service=service, rows=rows)

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

    codes = {r.code for r in rows if r.code}
    youths = {y.pseudonym: y for y in Youth.objects.filter(service=service, pseudonym__in=codes)}
    partners = {fold(p.name): p for p in Partner.objects.filter(service=service)}
    keys = {
        import_key(service.pk, r.code, r.values["started_on"]): r
        for r in rows
        if r.code and r.values.get("started_on")
    }
    existing = {
        a.import_key: a
        for a in Accompaniment.objects.filter(
            service=service, import_key__in=keys
        ).prefetch_related("problems", "responses")
    }
    by_start = {
        (a.youth_id, a.started_on): a
        for a in Accompaniment.objects.filter(
            service=service, youth__in=youths.values(), import_key=""
        ).prefetch_related("problems", "responses")
    }

    new_partners: dict[str, str] = {}
    decided: set[str] = set()
    for row in rows:
        if row.errors:
            continue
        youth = youths.get(row.code)
        wanted = _youth_values(row)
        if youth is None:
            row.youth_status = "create"
        else:
            changed = [k for k in IMPORTED_YOUTH_FIELDS if getattr(youth, k) != wanted[k]]
            row.youth_status = "update" if changed else "unchanged"
            if row.code not in decided:
                row.changes += [FIELD_LABELS[k] for k in changed]
        decided.add(row.code)

        name = row.values.get("partner", "")
        if name and fold(name) not in partners:
            new_partners.setdefault(fold(name), name)
        key = import_key(service.pk, row.code, row.values["started_on"])
        accompaniment = existing.get(key)
        if accompaniment is None and youth is not None:
            accompaniment = by_start.get((youth.pk, row.values["started_on"]))
        if accompaniment is None:
            row.status = "create"
            continue
        changed = [
            FIELD_LABELS[k]
            for k, value in _accompaniment_values(row, partners).items()
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
    # A youth's status is the same on all its rows: "update" if any row changes it.
    status_of = {}
    for row in rows:
        if row.youth_status == "update" or row.code not in status_of:
            status_of[row.code] = row.youth_status
    for row in rows:
        if row.youth_status:
            row.youth_status = status_of[row.code]
    plan.new_partners = sorted(new_partners.values())
    return plan


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
