"""What the indicator engine speaks: periods, scopes, and its results (distributions by
dimension, collective actions, the figures of a scope over a period). ``indicators.compute``
makes them; the report engine, provenance and the consolidation read them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from reperes.core.french import french_date as core_french_date
from reperes.fieldwork.enums import (
    AgeBand,
    CollectiveCategory,
    EntryMode,
    Gender,
    Intensity,
    PartnerKind,
    Qualification,
    Situation,
    TimeCategory,
)

from .catalogue import DURATION_BANDS

Number = int | Decimal

# ---------------------------------------------------------------- periods


def french_date(day: date) -> str:
    return core_french_date(day)


@dataclass(frozen=True)
class Period:
    """A range of days, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("La fin de la période précède son début.")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError("Un trimestre est numéroté de 1 à 4.")
        start = date(year, 3 * quarter - 2, 1)
        following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return cls(start, following - timedelta(days=1))

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2024``, ``2024-T2`` or ``2024-01-01_2024-06-30`` (the form of the URLs)."""
        text = text.strip()
        try:
            if text.isdigit() and len(text) == 4:
                return cls.year(int(text))
            if len(text) == 7 and text[4:6] == "-T" and text[:4].isdigit():
                return cls.quarter(int(text[:4]), int(text[6]))
            first, _, last = text.partition("_")
            return cls(date.fromisoformat(first), date.fromisoformat(last))
        except ValueError as exc:
            raise ValueError(
                "Période non reconnue : une année (2024), un trimestre (2024-T2) ou deux dates "
                "(2024-01-01_2024-06-30)."
            ) from exc

    @property
    def key(self) -> str:
        if (
            self.start.month == 1
            and self.start.day == 1
            and self.end == date(self.start.year, 12, 31)
        ):
            return str(self.start.year)
        for quarter in (1, 2, 3, 4):
            if self == Period.quarter(self.start.year, quarter):
                return f"{self.start.year}-T{quarter}"
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def label(self) -> str:
        key = self.key
        if key.isdigit():
            return f"année {key}"
        if "-T" in key:
            number = int(key[-1])
            return f"{number}{'er' if number == 1 else 'e'} trimestre {self.start.year}"
        return f"du {french_date(self.start)} au {french_date(self.end)}"


# ---------------------------------------------------------------- scopes


@dataclass(frozen=True)
class Scope:
    """Which records a figure counts: those of some services, optionally only in one commune
    or one quartier."""

    service_ids: tuple[int, ...]
    label: str
    commune_id: int | None = None
    quartier_id: int | None = None

    @classmethod
    def for_service(cls, service: Any) -> Scope:
        return cls((service.pk,), str(service))

    @classmethod
    def for_convention(cls, convention: Any) -> Scope:
        if convention.service_id is None:
            return cls((), convention.short_title or convention.title)
        return cls((convention.service_id,), str(convention.service))

    @classmethod
    def for_funder(cls, organisation: Any) -> Scope:
        """A funder's whole portfolio: the services of the conventions that bind it today
        (``reperes.conventions.access``: drafts, refused and ended conventions give nothing)."""
        from reperes.conventions.access import funder_service_ids

        ids = sorted(funder_service_ids(organisation))
        return cls(tuple(ids), f"Services financés par {organisation}")

    @classmethod
    def for_commune(cls, commune: Any, service_ids: tuple[int, ...]) -> Scope:
        return cls(tuple(service_ids), f"Commune de {commune.name}", commune_id=commune.pk)

    @classmethod
    def for_quartier(cls, quartier: Any, service_ids: tuple[int, ...]) -> Scope:
        return cls(tuple(service_ids), f"Quartier {quartier.name}", quartier_id=quartier.pk)

    @property
    def geographic(self) -> bool:
        return self.commune_id is not None or self.quartier_id is not None

    def place_filter(self, quartier: str, commune: str) -> Q:
        """Records whose quartier (or, without one, commune) lies in the scope."""
        if self.quartier_id is not None:
            return Q(**{f"{quartier}_id": self.quartier_id})
        if self.commune_id is not None:
            return Q(**{f"{quartier}__commune_id": self.commune_id}) | Q(
                **{f"{quartier}__isnull": True, f"{commune}_id": self.commune_id}
            )
        return Q()


# ---------------------------------------------------------------- results

UNKNOWN_PLACE = "?"


@dataclass(frozen=True)
class Distribution:
    """Counts by one or more dimensions; keys are codes (enum values, or ``q12``/``c3`` for a
    quartier or commune), ``labels`` names the places."""

    dimensions: tuple[str, ...]
    counts: dict[tuple[str, ...], Number]
    labels: dict[str, str] = field(default_factory=dict)

    def total(self) -> Number:
        return sum(self.counts.values(), 0)

    def margin(self, dimension: str) -> dict[str, Number]:
        index = self.dimensions.index(dimension)
        result: dict[str, Number] = defaultdict(int)
        for key, value in self.counts.items():
            result[key[index]] += value
        return dict(result)

    def get(self, *key: str) -> Number:
        return self.counts.get(tuple(key), 0)

    def keys_of(self, dimension: str) -> list[str]:
        """The codes of one dimension in report order: the enum's order, places by name."""
        present = set(self.margin(dimension))
        order = DIMENSION_ORDER.get(dimension)
        if order is not None:
            return [code for code in order if code in present]
        return sorted(
            present, key=lambda code: (code == UNKNOWN_PLACE, self.labels.get(code, code))
        )

    def label(self, dimension: str, code: str) -> str:
        labels = DIMENSION_LABELS.get(dimension)
        if labels is not None:
            return labels.get(code, code)
        return self.labels.get(code, code)


