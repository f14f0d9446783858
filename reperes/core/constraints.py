"""Database constraints several apps declare the same way."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

#: The years a record of the apps may be about: a mistyped year (« 202 », « 20024 ») is
#: refused by the database, not only by the form.
YEAR_MIN, YEAR_MAX = 2000, 2100


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
