"""Report clauses for the test conventions: which report models a service has comes only from
the ``report`` clauses of the conventions binding it (``reperes.reporting.obligations``)."""

from __future__ import annotations

from tests.factories import make_clause

AFTER_A_MONTH = {"rule": "after_period", "value": 1, "unit": "months"}
AFTER_THREE_MONTHS = {"rule": "after_period", "value": 3, "unit": "months"}

# model: (periodicity, due rule) — test values, not any seed's.
EVERY_MODEL = {
    "conseil-pedagogique": ("semester", AFTER_A_MONTH),
    "suivi-trimestriel": ("quarter", AFTER_A_MONTH),
    "bilan-annuel": ("year", AFTER_THREE_MONTHS),
    "rapport-annuel-sps": ("year", AFTER_THREE_MONTHS),
    "rapport-drome": ("year", AFTER_THREE_MONTHS),
}


def report_clause(convention, model, periodicity="year", due=None, article="", **extra):
    """One report clause of ``convention`` asking for ``model``."""
    return make_clause(
        convention,
        "report",
        extra.pop("key", f"rapport-{model}"),
        article,
        model=model,
        owner="operator",
        periodicity=periodicity,
        due=due or AFTER_THREE_MONTHS,
        **extra,
    )


def ask_every_model(convention):
    """Give ``convention`` a report clause for each of Repères' models (art. 10.1, 10.2…)."""
    return [
        report_clause(convention, model, periodicity, due, article=f"art. 10.{i}")
        for i, (model, (periodicity, due)) in enumerate(EVERY_MODEL.items(), start=1)
    ]
