"""A series as it may be published (``protection``), and its chart and map drawn from that
only: nothing here reads a value the secrecy layer has not let out."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reperes.reporting import charts, secrecy
from reperes.reporting.reports import ChartSpec

from .enums import ValueKind
from .geo import Projector
from .models import Series, Value, Zone, ZonePopulation
from .protection import SECRET, ProtectedSeries, ZoneFigures, protect

# Sequential blues, light to dark (text on them stays in the legend, not on the map).
CLASSES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
SECRET_LEGEND = f"{SECRET} — secret statistique"
SECRET_FILL = "#bdbdbd"


def protected(series: Series) -> ProtectedSeries:
    values = list(Value.objects.filter(series=series).select_related("zone", "zone__parent"))
    zones: dict[int, Zone] = {v.zone_id: v.zone for v in values}
    years = sorted({v.year for v in values})
    populations: dict[int, dict[int, int | None]] = {pk: {} for pk in zones}
    for p in ZonePopulation.objects.filter(zone_id__in=zones, year__in=years):
        populations[p.zone_id][p.year] = p.caf_allocataires
    by_zone: dict[int, dict[int, tuple[Decimal, int | None]]] = {pk: {} for pk in zones}
    for v in values:
        by_zone[v.zone_id][v.year] = (v.value, v.count)
    figures = [
        ZoneFigures(
            code=z.code,
            name=z.name,
            parent=z.parent.name if z.parent else "",
            allocataires=populations[z.pk],
            values=by_zone[z.pk],
        )
        for z in sorted(zones.values(), key=lambda z: z.code)
    ]
    return protect(
        key=f"serie-{series.pk}",
        title=f"{series.name} ({series.unit})",
        unit=series.unit,
        counts=series.kind == ValueKind.COUNT,
        zones=figures,
        years=years,
        policy=secrecy.policy_for(series.convention),
    )


def chart_uri(shown: ProtectedSeries) -> str | None:
    table = shown.table
    if not table.rows or not table.columns:
        return None
    spec = ChartSpec(key=f"{table.key}-chart", table=table.key, kind="bar", title=table.title)
    svg = charts.render_svg(table, spec)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _number(value: Any) -> float | None:
    return charts.number(value)


def breaks(values: list[float], n: int = len(CLASSES)) -> list[float]:
    """Upper bounds of up to ``n`` classes of equal counts (quantiles) of the published values."""
    ordered = sorted(set(values))
    if not ordered:
        return []
    n = min(n, len(ordered))
    return [ordered[min(len(ordered) - 1, (i + 1) * len(ordered) // n - 1)] for i in range(n)]


def _class(value: float, bounds: list[float]) -> int:
    return next((i for i, b in enumerate(bounds) if value <= b), len(bounds) - 1)


def french(value: Any) -> str:
    if value == SECRET:
        return SECRET
    number = _number(value)
    if number is None:
        return "non renseigné"
    if float(number).is_integer():
        return f"{int(number):,}".replace(",", "\u202f")
    return f"{number:,.1f}".replace(",", "\u202f").replace(".", ",")


@dataclass(frozen=True)
class MapZone:
    code: str
    name: str
    geometry: dict[str, Any]
    shown: Any  # the published cell, « s », or None
    label: str
    fill: str
    secret: bool
    note: str


@dataclass(frozen=True)
class ZoneMap:
    year: int
    zones: tuple[MapZone, ...]
    bounds: tuple[float, ...]
    missing: tuple[str, ...]  # zones without a contour

    def legend(self) -> list[tuple[str, str]]:
        items, low = [], None
        for fill, high in zip(CLASSES, self.bounds, strict=False):
            text = (
                f"jusqu'à {french(high)}" if low is None else f"de {french(low)} à {french(high)}"
            )
            items.append((fill, text))
            low = high
        return items

    def geojson(self) -> dict[str, Any]:
        """The map's data for Leaflet: published values and marks only."""
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": z.geometry,
                    "properties": {
                        "code": z.code,
                        "name": z.name,
                        "label": z.label,
                        "fill": z.fill,
                        "secret": z.secret,
                        "note": z.note,
                    },
                }
                for z in self.zones
            ],
        }


def zone_map(series: Series, shown: ProtectedSeries, year: int | None = None) -> ZoneMap | None:
    years = [int(c) for c in shown.table.columns]
    if not years:
        return None
    year = year if year in years else years[-1]
    zones = list(Zone.objects.filter(level=series.level, code__in=shown.status).order_by("code"))
    drawn = [z for z in zones if z.geometry]
    numbers = [n for z in drawn if (n := _number(shown.shown(z.code, year))) is not None]
    bounds = breaks(numbers)
    result = []
    for z in drawn:
        cell = shown.shown(z.code, year)
        number = _number(cell)
        secret = cell == SECRET
        note = ""
        if z.code in shown.merged_into:
            note = f"Regroupée : « {shown.merged_into[z.code]} »"
        elif secret:
            note = "Secret statistique"
        fill = (
            SECRET_FILL
            if secret
            else ("#ffffff" if number is None else CLASSES[_class(number, bounds)])
        )
        assert z.geometry is not None  # drawn: the zones with a geometry
        result.append(MapZone(z.code, z.name, z.geometry, cell, french(cell), fill, secret, note))
    return ZoneMap(
        year, tuple(result), tuple(bounds), tuple(z.name for z in zones if not z.geometry)
    )


def map_svg(zone_map: ZoneMap, title: str) -> str:
    """The map as an SVG of the contours (PDF): withheld zones hatched grey, never as zero."""
    projector = Projector.fitting([z.geometry for z in zone_map.zones], 600, 420)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 470" width="600" height="470" '
        f'role="img" aria-label="{escape(title)}">',
        '<defs><pattern id="secret" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#bdbdbd"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#616161" stroke-width="3"/></pattern></defs>',
        '<rect width="600" height="470" fill="#ffffff"/>',
    ]
    for z in zone_map.zones:
        fill = "url(#secret)" if z.secret else z.fill
        parts.append(
            f'<path d="{projector.path(z.geometry)}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="#333333" stroke-width="1"><title>{escape(z.name)} : {escape(z.label)}</title></path>'
        )
    for z in zone_map.zones:
        x, y = projector.centre(z.geometry)
        width = 7 * len(z.label) + 8
        parts.append(
            f'<rect x="{x - width / 2}" y="{y - 9}" width="{width}" height="13" rx="2" '
            'fill="#ffffff" fill-opacity="0.85"/>'
            f'<text x="{x}" y="{y + 1}" font-family="DejaVu Sans" font-size="10" '
            f'font-weight="bold" text-anchor="middle" fill="#000000">{escape(z.label)}</text>'
        )
    x = 10
    for fill, text in [*zone_map.legend(), ("url(#secret)", SECRET_LEGEND)]:
        parts.append(
            f'<rect x="{x}" y="438" width="14" height="14" fill="{fill}" stroke="#333333"/>'
        )
        parts.append(
            f'<text x="{x + 18}" y="450" font-family="DejaVu Sans" font-size="10">{escape(text)}</text>'
        )
        x += 30 + 6 * len(text)
    parts.append("</svg>")
    return "".join(parts)


def map_svg_uri(zone_map: ZoneMap, title: str) -> str:
    svg = map_svg(zone_map, title).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
