"""Backup and restore (issue 12, « Operable »): the database, the documents, and the
field-encryption keys kept apart; a restore gives back the same rows, the same documents, and
every identity decrypts with the restored keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, MultiFernet
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from reperes.fieldwork.models import Youth
from reperes.privacy.backup import table_counts
from tests.fieldwork.factories import YouthFactory, youths_with_identities

IDENTITIES = [
    ("Quenouillard", "Ysaline", "17 rue des Glycines, 62300 Lens", "06 41 52 63 74"),
    ("Bérard-N'Diaye", "Éloïse", "2 place du Marché, 26000 Valence", "+33 7 11 22 33 44"),
]


@pytest.fixture
def documents(settings, tmp_path):
    """A documents folder of the test's own, with one document in a sub-folder."""
    root = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    default_storage.save("conventions/2025/signee.pdf", ContentFile(b"%PDF-1.7 convention"))
    return root


@pytest.fixture
def youths(world):
    made = youths_with_identities(world["services"]["a"], IDENTITIES)
    YouthFactory(service=world["services"]["b"])  # one without identity
    return made


def test_the_keys_are_refused_inside_the_backup(transactional_db, tmp_path, documents):
    with pytest.raises(CommandError, match="ne doivent pas être rangées avec la sauvegarde"):
        call_command(
            "backup", output=tmp_path / "sauvegarde", keys_output=tmp_path / "sauvegarde" / "k"
        )


def test_the_backup_holds_no_key_and_the_keys_file_is_private(
    transactional_db, tmp_path, documents, settings
):
    call_command("backup", output=tmp_path / "sauvegarde", keys_output=tmp_path / "cles.json")
    keys = json.loads((tmp_path / "cles.json").read_text())
    assert keys["REPERES_FIELD_KEYS"] == list(settings.REPERES_FIELD_KEYS)
    assert keys["REPERES_BLIND_INDEX_KEY"] == settings.REPERES_BLIND_INDEX_KEY
    assert (tmp_path / "cles.json").stat().st_mode & 0o777 == 0o600
    for path in (tmp_path / "sauvegarde").iterdir():
        content = path.read_bytes()
        for key in (*settings.REPERES_FIELD_KEYS, settings.REPERES_BLIND_INDEX_KEY):
            assert key.encode() not in content, path.name


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite round trip"
)
def test_sqlite_round_trip(transactional_db, youths, tmp_path, documents, settings):
    before = table_counts()
    call_command("backup", output=tmp_path / "sauvegarde", keys_output=tmp_path / "cles.json")
    # Lost after the backup: a youth, the documents.
    Youth.objects.filter(pk=youths[0].pk).delete()
    for path in documents.rglob("*"):
        if path.is_file():
            path.unlink()
    call_command("restore", input=tmp_path / "sauvegarde", keys=tmp_path / "cles.json")
    assert table_counts() == before
    assert (documents / "conventions/2025/signee.pdf").read_bytes() == b"%PDF-1.7 convention"
    restored = {
        (y.last_name, y.first_name, y.address, y.phone) for y in Youth.objects.exclude(last_name="")
    }
    assert restored == set(IDENTITIES)


def test_a_restore_refuses_other_keys(transactional_db, youths, tmp_path, documents):
    call_command("backup", output=tmp_path / "sauvegarde", keys_output=tmp_path / "cles.json")
    other = {
        "REPERES_FIELD_KEYS": [Fernet.generate_key().decode()],
        "REPERES_BLIND_INDEX_KEY": "une-autre-clé-d-index-aveugle-assez-longue",
    }
    (tmp_path / "autres.json").write_text(json.dumps(other))
    with pytest.raises(CommandError, match="n'est pas celui de cette sauvegarde"):
        call_command("restore", input=tmp_path / "sauvegarde", keys=tmp_path / "autres.json")


def test_a_restore_fails_when_an_identity_does_not_decrypt(
    transactional_db, youths, tmp_path, documents
):
    """The check after the restore is real: a value encrypted under another key fails it."""
    from reperes.privacy.backup import Keys, check_decryption

    stranger = Fernet(Fernet.generate_key()).encrypt(b"Inconnu").decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE fieldwork_youth SET last_name = %s WHERE id = %s", [stranger, youths[1].pk]
        )
    read, failures = check_decryption(Keys.from_settings())
    assert read >= 8
    assert failures == [f"fieldwork_youth.last_name (clé primaire {youths[1].pk})"]


def _pg_restore_target() -> str:
    """reperes_hf → reperes_hf_restore: beside the database the suite was given."""
    name = connection.settings_dict["NAME"].removeprefix("test_")
    return f"{name}_restore"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="round trip through pg_dump/pg_restore: PostgreSQL only",
)
def test_postgresql_round_trip_into_another_database(transactional_db, youths, tmp_path, documents):
    import psycopg

    source = connection.settings_dict
    call_command("backup", output=tmp_path / "sauvegarde", keys_output=tmp_path / "cles.json")
    assert (tmp_path / "sauvegarde" / "database.dump").read_bytes()[:5] == b"PGDMP"
    target = _pg_restore_target()
    params = {
        "host": source["HOST"] or None,
        "port": source["PORT"] or None,
        "user": source["USER"] or None,
        "password": source["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{target}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "reperes.settings.test",
        }
        result = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "restore",
                "--input",
                str(tmp_path / "sauvegarde"),
                "--keys",
                str(tmp_path / "cles.json"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert result.returncode == 0, result.stderr
        assert "valeurs chiffrées se déchiffrent" in result.stdout
        before = table_counts()
        keys = json.loads((tmp_path / "cles.json").read_text())
        cipher = MultiFernet([Fernet(k.encode()) for k in keys["REPERES_FIELD_KEYS"]])
        with psycopg.connect(dbname=target, **params) as restored:
            after = {}
            for table in before:
                after[table] = restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            rows = restored.execute(
                "SELECT last_name, first_name, address, phone FROM fieldwork_youth "
                "WHERE last_name <> ''"
            ).fetchall()
        assert after == before
        assert sum(after.values()) > 0
        identities = {tuple(cipher.decrypt(v.encode()).decode() for v in row) for row in rows}
        assert identities == set(IDENTITIES)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
