"""Database constraints several apps declare the same way, and the two every model writes:
``check`` (a condition on a row) and ``unique`` (no two rows alike), each with its French
message, so that a declaration holds on one line and reads as the rule it is."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

#: The years a record of the apps may be about: a mistyped year (« 202 », « 20024 ») is
#: refused by the database, not only by the form.
YEAR_MIN, YEAR_MAX = 2000, 2100


def check(name: str, condition: Q, message: str) -> models.CheckConstraint:
    """The rows must satisfy ``condition``; ``message`` is what the user reads when one does not."""
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def unique(name: str, fields: list[str], message: str, **options: Any) -> models.UniqueConstraint:
    """No two rows share ``fields`` (among those matching ``condition=``, where given);
    ``message`` is what the user reads when a second one is written."""
    return models.UniqueConstraint(
        fields=fields, name=name, violation_error_message=message, **options
    )


def dates_in_order(name: str, earlier: str, later: str, message: str) -> models.CheckConstraint:
    """The date in ``later`` is not before the one in ``earlier``, when both are known (a
    convention's end, a representative's mandate, an amendment's effect)."""
    return check(
        name,
        Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": models.F(earlier)}),
        message,
    )


def year_range(
    prefix: str,
    field: str = "year",
    *,
    nullable: bool = False,
    first: int = YEAR_MIN,
    last: int = YEAR_MAX,
) -> models.CheckConstraint:
    """The year in ``field`` lies between ``first`` and ``last`` (or is empty, if
    ``nullable``); named ``<prefix>_<field>_range``, with a French message."""
    condition = Q(**{f"{field}__gte": first}) & Q(**{f"{field}__lte": last})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition,
        name=f"{prefix}_{field}_range",
        violation_error_message=f"L'année doit être comprise entre {first} et {last}.",
    )
