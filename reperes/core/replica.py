"""Reports and consolidations read from a PostgreSQL read replica when one is configured
(``DATABASE_REPLICA_URL``: the alias ``replica``), so that the heaviest reads leave the primary
to the field recording; everything else — every write, and every read outside these blocks —
goes to the primary (``default``).

A block reads the replica only where a few seconds of replication delay do no harm: the
figures of a live report or a consolidation computed on a GET. What the user has just written
and reads back (a report's narratives, a submission's status) is read outside the block, and
any read inside a transaction stays on the primary (a transaction sees its own writes). Without
a replica configured, the router answers nothing and Django uses ``default``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections

REPLICA = "replica"

_reading: ContextVar[bool] = ContextVar("reperes_reading_replica", default=False)


def configured() -> bool:
    """A replica among the databases (``settings.DATABASES``, as Django's connections read
    them)."""
    return REPLICA in connections.settings


@contextmanager
def reading_replica() -> Iterator[None]:
    """Reads of the block go to the replica, when there is one and no transaction is open on
    the primary."""
    token = _reading.set(configured() and not connections["default"].in_atomic_block)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """``DATABASE_ROUTERS``: the replica for the reads of a ``reading_replica`` block; no
    opinion otherwise (Django then uses ``default``). Migrations run on the primary only: the
    replica copies them."""

    def db_for_read(self, _model: Any, **_hints: Any) -> str | None:
        return REPLICA if _reading.get() else None

    def db_for_write(self, _model: Any, **_hints: Any) -> str | None:
        return None

    def allow_relation(self, _obj1: Any, _obj2: Any, **_hints: Any) -> bool | None:
        return True  # the same database, read through two connections

    def allow_migrate(self, db: str, _app_label: str, **_hints: Any) -> bool | None:
        return db != REPLICA
