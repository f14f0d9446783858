"""Reading the partner's files: zones with their populations (CSV or XLSX), values of a series
(CSV or XLSX) and contours (GeoJSON). Parsing only — the writes are in ``actions``.

Every error names its line as the spreadsheet shows it (« ligne 4 : … », the header is line 1)
and the whole file is refused when one line is wrong.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from reperes.core.uploads import SheetLimits, capped_rows, open_xlsx

from .enums import ZoneLevel

MAX_BYTES = 5 * 1024 * 1024
LIMITS = SheetLimits(max_bytes=MAX_BYTES, max_rows=20000, max_columns=20)

LEVELS = {
    "commune": ZoneLevel.COMMUNE,
    "qpv": ZoneLevel.QPV,
    "quartier prioritaire": ZoneLevel.QPV,
    "veille": ZoneLevel.VEILLE,
    "quartier de veille": ZoneLevel.VEILLE,
    "iris": ZoneLevel.IRIS,
}


class ImportRefused(ValidationError):
    """The file is refused whole; ``messages`` lists its errors in French, line by line."""


def _key(text: Any) -> str:
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("_", " ").split())


@dataclass(frozen=True)
class Line:
    number: int
    cells: dict[str, Any]

    def text(self, name: str) -> str:
        value = self.cells.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    book = open_xlsx(content, LIMITS)
    try:
        yield from ([c.value for c in row] for row in capped_rows(book.worksheets[0], LIMITS))
    finally:
        book.close()


def read_lines(filename: str, content: bytes, required: tuple[str, ...]) -> list[Line]:
    """The data lines of a CSV or XLSX file, by normalised header (« Année » → « annee »)."""
    if len(content) > MAX_BYTES:
        raise ImportRefused("Le fichier dépasse 5 Mo : il est refusé.")
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = list(_xlsx_rows(content))
    elif name.endswith(".csv") or name.endswith(".txt"):
        rows = list(_csv_rows(content))
    else:
        raise ImportRefused("Le fichier doit être un tableur CSV ou XLSX.")
    if not rows:
        raise ImportRefused("Le fichier est vide.")
    header = [_key(h) for h in rows[0]]
    missing = [r for r in required if r not in header]
    if missing:
        raise ImportRefused(
            "Colonnes manquantes dans la ligne d'en-tête : " + ", ".join(missing) + "."
        )
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in row if c is not None):
            continue
        lines.append(Line(number, dict(zip(header, row, strict=False))))
    if not lines:
        raise ImportRefused("Le fichier ne contient aucune ligne de données.")
    return lines


def year(line: Line, errors: list[str]) -> int | None:
    text = line.text("annee")
    if not (text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100):
        errors.append(f"ligne {line.number} : l'année « {text} » n'est pas une année (ex. 2023).")
        return None
    return int(text)


def number(line: Line, name: str, label: str, errors: list[str], *, required: bool) -> Any:
    """A decimal (« 12,5 » or « 12.5 »), or None when empty and not ``required``."""
    raw = line.cells.get(name)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = line.text(name).replace("\u202f", "").replace(" ", "").replace(",", ".")
    if not text:
        if required:
            errors.append(f"ligne {line.number} : la colonne « {label} » est vide.")
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(f"ligne {line.number} : « {line.text(name)} » n'est pas un nombre ({label}).")
        return None
    if not value.is_finite():
        errors.append(f"ligne {line.number} : « {line.text(name)} » n'est pas un nombre ({label}).")
        return None
    return value


def count(line: Line, name: str, label: str, errors: list[str]) -> int | None:
    value = number(line, name, label, errors, required=False)
    if value is None:
        return None
    if value < 0 or value != value.to_integral_value():
        errors.append(
            f"ligne {line.number} : {label} doit être un nombre entier positif "
            f"(« {line.text(name)} »)."
        )
        return None
    return int(value)


def level(line: Line, errors: list[str]) -> str | None:
    found = LEVELS.get(_key(line.text("niveau")))
    if found is None:
        errors.append(
            f"ligne {line.number} : le niveau « {line.text('niveau')} » est inconnu "
            "(commune, qpv, veille ou iris)."
        )
    return found


# ---------------------------------------------------------------- contours

CODE_KEYS = ("code", "code_iris", "CODE_IRIS", "code_qp", "insee_com", "INSEE_COM", "iris")


@dataclass(frozen=True)
class Contour:
    number: int
    code: str
    geometry: dict[str, Any]


def _ring_ok(ring: Any) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(
            isinstance(p, list)
            and len(p) >= 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in p[:2])
            and -180 <= p[0] <= 180
            and -90 <= p[1] <= 90
            for p in ring
        )
    )


def _geometry_ok(geometry: Any) -> bool:
    if not isinstance(geometry, dict):
        return False
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Polygon":
        return (
            isinstance(coordinates, list) and bool(coordinates) and all(map(_ring_ok, coordinates))
        )
    if kind == "MultiPolygon":
        return (
            isinstance(coordinates, list)
            and bool(coordinates)
            and all(isinstance(p, list) and p and all(map(_ring_ok, p)) for p in coordinates)
        )
    return False


def read_contours(content: bytes) -> list[Contour]:
    """The features of a GeoJSON FeatureCollection (WGS 84 longitude, latitude), each with
    its zone code in its properties (« code », or INSEE's « code_iris », « insee_com »…)."""
    if len(content) > MAX_BYTES:
        raise ImportRefused("Le fichier dépasse 5 Mo : il est refusé.")
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused("Le fichier n'est pas un GeoJSON lisible.") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportRefused("Le fichier doit être une FeatureCollection GeoJSON.")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ImportRefused("Le GeoJSON ne contient aucun contour.")
    errors: list[str] = []
    contours = []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        code = next((str(properties[k]).strip() for k in CODE_KEYS if properties.get(k)), "")
        if not code:
            errors.append(f"entité {number} : pas de code de zone dans ses propriétés (« code »).")
            continue
        geometry = feature.get("geometry")
        if not _geometry_ok(geometry):
            errors.append(
                f"entité {number} ({code}) : le contour doit être un Polygon ou un MultiPolygon "
                "en longitude, latitude (WGS 84)."
            )
            continue
        contours.append(Contour(number, code, geometry))
    if errors:
        raise ImportRefused(errors)
    return contours
