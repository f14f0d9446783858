"""Backups and their restore: the database, the documents, and the field-encryption keys kept
apart (``manage.py backup`` and ``manage.py restore``; README, « Sauvegarder et restaurer »).

A backup is a directory holding ``database.dump`` (PostgreSQL, ``pg_dump -Fc``) or
``database.sqlite3`` (SQLite's online backup), ``documents.tar.gz`` (the private documents'
folder) and ``manifest.json`` (the row count of each table, the fingerprint of the keys: no
personal data, no key). The keys go to another file, given on its own and refused inside the
backup directory: whoever holds the backup without the keys reads no identity.

The restore loads the database and the documents, then checks what it restored: the same row
counts as the manifest, and every encrypted value decrypts with the keys file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.utils import timezone

from reperes.core.fields import EncryptedTextField

MANIFEST = "manifest.json"
DOCUMENTS = "documents.tar.gz"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message is French, for the operator."""


@dataclass(frozen=True)
class Keys:
    field_keys: tuple[str, ...]
    blind_index_key: str

    @classmethod
    def from_settings(cls) -> Keys:
        return cls(tuple(settings.REPERES_FIELD_KEYS), settings.REPERES_BLIND_INDEX_KEY)

    @classmethod
    def read(cls, path: Path) -> Keys:
        try:
            data = json.loads(path.read_text())
            return cls(tuple(data["REPERES_FIELD_KEYS"]), str(data["REPERES_BLIND_INDEX_KEY"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BackupError(f"Fichier de clés illisible : {path} ({exc})") from exc

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(
                {
                    "REPERES_FIELD_KEYS": list(self.field_keys),
                    "REPERES_BLIND_INDEX_KEY": self.blind_index_key,
                },
                file,
                indent=2,
            )
        os.chmod(path, 0o600)

    def fingerprint(self) -> str:
        """Tells whether a keys file is the one of a backup, without revealing the keys."""
        material = "\n".join((*self.field_keys, self.blind_index_key)).encode()
        return hashlib.sha256(b"reperes-backup-keys\n" + material).hexdigest()[:16]

    def cipher(self) -> MultiFernet:
        try:
            return MultiFernet([Fernet(key.encode()) for key in self.field_keys])
        except ValueError as exc:
            raise BackupError("Le fichier de clés contient une clé Fernet mal formée.") from exc


def documents_root() -> Path | None:
    """The folder the documents are kept in, or None when they are not on a local disk
    (object storage: its own versioning and replication back them up)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def table_counts() -> dict[str, int]:
    tables = sorted(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _encrypted_columns() -> list[tuple[str, str, str]]:
    """(table, primary-key column, encrypted column) of every encrypted field, history included."""
    columns: set[tuple[str, str, str]] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                columns.add((model._meta.db_table, str(model._meta.pk.column), str(field.column)))
    return sorted(columns)


def check_decryption(keys: Keys) -> tuple[int, list[str]]:
    """Decrypts every encrypted value of the database with the keys; returns how many were read
    and where the failures are (table, column and primary key: no value)."""
    cipher = keys.cipher()
    read, failures = 0, []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, pk, column in _encrypted_columns():
            cursor.execute(
                f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "  # noqa: S608
                f"WHERE {quote(column)} IS NOT NULL AND {quote(column)} <> ''"
            )
            for key, token in cursor.fetchall():
                read += 1
                try:
                    cipher.decrypt(token.encode("ascii"))
                except (InvalidToken, UnicodeEncodeError):
                    failures.append(f"{table}.{column} (clé primaire {key})")
    return read, failures


def _pg_params() -> dict[str, Any]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return {"args": args, "env": env}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} est introuvable : installez le client PostgreSQL (postgresql-client)."
        )
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} a échoué : {result.stderr.strip()}")


def backup(output: Path, keys_output: Path) -> dict[str, Any]:
    """Writes the backup directory and, apart, the keys file; returns the manifest."""
    output, keys_output = output.resolve(), keys_output.resolve()
    if keys_output.is_relative_to(output):
        raise BackupError(
            "Les clés ne doivent pas être rangées avec la sauvegarde : donnez à --keys-output "
            "un chemin hors du dossier de sauvegarde (et conservez-les ailleurs)."
        )
    if output.exists() and any(output.iterdir()):
        raise BackupError(f"Le dossier de sauvegarde {output} n'est pas vide.")
    output.mkdir(parents=True, exist_ok=True)
    keys = Keys.from_settings()
    vendor = connection.vendor
    counts = table_counts()
    if vendor == "postgresql":
        pg = _pg_params()
        _run(
            [_tool("pg_dump"), "--format=custom", "--file", str(output / PG_DUMP), *pg["args"]],
            pg["env"],
        )
        database_file = PG_DUMP
    elif vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output / SQLITE_COPY)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        database_file = SQLITE_COPY
    else:
        raise BackupError(f"Base de données non prise en charge : {vendor}")
    root = documents_root()
    documents = 0
    if root is not None:
        with tarfile.open(output / DOCUMENTS, "w:gz") as archive:
            if root.exists():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
                        documents += 1
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": vendor, "file": database_file},
        "documents": {"file": DOCUMENTS if root is not None else None, "count": documents},
        "keys_fingerprint": keys.fingerprint(),
        "table_counts": counts,
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    keys.write(keys_output)
    return manifest


def _holds_files(root: Path) -> bool:
    return root.exists() and any(path.is_file() for path in root.rglob("*"))


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} n'est pas une sauvegarde de Repères ({exc}).") from exc
    return manifest


def restore(source: Path, keys_file: Path) -> dict[str, Any]:
    """Loads the database and the documents of a backup into the configured database and
    documents folder, then checks them; raises BackupError on any difference."""
    source = source.resolve()
    manifest = read_manifest(source)
    keys = Keys.read(keys_file)
    if keys.fingerprint() != manifest["keys_fingerprint"]:
        raise BackupError("Ce fichier de clés n'est pas celui de cette sauvegarde.")
    vendor = connection.vendor
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"Sauvegarde {manifest['database']['vendor']}, base configurée {vendor} : "
            "restaurez dans une base du même type."
        )
    root = documents_root()
    if manifest["documents"]["file"] and root is not None and _holds_files(root):
        raise BackupError(f"Le dossier des documents {root} contient déjà des fichiers.")
    if vendor == "postgresql":
        pg = _pg_params()
        connection.close()
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *pg["args"],
                str(source / PG_DUMP),
            ],
            pg["env"],
        )
    else:
        connection.ensure_connection()
        backup_copy = sqlite3.connect(source / SQLITE_COPY)
        try:
            backup_copy.backup(connection.connection)
        finally:
            backup_copy.close()
    if manifest["documents"]["file"] and root is not None:
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source / DOCUMENTS, "r:gz") as archive:
            archive.extractall(root, filter="data")
        restored = sum(1 for path in root.rglob("*") if path.is_file())
        if restored != manifest["documents"]["count"]:
            raise BackupError(
                f"{restored} documents restaurés, {manifest['documents']['count']} sauvegardés."
            )
    counts = table_counts()
    differences = {
        table: (count, counts.get(table))
        for table, count in manifest["table_counts"].items()
        if counts.get(table) != count
    }
    if differences:
        raise BackupError(f"Nombres de lignes différents de la sauvegarde : {differences}")
    read, failures = check_decryption(keys)
    if failures:
        raise BackupError(
            f"{len(failures)} valeurs chiffrées sur {read} ne se déchiffrent pas : "
            + ", ".join(failures[:20])
        )
    return {"tables": len(counts), "rows": sum(counts.values()), "decrypted": read}
