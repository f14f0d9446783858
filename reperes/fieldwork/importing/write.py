"""Stage 4 of the import: the plan written in one transaction, refused whole if any row has an
error; youths and accompaniments found again by code and ``import_key``, so a second import of
the same file changes nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from reperes.core.models import audit
from reperes.fieldwork.enums import (
    AccessAction,
    PartnerKind,
)
from reperes.fieldwork.importing.columns import (
    IMPORTED_YOUTH_FIELDS,
    ImportRefused,
    fold,
    import_key,
)
from reperes.fieldwork.importing.plan import _accompaniment_values, _youth_values, build_plan
from reperes.fieldwork.importing.rows import RowPlan
from reperes.fieldwork.partners.models import Partner
from reperes.fieldwork.youths.access_log import log_access
from reperes.fieldwork.youths.models import Accompaniment, Youth
from reperes.partners.models import Service


# ---------------------------------------------------------------- writing
@dataclass
class ImportResult:
    summary: dict[str, int]


def apply_plan(actor: Any, service: Service, raw_rows: list[dict[str, Any]]) -> ImportResult:
    """Re-read the rows against the database and write everything, or nothing."""
    with transaction.atomic():
        plan = build_plan(service, raw_rows)
        if plan.has_errors:
            raise ImportRefused(
                f"{len(plan.errors)} erreur(s) dans le tableau : rien n'a été importé."
            )
        partners = {fold(p.name): p for p in Partner.objects.filter(service=service)}
        for name in plan.new_partners:
            partners[fold(name)] = Partner.objects.create(
                service=service, name=name, kind=PartnerKind.OTHER
            )
        youths = {
            y.pseudonym: y
            for y in Youth.objects.filter(
                service=service, pseudonym__in={r.code for r in plan.rows}
            )
        }
        # code → the fields the import wrote on that youth's record (for the access log)
        touched: dict[str, set[str]] = defaultdict(set)
        for row in plan.rows:
            youth = youths.get(row.code)
            wanted = _youth_values(row)
            if youth is None:
                first_met = min(r.values["started_on"] for r in plan.rows if r.code == row.code)
                youth = Youth(service=service, pseudonym=row.code, first_met_on=first_met, **wanted)
                youth.full_clean()
                youth.save()
                youths[row.code] = youth
                touched[row.code] |= {k.removesuffix("_id") for k in wanted}
            else:
                changed = [k for k in IMPORTED_YOUTH_FIELDS if getattr(youth, k) != wanted[k]]
                if changed:
                    for k in changed:
                        setattr(youth, k, wanted[k])
                    youth.full_clean()
                    youth.save(update_fields=[*changed, "updated_at"])
                    touched[row.code] |= {k.removesuffix("_id") for k in changed}
            if row.status in ("create", "update"):
                _write_accompaniment(row, service, youth, partners)
                touched[row.code].add("accompaniments")
        for code, fields in touched.items():
            log_access(actor, youths[code], AccessAction.IMPORT, fields=sorted(fields))
        summary = plan.summary
        if plan.changes_anything:  # a file already imported writes nothing at all
            audit(
                actor,
                "fieldwork.import",
                service,
                "Import du tableau des accompagnements",
                **summary,
            )
    return ImportResult(summary=summary)


def _write_accompaniment(
    row: RowPlan, service: Service, youth: Youth, partners: dict[str, Partner]
) -> None:
    key = import_key(service.pk, row.code, row.values["started_on"])
    accompaniment = (
        Accompaniment.objects.filter(service=service, import_key=key).first()
        or Accompaniment.objects.filter(
            service=service, youth=youth, started_on=row.values["started_on"], import_key=""
        ).first()
        or Accompaniment(service=service, youth=youth, started_on=row.values["started_on"])
    )
    for name, value in _accompaniment_values(row, partners).items():
        setattr(accompaniment, name, value)
    accompaniment.import_key = key
    accompaniment.full_clean()
    accompaniment.save()
    accompaniment.problems.set(row.values.get("problems", []))
    accompaniment.responses.set(row.values.get("responses", []))
