"""Writes of the observatory: one function per operation, all-or-nothing (``transaction.atomic``)
and idempotent (importing the same file twice changes nothing the second time)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction

from . import imports
from .enums import ValueKind, ZoneLevel
from .imports import ImportRefused
from .models import Dashboard, DashboardItem, Series, Value, Zone, ZonePopulation

P = TypeVar("P", Series, Dashboard)


@dataclass(frozen=True)
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def message(self, what: str) -> str:
        return (
            f"{what} : {self.created} ajoutée(s), {self.updated} modifiée(s), "
            f"{self.unchanged} inchangée(s)."
        )


def _refuse(errors: list[str]) -> None:
    if errors:
        raise ImportRefused(errors)


def _refresh(row: Any, values: dict[str, Any]) -> str:
    """``row`` given the imported ``values`` and saved when they differ from its own: whether
    the import ``"updated"`` it or left it ``"unchanged"`` (a field of ``Imported``)."""
    if all(getattr(row, name) == value for name, value in values.items()):
        return "unchanged"
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=list(values))
    return "updated"


ZONE_COLUMNS = ("niveau", "code", "nom", "commune", "annee", "population", "allocataires")


def import_zones(filename: str, content: bytes) -> Imported:
    """Zones and their populations, one line per zone and year: « niveau ; code ; nom ;
    commune (code INSEE de la commune de rattachement, vide pour une commune) ; année ;
    population (INSEE) ; allocataires (CAF) ». A commune named as parent must be in the file or
    already known."""
    lines = imports.read_lines(filename, content, ZONE_COLUMNS)
    errors: list[str] = []
    parsed = []
    for line in lines:
        before = len(errors)
        level = imports.level(line, errors)
        code, name, parent = line.text("code"), line.text("nom"), line.text("commune")
        if not code:
            errors.append(f"ligne {line.number} : le code de la zone est vide.")
        if not name:
            errors.append(f"ligne {line.number} : le nom de la zone est vide.")
        if level and level != ZoneLevel.COMMUNE and not parent:
            errors.append(
                f"ligne {line.number} : un quartier ou un IRIS doit indiquer le code INSEE de sa "
                "commune (colonne « commune »)."
            )
        y = imports.year(line, errors)
        population = imports.count(line, "population", "la population", errors)
        allocataires = imports.count(line, "allocataires", "le nombre d'allocataires", errors)
        # level and year are None only with an error added, so the checks narrow them only.
        if len(errors) == before and level is not None and y is not None:
            parsed.append((line, level, code, name, parent, y, population, allocataires))
    communes = {p[2] for p in parsed if p[1] == ZoneLevel.COMMUNE}
    known = set(
        Zone.objects.filter(level=ZoneLevel.COMMUNE, code__in={p[4] for p in parsed}).values_list(
            "code", flat=True
        )
    )
    for line, level, _code, _name, parent, *_ in parsed:
        if level != ZoneLevel.COMMUNE and parent not in communes | known:
            errors.append(
                f"ligne {line.number} : la commune « {parent} » n'est ni dans le fichier ni déjà "
                "connue."
            )
    _refuse(errors)
    outcomes: Counter[str] = Counter()
    with transaction.atomic():
        zones: dict[tuple[str, str], Zone] = {}
        for _line, level, code, name, parent, *_ in sorted(
            parsed, key=lambda p: p[1] != ZoneLevel.COMMUNE
        ):
            if (level, code) in zones:
                continue
            parent_zone = (
                None
                if level == ZoneLevel.COMMUNE
                else zones.get((ZoneLevel.COMMUNE, parent))
                or Zone.objects.get(level=ZoneLevel.COMMUNE, code=parent)
            )
            zone, made = Zone.objects.get_or_create(
                level=level, code=code, defaults={"name": name, "parent": parent_zone}
            )
            if not made and (zone.name, zone.parent_id) != (name, getattr(parent_zone, "pk", None)):
                zone.name, zone.parent = name, parent_zone
                zone.save(update_fields=["name", "parent"])
            zones[(level, code)] = zone
        for _line, level, code, _name, _parent, y, population, allocataires in parsed:
            figures = {"insee_population": population, "caf_allocataires": allocataires}
            row, made = ZonePopulation.objects.get_or_create(
                zone=zones[(level, code)], year=y, defaults=figures
            )
            outcomes["created" if made else _refresh(row, figures)] += 1
    return Imported(**outcomes)


def import_contours(content: bytes, level: str, source: str) -> int:
    """Contours of known zones of ``level`` (GeoJSON downloaded by the partner from IGN / INSEE
    / the QPV register); an unknown code refuses the file."""
    contours = imports.read_contours(content)
    zones = {z.code: z for z in Zone.objects.filter(level=level)}
    errors = [
        f"entité {c.number} : aucune zone de niveau « {ZoneLevel(level).label} » n'a le code "
        f"« {c.code} » (importez d'abord les zones)."
        for c in contours
        if c.code not in zones
    ]
    _refuse(errors)
    with transaction.atomic():
        for c in contours:
            zone = zones[c.code]
            zone.geometry, zone.geometry_source = c.geometry, source
            zone.save(update_fields=["geometry", "geometry_source"])
    return len(contours)


VALUE_COLUMNS = ("code", "annee", "valeur")


def import_values(series: Series, filename: str, content: bytes) -> Imported:
    """Values of ``series``: « code (de la zone) ; année ; valeur ; effectif (facultatif: le
    nombre de personnes sur lequel porte un taux) ». A value already imported for the zone and
    year is replaced."""
    lines = imports.read_lines(filename, content, VALUE_COLUMNS)
    zones = {z.code: z for z in Zone.objects.filter(level=series.level)}
    errors: list[str] = []
    parsed: dict[tuple[int, int], tuple[Any, Any]] = {}
    seen: dict[tuple[str, int], int] = {}
    for line in lines:
        before = len(errors)
        code = line.text("code")
        zone = zones.get(code)
        if zone is None:
            errors.append(
                f"ligne {line.number} : aucune zone de niveau « {series.get_level_display()} » "
                f"n'a le code « {code} »."
            )
        y = imports.year(line, errors)
        value = imports.number(line, "valeur", "valeur", errors, required=True)
        effectif = imports.count(line, "effectif", "l'effectif", errors)
        if (
            series.kind == ValueKind.COUNT
            and value is not None
            and (value < 0 or value != value.to_integral_value())
        ):
            errors.append(
                f"ligne {line.number} : un effectif est un nombre entier positif "
                f"(« {line.text('valeur')} »)."
            )
        if len(errors) == before and zone is not None and y is not None:
            if (code, y) in seen:
                errors.append(
                    f"ligne {line.number} : la zone {code} a déjà une valeur pour {y} "
                    f"(ligne {seen[(code, y)]})."
                )
                continue
            seen[(code, y)] = line.number
            parsed[(zone.pk, y)] = (value, effectif)
    _refuse(errors)
    outcomes: Counter[str] = Counter()
    with transaction.atomic():
        existing = {(v.zone_id, v.year): v for v in series.values.all()}
        for (zone_id, y), (value, effectif) in parsed.items():
            current = existing.get((zone_id, y))
            if current is None:
                Value.objects.create(
                    series=series, zone_id=zone_id, year=y, value=value, count=effectif
                )
                outcomes["created"] += 1
            else:
                outcomes[_refresh(current, {"value": value, "count": effectif})] += 1
        if outcomes["created"] or outcomes["updated"]:
            series.save(update_fields=["updated_at"])
    return Imported(**outcomes)


def _publish(model: type[P], actor: Any, fields: dict[str, Any]) -> P:
    """A series or a dashboard, published by the actor's organisation, checked and saved."""
    with transaction.atomic():
        published = model(publisher_id=actor.organisation_id, **fields)
        published.full_clean()
        published.save()
    return published


