"""Reports: a report model (``report_models.MODELS``: the library's five models of the seeds,
or a model a Département composed) read by the engine (``model_engine``) over the indicator
engine's figures (``indicators.compute``).

The library's models follow their seed's table of contents:

- ``conseil-pedagogique`` — seed 000 annex 1, the reporting sent before each conseil
  pédagogique: team activity in % of time, programme, individual accompaniments;
- ``suivi-trimestriel`` — seed 000 annex 1, the accompaniments of the year to date;
- ``bilan-annuel`` — seed 000 annex 1, the annual review in four themes with written parts;
- ``rapport-annuel-sps`` — seed 001 « Activité 2022 »;
- ``rapport-drome`` — seed 004 art. 10.

A report holds *unpublished* tables: every output goes through ``publications`` (statistical
secrecy) first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from .indicators import Period, Scope, compute
from .model_engine import build_sections
from .report_models import MODELS
from .report_types import (
    TOTAL,
    Cell,
    ChartSpec,
    ModelSpec,
    Narrative,
    Report,
    ReportTable,
    Section,
)

__all__ = [
    "MODELS",
    "TOTAL",
    "Cell",
    "ChartSpec",
    "ModelSpec",
    "Narrative",
    "Report",
    "ReportTable",
    "Section",
    "build",
    "demo_reports",
]


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
    """The report ``model_key`` of ``scope`` over ``period``, unpublished (``secrecy.publish``
    protects it, ``publications`` keeps what leaves the service); ``source`` names the clauses
    that ask for it (« Convention « … », art. 10 »)."""
    model = MODELS[model_key]
    figures = compute(scope, period)
    wants_sectors = any(s.get("items") == "sectors" for s in model.spec["sections"])
    sectors = _sectors(scope.service_ids) if wants_sectors else ()
    sections = build_sections(model.spec, figures, dict(narratives or {}), sectors)
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
        model_version=model.version,
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
        period = Period.year(last.year if last else timezone.localdate().year)
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
