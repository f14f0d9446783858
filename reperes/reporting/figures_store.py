"""Figures computed once and kept until a record they come from changes (issue 12).

A funder's consolidation shows, for each service of its portfolio, the catalogue's figures of
a year (``indicators_by_service.values_by_service``) and the years in which the service has
records (``consolidation.years_with_data``). Computing them from the records costs what the
records cost — seconds for a national portfolio of 300 services over five years — and yet
they change only when a service writes. So they are kept:

- each service has a records version (``RecordsVersion``), bumped once after every commit
  that wrote one of its records (``reperes.fieldwork.changes`` says which services; the bump
  runs on commit, so that figures computed before the new records were visible are never
  taken as current);
- figures and years are stored with the version they were computed from, and with the
  fingerprint of the definitions' code (``DEFINITIONS``): a new release recomputes them;
- a read takes what is current and recomputes, in one grouped pass, only the services whose
  version moved. The cost follows what changed, not the size of the database.

The stored figures are the service's own, before statistical secrecy: only the consolidation
reads them, and it publishes its tables through ``reperes.reporting.secrecy``.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import QuerySet

from reperes.fieldwork.changes import records_changed

from . import catalogue, indicators, indicators_by_service
from .indicators import Number, Period
from .models import RecordsVersion, StoredFigures, StoredYears

T = TypeVar("T")
# A service's years with records, and the first year of a record still running.
Years = tuple[list[int], int | None]


def _fingerprint(*modules: Any) -> str:
    source = "".join(inspect.getsource(module) for module in modules)
    return hashlib.sha256(source.encode()).hexdigest()[:32]


# What the figures are computed by: any change to these modules makes the stored ones stale.
DEFINITIONS = _fingerprint(catalogue, indicators, indicators_by_service)

# ---------------------------------------------------------------- versions


def _bump(service_ids: set[int]) -> None:
    """One more version for each service (the row is created at 1 when it has none); a
    service deleted in the same transaction as its records is passed over."""
    from reperes.partners.models import Service

    table = RecordsVersion._meta.db_table
    services = Service._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (service_id, version) "  # noqa: S608
            f"SELECT id, 1 FROM {services} WHERE id = %s "
            f"ON CONFLICT (service_id) DO UPDATE SET version = {table}.version + 1",
            [(pk,) for pk in sorted(service_ids)],
        )


_PENDING_KEY = "reperes_records_changed"


def _on_records_changed(service_ids: set[int], **_kwargs: Any) -> None:
    """Bump the versions once the transaction commits (at once outside a transaction); the
    services written in one transaction are bumped together, once each."""
    if not connection.in_atomic_block:
        _bump(set(service_ids))
        return
    pending: set[int] | None = getattr(connection, _PENDING_KEY, None)
    registered = pending is not None and any(
        entry[1] is _flush for entry in connection.run_on_commit
    )
    if not registered:
        pending = set()
        setattr(connection, _PENDING_KEY, pending)
        transaction.on_commit(_flush)
    assert pending is not None
    pending.update(service_ids)


def _flush() -> None:
    pending: set[int] = getattr(connection, _PENDING_KEY, None) or set()
    setattr(connection, _PENDING_KEY, None)
    if pending:
        _bump(pending)


def connect() -> None:
    records_changed.connect(_on_records_changed, dispatch_uid="figures-store")


def versions(service_ids: Iterable[int]) -> dict[int, int]:
    """``{service id: records version}``; 0 for a service never written since the store."""
    ids = list(service_ids)
    found = dict(
        RecordsVersion.objects.filter(service_id__in=ids).values_list("service_id", "version")
    )
    return {pk: found.get(pk, 0) for pk in ids}


# ---------------------------------------------------------------- figures of a year


def _encode(values: Mapping[str, Number]) -> dict[str, str]:
    return {code: str(value) for code, value in values.items()}


def _decode(values: dict[str, str]) -> dict[str, Decimal]:
    return {code: Decimal(value) for code, value in values.items()}


def _read_through(
    service_ids: Iterable[int],
    stored: QuerySet[Any],
    kept: Callable[[Any], T],
    compute: Callable[[list[int]], dict[int, T]],
    row: Callable[[int, int, T], Any],
    *,
    unique_fields: list[str],
    update_fields: list[str],
) -> dict[int, T]:
    """``{service id: value}``: what ``stored`` keeps for a service where its version is
    current (read by ``kept``), and for the others ``compute(ids)``, run once for all of them,
    stored as rows (``row(id, version, value)``) over the stale ones (the row of the same
    ``unique_fields`` gets the new ``update_fields``) and returned with them."""
    ids = sorted(set(service_ids))
    if not ids:
        return {}
    current = versions(ids)
    result = {
        found.service_id: kept(found)
        for found in stored.filter(service_id__in=ids)
        if found.version == current[found.service_id]
    }
    stale = [pk for pk in ids if pk not in result]
    if stale:
        computed = compute(stale)
        stored.model.objects.bulk_create(
            [row(pk, current[pk], value) for pk, value in computed.items()],
            update_conflicts=True,
            unique_fields=unique_fields,
            update_fields=update_fields,
        )
        result.update(computed)
    return result


def values_by_service(service_ids: Iterable[int], year: int) -> dict[int, dict[str, Decimal]]:
    """``values_by_service(service_ids, Period.year(year))``, read from the store where it is
    current; the others are computed together, stored, and returned with them."""

    def compute(stale: list[int]) -> dict[int, dict[str, Decimal]]:
        computed = indicators_by_service.values_by_service(stale, Period.year(year))
        return {pk: _decode(_encode(values)) for pk, values in computed.items()}

    return _read_through(
        service_ids,
        StoredFigures.objects.filter(year=year, definitions=DEFINITIONS).only(
            "service_id", "version", "values"
        ),
        lambda found: _decode(found.values),
        compute,
        lambda pk, version, values: StoredFigures(
            service_id=pk,
            year=year,
            version=version,
            definitions=DEFINITIONS,
            values=_encode(values),
        ),
        unique_fields=["service", "year"],
        update_fields=["version", "definitions", "values"],
    )


# ---------------------------------------------------------------- years with records


def record_years(
    service_ids: Iterable[int], compute: Callable[[list[int]], dict[int, Years]]
) -> dict[int, Years]:
    """``{service id: (dated years, first year of a record still running)}``, from the
    store where current; ``compute(ids)`` gives the same for the others, which are stored."""
    return _read_through(
        service_ids,
        StoredYears.objects.all(),
        lambda found: (list(found.years), found.running_since),
        compute,
        lambda pk, version, years: StoredYears(
            service_id=pk, version=version, years=years[0], running_since=years[1]
        ),
        unique_fields=["service"],
        update_fields=["version", "years", "running_since"],
    )
