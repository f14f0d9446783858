"""Re-encryption of every encrypted field under the newest key (seed 001 art. 9: « le
chiffrement des données à caractère personnel »; keys must be replaceable without losing data).

How a rotation goes (README, « Rotation des clés »):
1. put a new Fernet key first in ``REPERES_FIELD_KEYS``, keep the old ones after it;
2. run ``manage.py rotate_field_keys``: every value is re-encrypted under the first key;
3. ``manage.py rotate_field_keys --check`` says 0; then drop the old keys.

The column values are read and written with plain SQL, not through the model fields, whose
converters would hand back clear text: the clear text never leaves this module's local
variables and nothing else is touched (no ``save()``, no ``updated_at``, no history row).
All of it happens in one transaction: a value that no configured key can read stops the
rotation and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from reperes.core import crypto
from reperes.core.fields import EncryptedTextField

BATCH_SIZE = 500


@dataclass(frozen=True)
class EncryptedColumns:
    label: str  # "fieldwork.Youth"
    table: str
    pk_column: str
    columns: tuple[str, ...]


@dataclass
class RotationReport:
    # "fieldwork.Youth.last_name" → number of non-empty values / values not under the first key
    values: dict[str, int] = field(default_factory=dict)
    stale: dict[str, int] = field(default_factory=dict)
    # values that no configured key can read (``--check`` only; a rotation stops on them)
    unreadable: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.values.values())

    @property
    def total_stale(self) -> int:
        return sum(self.stale.values())


class RotationError(Exception):
    """A stored value that no configured key can decrypt."""


def encrypted_columns() -> list[EncryptedColumns]:
    """Every table holding an encrypted field, discovered from the installed models (so a new
    model with an ``EncryptedTextField`` is rotated without anybody remembering to add it)."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        columns = tuple(
            f.column
            for f in meta.concrete_fields
            if isinstance(f, EncryptedTextField) and f.model is model and f.column
        )
        pk_column = meta.pk.column
        if columns and pk_column:  # a concrete field always has its column
            found.append(EncryptedColumns(meta.label, meta.db_table, pk_column, columns))
    return sorted(found, key=lambda c: c.label)


def _primary() -> Fernet:
    crypto._cipher()  # fails loudly (ImproperlyConfigured) on missing or malformed keys
    return Fernet(settings.REPERES_FIELD_KEYS[0].encode())


def _under_primary(primary: Fernet, token: str) -> bool:
    """MultiFernet cannot say which key made a token: try the first key alone."""
    try:
        primary.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def _batches(table: EncryptedColumns, batch_size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in primary-key order, ``batch_size`` at a time (keyset pagination)."""
    q = connection.ops.quote_name
    select = ", ".join(q(c) for c in (table.pk_column, *table.columns))
    pk = q(table.pk_column)
    # Identifiers come from the models' metadata, quoted; values are always parameters.
    first = f"SELECT {select} FROM {q(table.table)} ORDER BY {pk} LIMIT %s"  # noqa: S608
    after = f"SELECT {select} FROM {q(table.table)} WHERE {pk} > %s ORDER BY {pk} LIMIT %s"  # noqa: S608
    last = None
    with connection.cursor() as cursor:
        while True:
            if last is None:
                cursor.execute(first, [batch_size])
            else:
                cursor.execute(after, [last, batch_size])
            rows = cursor.fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]


def rotate_field_keys(*, check: bool = False, batch_size: int = BATCH_SIZE) -> RotationReport:
    """Re-encrypt (or with ``check`` only count) every value not under the first key."""
    primary = _primary()
    report = RotationReport()
    q = connection.ops.quote_name
    with transaction.atomic():
        for table in encrypted_columns():
            for column in table.columns:
                report.values[f"{table.label}.{column}"] = 0
                report.stale[f"{table.label}.{column}"] = 0
            for rows in _batches(table, batch_size):
                for pk, *values in rows:
                    changes = {}
                    for column, token in zip(table.columns, values, strict=True):
                        if not token:
                            continue
                        key = f"{table.label}.{column}"
                        report.values[key] += 1
                        if _under_primary(primary, token):
                            continue
                        report.stale[key] += 1
                        try:
                            rotated = crypto.rotate(token)
                        except InvalidToken as exc:
                            if check:
                                report.unreadable[key] = report.unreadable.get(key, 0) + 1
                                continue
                            raise RotationError(
                                f"{key} (identifiant {pk}) : aucune clé configurée ne permet de "
                                "lire cette valeur ; rien n'a été modifié."
                            ) from exc
                        if not check:
                            changes[column] = rotated
                    if changes:
                        assignments = ", ".join(f"{q(c)} = %s" for c in changes)
                        with connection.cursor() as cursor:
                            cursor.execute(
                                f"UPDATE {q(table.table)} SET {assignments} "  # noqa: S608
                                f"WHERE {q(table.pk_column)} = %s",
                                [*changes.values(), pk],
                            )
    return report
