"""Where report models come from: the library Repères ships (the five models of the seeds, data
files in ``model_data/``) and the models the Départements compose in the interface
(``models.ReportModel``, each saved version kept). ``MODELS`` reads both, by key; ``validate``
checks a model's data, in French, before it is saved."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import OuterRef, Q, Subquery

from .catalogue import BY_CODE
from .model_engine import (
    BLOCK_TYPES,
    CHART_KINDS,
    DIMENSION_ORDER,
    DISTRIBUTIONS,
    EXTRA_LABELS,
    LISTS,
    ORDERS,
)
from .report_types import ModelSpec

LIBRARY = Path(__file__).parent / "model_data"
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{1,39}$")


@lru_cache(maxsize=1)
def library() -> dict[str, dict[str, Any]]:
    """The models shipped with Repères, in their order."""
    specs = [json.loads(path.read_text()) for path in LIBRARY.glob("*.json")]
    return {spec["key"]: spec for spec in sorted(specs, key=lambda s: (s["order"], s["key"]))}


def _library_spec(spec: dict[str, Any]) -> ModelSpec:
    return ModelSpec(
        key=spec["key"],
        title=spec["title"],
        description=spec.get("description", ""),
        spec=spec,
        cumulative=spec.get("cumulative", False),
        version=spec.get("version", 1),
    )


def _composed(filter_: Q) -> list[ModelSpec]:
    from .models import ReportModel, ReportModelVersion

    latest = ReportModelVersion.objects.filter(model=OuterRef("pk")).order_by("-number")
    rows = list(
        ReportModel.objects.filter(filter_)
        .annotate(version_pk=Subquery(latest.values("pk")[:1]))
        .filter(version_pk__isnull=False)
        .order_by("title", "key")
    )
    versions = ReportModelVersion.objects.in_bulk([row.version_pk for row in rows])
    result = []
    for row in rows:
        version = versions[row.version_pk]
        result.append(
            ModelSpec(
                key=row.key,
                title=row.title,
                description=row.description,
                spec=version.spec,
                cumulative=row.cumulative,
                version=version.number,
                version_id=version.pk,
            )
        )
    return result


class Registry(Mapping[str, ModelSpec]):
    """Every report model by key: the library's, then the composed ones with a saved version."""

    def _all(self) -> dict[str, ModelSpec]:
        models = {key: _library_spec(spec) for key, spec in library().items()}
        models.update({m.key: m for m in _composed(Q())})
        return models

    def __getitem__(self, key: str) -> ModelSpec:
        if not isinstance(key, str):
            raise KeyError(key)
        if key in library():
            return _library_spec(library()[key])
        found = _composed(Q(key=key))
        if not found:
            raise KeyError(key)
        return found[0]

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]  # any object may be asked about
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


MODELS = Registry()


def visible_to(organisation: Any) -> list[ModelSpec]:
    """The models an organisation may use in its conventions: the library, its own and those a
    platform administrator shared with it."""
    library_models = [_library_spec(spec) for spec in library().values()]
    if organisation is None:
        return library_models
    own = Q(owner=organisation) | Q(shared_with=organisation)
    return library_models + _composed(own)


# ---------------------------------------------------------------- checking a model's data


def _known_code(code: str) -> bool:
    return code in BY_CODE or code in EXTRA_LABELS


def validate(spec: dict[str, Any]) -> list[str]:
    """What is wrong with a model's data, in French (empty when it can be saved)."""
    errors: list[str] = []
    sections = spec.get("sections") or []
    if not sections:
        errors.append("Le modèle n'a aucune partie : ajoutez-en une.")
    keys: set[str] = set()
    parts = spec.get("narratives") or {}
    for number, section in enumerate(sections, 1):
        where = f"Partie {number}"
        if not str(section.get("title", "")).strip():
            errors.append(f"{where} : donnez-lui un titre.")
        tables: set[str] = set()
        for block in section.get("blocks", ()):
            errors.extend(f"{where} : {e}" for e in _block_errors(block))
            key = block.get("key", "")
            if key in keys:
                errors.append(f"{where} : le code de tableau « {key} » est déjà pris.")
            keys.add(key)
            tables.add(key)
        for chart in section.get("charts", ()):
            if chart.get("table") not in tables:
                errors.append(f"{where} : un graphique doit dessiner un tableau de la partie.")
            if chart.get("kind") not in CHART_KINDS:
                errors.append(f"{where} : type de graphique inconnu.")
        for part in section.get("narratives", ()):
            if part not in parts:
                errors.append(f"{where} : la partie rédigée « {part} » n'est pas définie.")
    return errors


def _block_errors(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        return ["type de tableau inconnu."]
    errors = []
    if not KEY.match(str(block.get("key", ""))):
        errors.append("le code d'un tableau s'écrit en minuscules, chiffres, - ou _.")
    if kind != "sessions" and not str(block.get("title", "")).strip():
        errors.append("donnez un titre au tableau.")
    if kind == "values":
        codes = [*block.get("codes", ()), *([block["total"]] if block.get("total") else [])]
        if not block.get("codes"):
            errors.append("choisissez au moins un indicateur.")
        errors.extend(f"indicateur inconnu « {c} »." for c in codes if not _known_code(c))
    elif kind == "grid":
        if not block.get("columns"):
            errors.append("choisissez au moins un indicateur.")
        errors.extend(
            f"indicateur inconnu « {c.get('code')} »."
            for c in block.get("columns", ())
            if not _known_code(str(c.get("code")))
        )
    elif kind == "distribution":
        name = block.get("distribution")
        if name not in DISTRIBUTIONS:
            return [*errors, "choisissez ce que compte le tableau."]
        dimensions = DISTRIBUTIONS[name][1]
        rows, columns = block.get("rows"), block.get("columns")
        if rows not in dimensions:
            errors.append("les lignes doivent être une dimension de ce qui est compté.")
        if columns is not None and (columns not in dimensions or columns == rows):
            errors.append("les colonnes doivent être une autre dimension que les lignes.")
        for order in ("row_order", "column_order"):
            if block.get(order, "present") not in ORDERS:
                errors.append("ordre des lignes ou colonnes inconnu.")
            dimension = rows if order == "row_order" else columns
            if block.get(order) in ("all", "usual") and dimension not in DIMENSION_ORDER:
                errors.append("les lieux ne se listent que s'ils sont présents.")
    elif kind == "labels" and block.get("list") not in LISTS:
        errors.append("liste inconnue (problématiques ou réponses).")
    elif kind == "actions" and not block.get("categories"):
        errors.append("choisissez au moins une thématique d'actions collectives.")
    return errors
