"""A small projector from GeoJSON (WGS 84 longitude, latitude) to SVG paths, for the maps of
the PDF (no tile, no network: only the imported contours).

An equirectangular projection scaled by the cosine of the middle latitude: at the scale of a
commune the distortion is invisible, and the code stays a dozen lines.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@dataclass(frozen=True)
class Projector:
    west: float
    south: float
    east: float
    north: float
    width: float
    height: float
    margin: float = 8.0

    @classmethod
    def fitting(
        cls, geometries: Iterable[dict[str, Any]], width: float = 600, height: float = 420
    ) -> Projector:
        points = [p for g in geometries for ring in _rings(g) for p in ring]
        if not points:
            raise ValueError("Aucun contour à dessiner.")
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return cls(min(xs), min(ys), max(xs), max(ys), width, height)

    @property
    def _k(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def _scale(self) -> float:
        span_x = max((self.east - self.west) * self._k, 1e-9)
        span_y = max(self.north - self.south, 1e-9)
        return min(
            (self.width - 2 * self.margin) / span_x, (self.height - 2 * self.margin) / span_y
        )

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        s = self._scale
        used_w = (self.east - self.west) * self._k * s
        used_h = (self.north - self.south) * s
        x = (
            self.margin
            + (self.width - 2 * self.margin - used_w) / 2
            + (lon - self.west) * self._k * s
        )
        y = self.margin + (self.height - 2 * self.margin - used_h) / 2 + (self.north - lat) * s
        return round(x, 1), round(y, 1)

    def path(self, geometry: dict[str, Any]) -> str:
        """The ``d`` attribute of an SVG path (holes drawn with the even-odd rule)."""
        parts = []
        for ring in _rings(geometry):
            coords = [self.point(p[0], p[1]) for p in ring]
            parts.append("M" + " L".join(f"{x},{y}" for x, y in coords) + " Z")
        return " ".join(parts)

    def centre(self, geometry: dict[str, Any]) -> tuple[float, float]:
        outer: Sequence[Sequence[float]] = _rings(geometry)[0]
        xs = [self.point(p[0], p[1]) for p in outer[:-1] or outer]
        return (
            round(sum(x for x, _ in xs) / len(xs), 1),
            round(sum(y for _, y in xs) / len(xs), 1),
        )
