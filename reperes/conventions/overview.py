"""Read models for the pages: conventions with their computed status and key dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from reperes.core.params import id_param, text_param

from .dates import DatesView, dates_of
from .models import Convention, Party


@dataclass(frozen=True)
class ConventionRow:
    convention: Convention
    dates: DatesView

    @property
    def next_key_date(self) -> tuple[str, date] | None:
        keys = self.dates.keys
        candidates = [
            ("Dernier jour pour dénoncer", keys.withdrawal_deadline),
            ("Reconduction tacite", keys.next_renewal),
            ("Fin de la période en cours", keys.current_period_end),
        ]
        future = [(label, d) for label, d in candidates if d is not None and d >= self.dates.on]
        return min(future, key=lambda item: item[1]) if future else None


def with_related(queryset: QuerySet[Convention]) -> QuerySet[Convention]:
    return queryset.select_related("service", "template", "follows").prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organisation")),
        "events",
        "communes",
    )


def search(queryset: QuerySet[Convention], params: Any) -> QuerySet[Convention]:
    q = text_param(params, "q")
    if q:
        queryset = queryset.filter(
            Q(title__icontains=q)
            | Q(short_title__icontains=q)
            | Q(parties__organisation__name__icontains=q)
            | Q(service__name__icontains=q)
        ).distinct()
    # Ids read by the one parameter helper: a huge integer is a French 400, not a 500.
    partner = id_param(params, "partenaire")
    if partner is not None:
        queryset = queryset.filter(
            pk__in=Party.objects.filter(organisation_id=partner).values("convention")
        )
    commune = id_param(params, "commune")
    if commune is not None:
        queryset = queryset.filter(communes__id=commune).distinct()
    return queryset


def rows_for(queryset: QuerySet[Convention], on: date, status: str = "") -> list[ConventionRow]:
    rows = [ConventionRow(c, dates_of(c, on)) for c in with_related(queryset)]
    if status:
        rows = [r for r in rows if r.dates.status_code == status]
    return rows


def conventions_overview(user: Any, on: date) -> list[ConventionRow]:
    return rows_for(Convention.objects.visible_to(user), on)