DIMENSION_ORDER: dict[str, list[str]] = {
    "gender": [g.value for g in Gender],
    "age_band": [b.value for b in AgeBand],
    "situation": [s.value for s in Situation],
    "qualification": [q.value for q in Qualification],
    "entry_mode": [m.value for m in EntryMode],
    "intensity": [i.value for i in Intensity],
    "duration": [code for code, *_ in DURATION_BANDS],
    "category": [c.value for c in CollectiveCategory],
    "time": [c.value for c in TimeCategory],
    "session_kind": ["street_work", "social_presence"],
    "partner_kind": [k.value for k in PartnerKind],
}
DIMENSION_LABELS: dict[str, dict[str, str]] = {
    "gender": {g.value: g.label for g in Gender},
    "age_band": {b.value: b.label for b in AgeBand},
    "situation": {s.value: s.label for s in Situation},
    "qualification": {q.value: q.label for q in Qualification},
    "entry_mode": {m.value: m.label for m in EntryMode},
    "intensity": {i.value: i.label for i in Intensity},
    "duration": {code: label for code, label, *_ in DURATION_BANDS},
    "category": {c.value: c.label for c in CollectiveCategory},
    "time": {c.value: c.label for c in TimeCategory},
    "session_kind": {"street_work": "Travail de rue", "social_presence": "Présence sociale"},
    "partner_kind": {k.value: k.label for k in PartnerKind},
}


@dataclass(frozen=True)
class ActionFigures:
    """One collective action as seed 000 annex 1 asks: title, period, participants, their age
    bands and their places."""

    pk: int
    title: str
    category: str
    started_on: date
    ended_on: date | None
    families: int
    participants: int
    by_age_band: dict[str, int]
    by_place: dict[str, int]

    @property
    def category_label(self) -> str:
        return DIMENSION_LABELS["category"].get(self.category, self.category)


@dataclass(frozen=True)
class Figures:
    scope: Scope
    period: Period
    # Catalogue codes only (reperes.reporting.catalogue.BY_CODE).
    values: dict[str, Number]
    # Figures that are not in the catalogue (seed 004 art. 10 « en relation », sessions…).
    extra: dict[str, Number]
    distributions: dict[str, Distribution]
    actions: tuple[ActionFigures, ...]
    place_labels: dict[str, str]