def create_series(actor: Any, **fields: Any) -> Series:
    return _publish(Series, actor, fields)


def create_dashboard(actor: Any, **fields: Any) -> Dashboard:
    return _publish(Dashboard, actor, fields)


def add_item(dashboard: Dashboard, series: Series, comment: str, map_year: int | None) -> Any:
    with transaction.atomic():
        position = dashboard.items.count()
        return DashboardItem.objects.create(
            dashboard=dashboard,
            series=series,
            comment=comment,
            map_year=map_year,
            position=position,
        )


def update_comment(dashboard: Dashboard, comment: str) -> None:
    with transaction.atomic():
        dashboard.comment = comment
        dashboard.save(update_fields=["comment", "updated_at"])


def series_from_reperes(
    actor: Any, convention: Any, code: str, years: list[int], service_ids: tuple[int, ...]
) -> Series:
    """A series by commune computed from Repères' own records (``reporting.indicators.compute``
    over a commune ``Scope``, read only): one value per commune zone of the convention's
    service and year. ``service_ids``: the services whose records the actor may read
    (``reperes.conventions.access.services_visible_to``), the caller checks them. A count of people
    is protected as such when published; other figures (hours, actions) are not counts of
    people."""
    from reperes.partners.models import Commune
    from reperes.reporting.catalogue import BY_CODE, Unit
    from reperes.reporting.indicators import Period, Scope, compute

    indicator = BY_CODE[code]
    communes = list(
        Commune.objects.filter(
            insee_code__in=Zone.objects.filter(level=ZoneLevel.COMMUNE).values("code"),
            services__in=service_ids,
        ).distinct()
    )
    zones = {z.code: z for z in Zone.objects.filter(level=ZoneLevel.COMMUNE)}
    with transaction.atomic():
        series, _ = Series.objects.update_or_create(
            convention=convention,
            publisher_id=actor.organisation_id,
            name=indicator.label,
            level=ZoneLevel.COMMUNE,
            defaults={
                "definition": indicator.definition or indicator.label,
                "source": "Repères — activité enregistrée par les services",
                "unit": indicator.unit.label,
                "kind": ValueKind.COUNT if indicator.unit == Unit.PEOPLE else ValueKind.RATE,
                "origin": code,
            },
        )
        for commune in communes:
            scope = Scope.for_commune(commune, service_ids)
            for y in years:
                value = compute(scope, Period.year(y)).values.get(code)
                if value is None:
                    continue
                Value.objects.update_or_create(
                    series=series,
                    zone=zones[commune.insee_code],
                    year=y,
                    defaults={"value": value, "count": None},
                )
    return series
