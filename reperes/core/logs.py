"""Logs that prove: the audit log and the access log are chained by digests and, on
PostgreSQL, append-only in the database itself (issue 11, « Des journaux qui prouvent »).

Chain
    Each entry stores ``previous_digest`` (the digest of the entry written just before it in
    the same log, ``""`` for the first) and ``digest`` = HMAC-SHA256 over a canonical
    serialisation of its own fields and ``previous_digest``. Changing a field, removing an
    entry in the middle or slipping one in breaks the chain at that place;
    ``manage.py verify_logs`` walks both chains and names the first broken link.

    The HMAC key is derived from ``REPERES_BLIND_INDEX_KEY`` (domain-separated, never used as
    is): whoever can write in the database but does not hold the key cannot recompute a chain
    after forging an entry. The verification command runs with the application's settings, so
    it has the key.

Order
    The chain follows the primary key, which is the order of insertion: the last digest is read
    and the row inserted under one lock, so no other entry can get a key in between. ``at`` is
    not the order: a writer may pass it, and two writers take ``now()`` before the lock in any
    order. Entries written before the chain existed were chained by their migration in the same
    order (key order rather than ``(at, pk)``, so that one walk checks old and new entries).

Concurrency
    On PostgreSQL the writer takes a transaction-level advisory lock per log
    (``pg_advisory_xact_lock``) before reading the last digest; it is released at commit, with
    the entry. SQLite serialises writing transactions anyway.

Cost
    The chain adds one read per entry (two on PostgreSQL, with the lock), and the access log
    gets one entry per youth page viewed. The read is ``ORDER BY id DESC LIMIT 1`` on the
    primary key index: one index probe, whatever the size of the log, so no new index is
    needed. A one-row table holding the chain head was considered and rejected: it turns every
    entry into an insert *and* an update of one hot row (a dead tuple per page view on
    PostgreSQL), and that row would itself need the same protection as the logs.

Append-only
    Migrations ``core.0003`` and ``fieldwork.0008`` install, on PostgreSQL only, a trigger that
    refuses UPDATE and DELETE on both tables unless the transaction says
    ``SET LOCAL reperes.purge = 'on'``, which only the purge function ``reperes_purge_log``
    does (:func:`purge`; the retention job purges through it). That setting is within reach
    of any role; what keeps the application's own role out is that it is not the tables' owner
    in production and holds neither UPDATE, DELETE nor TRUNCATE on the logs
    (:func:`app_role_grants`, ``manage.py grant_app_role``): it removes entries only through
    the function, which runs with its owner's rights and refuses any entry younger than
    ``REPERES_LOG_PURGE_FLOOR_MONTHS``. The one UPDATE allowed without it is PostgreSQL applying
    ``SET NULL`` to ``youth_id`` of the access log when a youth row is deleted: the youth stays
    named in the entry by ``youth_public_id``, which the digest covers.

    A purge removes chosen entries — the oldest of the whole log (:func:`purge_before`) or
    one service's entries past its own retention, scattered among the others' (:func:`purge`).
    Each run of consecutive removed entries leaves a gap: the entry after it points to a digest
    no longer in the table. The purge writes in the audit log (action ``journal.purge``) every
    gap as the pair (digest before the run, digest of its last entry), and the verification
    crosses a gap only from the entry it started from: an entry removed outside a purge, even
    beside a purged run, is still a broken link. Nothing rewrites an entry in place: an altered
    entry is a broken chain. The logs hold no personal data to strip (identifiers, field names,
    neutral summaries); what must go goes with the purge.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.utils import timezone

PURGE_ACTION = "journal.purge"


@dataclass(frozen=True)
class Chain:
    """What makes one log a chain: its name, its lock and the fields its digest covers."""

    name: str
    lock: int
    fields: tuple[str, ...]


AUDIT = Chain(
    name="audit",
    lock=0x52455045_00000001,
    fields=("at", "actor_id", "action", "content_type_id", "object_id", "summary", "data"),
)
ACCESS = Chain(
    name="access",
    lock=0x52455045_00000002,
    fields=(
        "at",
        "user_id",
        "service_id",
        "youth_public_id",
        "action",
        "record",
        "record_id",
        "fields",
    ),
)


def _key() -> bytes:
    secret = settings.REPERES_BLIND_INDEX_KEY
    if not secret:
        raise ImproperlyConfigured("REPERES_BLIND_INDEX_KEY is empty: the logs cannot be chained")
    return hmac.new(secret.encode(), b"reperes-log-chain", hashlib.sha256).digest()


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if timezone.is_naive(value):  # as the DateTimeField will store it
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if value is None or isinstance(value, str | int | float | bool | list | dict | tuple):
        return value
    return str(value)  # UUID


def canonical(chain: Chain, values: dict[str, Any], previous: str) -> bytes:
    """The bytes the digest covers: field values in a fixed order, JSON with sorted keys."""
    payload = [chain.name, previous] + [_canonical_value(values[f]) for f in chain.fields]
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_digest(chain: Chain, values: dict[str, Any], previous: str) -> str:
    return hmac.new(_key(), canonical(chain, values, previous), hashlib.sha256).hexdigest()


def _values(chain: Chain, entry: models.Model) -> dict[str, Any]:
    values = {f: getattr(entry, f) for f in chain.fields}
    # JSON fields as the database gives them back (tuples become lists, etc.).
    for name, value in values.items():
        if isinstance(value, list | dict | tuple):
            values[name] = json.loads(json.dumps(value))
    return values


def _lock(chain: Chain, using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [chain.lock])


def _head(model: type[models.Model], using: str) -> str:
    last = model._base_manager.using(using).order_by("-pk").values_list("digest", flat=True)
    return last.first() or ""


def append(chain: Chain, entries: Iterable[models.Model], insert: Any, using: str) -> Any:
    """Chain ``entries`` after the current head and run ``insert()`` under the same lock.

    Must run inside the transaction that inserts (the caller's ``atomic``)."""
    entries = list(entries)
    if not entries:
        return insert()
    model = type(entries[0])
    _lock(chain, using)
    previous = _head(model, using)
    for entry in entries:
        entry.previous_digest = previous  # type: ignore[attr-defined]  # every chained model has the digest columns
        entry.digest = compute_digest(chain, _values(chain, entry), previous)  # type: ignore[attr-defined]  # every chained model has the digest columns
        previous = entry.digest  # type: ignore[attr-defined]  # every chained model has the digest columns
    return insert()


class ChainedLog(models.Model):
    """An append-only log whose entries are chained by digests (see the module)."""

    chain: Chain

    previous_digest = models.CharField(
        "condensat précédent", max_length=64, blank=True, default="", editable=False
    )
    digest = models.CharField("condensat", max_length=64, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Ce journal ne peut pas être modifié.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            append(self.chain, [self], lambda: super(ChainedLog, self).save(*args, **kwargs), using)


class ChainedLogQuerySet(models.QuerySet[Any]):
    """Refuses update and delete; ``bulk_create`` chains the entries in their order."""

    refused = "Ce journal ne peut être ni modifié ni effacé."

    def update(self, **kwargs: Any) -> int:
        raise PermissionError(self.refused)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(self.refused)

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            return append(
                self.model.chain,
                objs,
                lambda: super(ChainedLogQuerySet, self).bulk_create(objs, *args, **kwargs),
                self.db,
            )

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise PermissionError(self.refused)


# ------------------------------------------------------------------ verification
@dataclass(frozen=True)
class Break:
    entry_id: int
    at: datetime
    reason: str


@dataclass(frozen=True)
class Verdict:
    chain: Chain
    count: int
    broken: Break | None


def purge_gaps(chain: Chain) -> dict[str, str]:
    """The gaps purges left in ``chain``: digest of a removed run's last entry → digest of the
    entry before the run (``""`` at the start of the log)."""
    from reperes.core.models import AuditEntry

    rows = AuditEntry._base_manager.filter(action=PURGE_ACTION).values_list("data", flat=True)
    return {
        after: before
        for data in rows
        if isinstance(data, dict) and data.get("log") == chain.name
        for before, after in data.get("gaps", [])
    }


def _crosses_gaps(previous: str, linked_to: str, gaps: dict[str, str]) -> bool:
    """Whether ``linked_to`` leads back to ``previous`` through recorded gaps only (successive
    purges of adjacent runs leave successive gaps)."""
    seen = 0
    while linked_to in gaps and seen <= len(gaps):
        linked_to = gaps[linked_to]
        if linked_to == previous:
            return True
        seen += 1
    return False


def _rows(model: type[models.Model], chain: Chain) -> Iterator[dict[str, Any]]:
    columns = ("pk", *chain.fields, "previous_digest", "digest")
    yield from model._base_manager.order_by("pk").values(*columns).iterator(chunk_size=2000)


def verify(model: type[ChainedLog]) -> Verdict:
    """Walk one log in chain order; the first broken link, if any, and the number of entries."""
    chain = model.chain
    previous = ""
    gaps: dict[str, str] | None = None  # read at the first gap met
    count = 0
    for row in _rows(model, chain):
        count += 1
        linked = row["previous_digest"] == previous
        if not linked:
            gaps = purge_gaps(chain) if gaps is None else gaps
            linked = _crosses_gaps(previous, row["previous_digest"], gaps)
        if not linked:
            reason = "le lien avec l'entrée précédente est rompu (entrée retirée ou insérée)"
            return Verdict(chain, count, Break(row["pk"], row["at"], reason))
        if compute_digest(chain, row, row["previous_digest"]) != row["digest"]:
            reason = "son contenu ne correspond plus à son condensat (entrée modifiée)"
            return Verdict(chain, count, Break(row["pk"], row["at"], reason))
        previous = row["digest"]
    return Verdict(chain, count, None)


# ------------------------------------------------------------------ purge
def _gaps(doomed: models.QuerySet[Any]) -> tuple[list[int], list[list[str]]]:
    """The keys of the entries ``doomed`` holds and the gap each run of consecutive ones
    leaves: [digest before the run, digest of its last entry]. Two doomed entries are in one
    run when the second points to the first (a kept entry between them would break that)."""
    ids: list[int] = []
    gaps: list[list[str]] = []
    last = None
    rows = doomed.order_by("pk").values_list("pk", "previous_digest", "digest")
    for pk, previous, digest in rows.iterator(chunk_size=5000):
        ids.append(pk)
        if last is not None and previous == last:
            gaps[-1][1] = digest
        else:
            gaps.append([previous, digest])
        last = digest
    return ids, gaps


PURGE_CHUNK = 10_000


def purge(
    model: type[ChainedLog], doomed: models.QuerySet[Any], *, actor: Any, summary: str, **data: Any
) -> int:
    """Delete the entries of ``doomed`` (a query on ``model``'s log) — the only way log entries
    are removed (the retention job calls it). One audit entry records the gaps left, so the
    verification still crosses them, and ``data`` (what was purged, up to when)."""
    from reperes.core.models import audit

    using = router.db_for_write(model)
    connection = connections[using]
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic(using=using):
        _lock(model.chain, using)  # no entry chained to one being removed meanwhile
        doomed = doomed.using(using)
        ids, gaps = _gaps(doomed)
        count = len(ids)
        if not count:
            return 0
        if postgresql:
            # Through the one function the application's role may call (it opens and closes
            # the logs itself, within this transaction).
            table = model._meta.db_table
            with connection.cursor() as cursor:
                for start in range(0, len(ids), PURGE_CHUNK):
                    cursor.execute(
                        "SELECT reperes_purge_log(%s::regclass, %s::bigint[])",
                        [table, ids[start : start + PURGE_CHUNK]],
                    )
        else:
            models.QuerySet.delete(doomed)  # past the refusal of ChainedLogQuerySet.delete
        audit(
            actor,
            PURGE_ACTION,
            summary=f"{count} entrée(s) du journal « {model._meta.verbose_name_plural} » purgées"
            f" : {summary}",
            log=model.chain.name,
            count=count,
            gaps=gaps,
            **data,
        )
    return count


def purge_before(model: type[ChainedLog], cutoff: datetime, actor: Any = None) -> int:
    """Delete the entries of ``model`` dated before ``cutoff``. The chain follows the key:
    what goes is everything up to the last old entry."""
    entries: Any = model._base_manager.all()
    last = entries.filter(at__lt=cutoff).order_by("-pk").values_list("pk", flat=True).first()
    if last is None:
        return 0
    return purge(
        model,
        entries.filter(pk__lte=last),
        actor=actor,
        summary=f"antérieures au {cutoff:%d/%m/%Y}",
        cutoff=cutoff.isoformat(),
    )


# ------------------------------------------------------------------ migrations
def chain_existing(model: type[models.Model], chain: Chain) -> None:
    """Chain the entries written before the chain existed, in key order (data migrations:
    ``model`` is the historical model, whose manager refuses nothing)."""
    previous = ""
    rows = model._base_manager.order_by("pk").values("pk", *chain.fields)
    for row in rows.iterator(chunk_size=2000):
        digest = compute_digest(chain, row, previous)
        model._base_manager.filter(pk=row["pk"]).update(previous_digest=previous, digest=digest)
        previous = digest


# The trigger of the append-only logs (PostgreSQL). A row trigger, not a revoked privilege:
# it binds every role, the owner of the tables included. TRUNCATE is left to the owner (the
# test database is flushed with it; it fires no row trigger).
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION reperes_log_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('reperes.purge', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    -- ON DELETE SET NULL of the column named as argument: only that column changes, to NULL.
    IF TG_OP = 'UPDATE' AND TG_NARGS > 0 THEN
        IF (to_jsonb(NEW) ->> TG_ARGV[0]) IS NULL
           AND (to_jsonb(NEW) - TG_ARGV[0]) = (to_jsonb(OLD) - TG_ARGV[0]) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'Le journal % ne peut être ni modifié ni effacé (%).', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
DROP_APPEND_ONLY_FUNCTION = "DROP FUNCTION IF EXISTS reperes_log_append_only();"


# The only way the application's role removes log entries on PostgreSQL (see « Append-only »).
LOG_TABLES = ("core_auditentry", "fieldwork_accesslogentry")


def purge_function(floor_months: int) -> str:
    """SQL of ``reperes_purge_log(log, ids)``, the floor written in."""
    tables = ", ".join(f"'{t}'::regclass" for t in LOG_TABLES)
    floor = int(floor_months)
    # No floor (tests, which move the day and not PostgreSQL's clock): any named entry.
    young = f" AND at < now() - make_interval(months => {floor})" if floor > 0 else ""
    # Nothing from outside goes in: the table names and the floor are the code's.
    return f"""
CREATE OR REPLACE FUNCTION reperes_purge_log(log regclass, ids bigint[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    removed integer;
BEGIN
    IF log NOT IN ({tables}) THEN
        RAISE EXCEPTION 'Purge refusée : % n''est pas un journal.', log
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('reperes.purge', 'on', true);
    EXECUTE format(
        'DELETE FROM %s WHERE id = ANY($1){young}',
        log
    ) USING ids;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('reperes.purge', 'off', true);
    IF removed <> cardinality(ids) THEN
        RAISE EXCEPTION 'Purge refusée : des entrées de % ont moins de {floor} mois ou '
            'n''existent pas.', log
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN removed;
END;
$$;
"""  # noqa: S608


DROP_PURGE_FUNCTION = "DROP FUNCTION IF EXISTS reperes_purge_log(regclass, bigint[]);"
PURGE_SIGNATURE = "reperes_purge_log(regclass, bigint[])"


def app_role_grants(role: str) -> list[str]:
    """The privileges of the application's PostgreSQL role when it does not own the tables
    (``manage.py grant_app_role``; run again after each migration): everything on the
    application's tables but UPDATE, DELETE and TRUNCATE on the logs, which it purges through
    ``reperes_purge_log`` only."""
    quoted = '"' + role.replace('"', '""') + '"'
    logs = ", ".join(LOG_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {quoted}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {logs} FROM {quoted}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
        f"REVOKE ALL ON FUNCTION {PURGE_SIGNATURE} FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {PURGE_SIGNATURE} TO {quoted}",
    ]


def append_only_trigger(table: str, *set_null: str) -> tuple[str, str]:
    """SQL creating and dropping the append-only trigger of ``table``."""
    arguments = ", ".join(f"'{column}'" for column in set_null)
    create = (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION reperes_log_append_only({arguments});"
    )
    return create, f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"


def run_on_postgresql(*statements: str) -> Any:
    """A migration step running ``statements`` on PostgreSQL only (SQLite has no such trigger
    language; the ORM refusals stand there)."""

    def run(_apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run
