"""The territory portrait of a local diagnostic version: the service's own indicators over the
commune and the year (``reperes.reporting.indicators.compute``, read only), frozen into the
version, with every count of people under the convention's threshold withheld before it is
stored — the diagnostic is shared with the commune and the Département (seed 003 « Précisions
réglementaires »: « aucune donnée ou case de tableau dont l'effectif serait inférieur à 5 »).

The portrait is a list of separate totals (no table with margins), so no withheld value can be
recomputed from the others and the primary rule is enough; the zone floor applies to zones of
an observatory, which this portrait does not publish.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reperes.reporting.catalogue import BY_CODE, Unit
from reperes.reporting.indicators import Period, Scope, compute
from reperes.rules.secrecy import SECRET, is_primary

#: The indicators of the portrait (seed 004 art. 9 « mode d'intervention de la prévention
#: spécialisée […] : nombre de jeunes […], type de réponses apportées, outils mis en place »).
PORTRAIT_CODES = (
    "staff.fte",
    "hours",
    "youths.met",
    "youths.accompanied",
    "accompaniments",
    "collective.actions",
    "collective.youths",
    "families.known",
    "families.engaged",
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def portrait(service: Any, commune: Any, year: int, threshold: int) -> list[dict[str, Any]]:
    figures = compute(Scope.for_commune(commune, (service.pk,)), Period.year(year))
    rows = []
    for code in PORTRAIT_CODES:
        indicator = BY_CODE[code]
        value = figures.values.get(code)
        withheld = indicator.unit == Unit.PEOPLE and is_primary(value, threshold)
        rows.append(
            {
                "code": code,
                "label": indicator.label,
                "unit": indicator.unit.label,
                "value": SECRET if withheld else _plain(value),
            }
        )
    return rows
