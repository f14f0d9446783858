"""Key rotation of the encrypted fields (``manage.py rotate_field_keys``): after it, the old key
can be dropped and every value still reads; the old key alone reads none of them."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import CommandError, call_command
from django.db import connection

from reperes.core.models import AuditEntry
from reperes.fieldwork.models import Youth
from reperes.privacy import crypto
from reperes.privacy.rotation import encrypted_columns
from tests.fieldwork.factories import YouthFactory, youths_with_identities

K1 = Fernet.generate_key().decode()
K2 = Fernet.generate_key().decode()
IDENTITIES = [
    ("Imaginaire", "Camille", "3 impasse des Essais, 99999 Nullepart", "06 00 00 00 01"),
    ("Fictif", "Noé", "12 rue de l'Exemple, 99999 Nullepart", "07 00 00 00 02"),
    ("Inventé", "Lou", "", "06 00 00 00 03"),
]


def raw_identities() -> dict[int, tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, last_name, first_name, address, phone FROM fieldwork_youth")
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


@pytest.fixture
def youths(settings, world):
    settings.REPERES_FIELD_KEYS = [K1]
    created = youths_with_identities(world["services"]["a"], IDENTITIES)
    YouthFactory(service=world["services"]["b"])  # no identity: nothing to rotate
    return created


def test_every_encrypted_field_of_every_model_is_found():
    tables = {c.label: c.columns for c in encrypted_columns()}
    assert tables["fieldwork.Youth"] == ("last_name", "first_name", "address", "phone")


def test_rotation_puts_every_value_under_the_new_key_and_the_old_key_can_go(settings, youths):
    before = raw_identities()
    settings.REPERES_FIELD_KEYS = [K2, K1]
    out = StringIO()

    call_command("rotate_field_keys", stdout=out, batch_size=2)

    assert "11 valeur(s) re-chiffrée(s) sur 11" in out.getvalue()
    after = raw_identities()
    for pk, values in before.items():
        for old, new in zip(values, after[pk], strict=True):
            assert (old == "") == (new == "")
            if old:
                assert new != old
    settings.REPERES_FIELD_KEYS = [K2]
    for youth, (last, first, address, phone) in zip(youths, IDENTITIES, strict=True):
        youth = Youth.objects.get(pk=youth.pk)
        assert (youth.last_name, youth.first_name, youth.address, youth.phone) == (
            last,
            first,
            address,
            phone,
        )
    # The old key alone no longer reads anything.
    old = Fernet(K1.encode())
    for values in after.values():
        for token in filter(None, values):
            with pytest.raises(InvalidToken):
                old.decrypt(token.encode())
    entry = AuditEntry.objects.get(action="privacy.rotate_field_keys")
    assert entry.data == {"values": 11, "rotated": 11}
    assert "Camille" not in entry.summary


def test_check_counts_values_under_old_keys_and_changes_nothing(settings, youths):
    before = raw_identities()
    settings.REPERES_FIELD_KEYS = [K2, K1]
    with pytest.raises(CommandError, match="11 valeur\\(s\\) sur 11 ne sont pas encore"):
        call_command("rotate_field_keys", "--check", stdout=StringIO())
    assert raw_identities() == before

    call_command("rotate_field_keys", stdout=StringIO())
    out = StringIO()
    call_command("rotate_field_keys", "--check", stdout=out)
    assert "Les 11 valeur(s) chiffrées sont sous la clé la plus récente" in out.getvalue()


def test_a_second_rotation_rewrites_nothing(settings, youths):
    settings.REPERES_FIELD_KEYS = [K2, K1]
    call_command("rotate_field_keys", stdout=StringIO())
    once = raw_identities()
    out = StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "0 valeur(s) re-chiffrée(s) sur 11" in out.getvalue()
    assert raw_identities() == once


def test_a_value_no_key_can_read_stops_the_rotation_and_nothing_is_written(settings, youths):
    settings.REPERES_FIELD_KEYS = [K2]  # K1 forgotten: nothing can be read
    before = raw_identities()
    with pytest.raises(CommandError, match="aucune clé configurée"):
        call_command("rotate_field_keys", stdout=StringIO())
    assert raw_identities() == before
    assert not AuditEntry.objects.filter(action="privacy.rotate_field_keys").exists()
    with pytest.raises(CommandError, match="illisibles"):
        call_command("rotate_field_keys", "--check", stdout=StringIO())


def test_rotation_does_not_touch_the_rows_otherwise(settings, youths):
    stamps = dict(Youth.objects.values_list("pk", "updated_at"))
    settings.REPERES_FIELD_KEYS = [K2, K1]
    call_command("rotate_field_keys", stdout=StringIO())
    assert dict(Youth.objects.values_list("pk", "updated_at")) == stamps
    assert crypto.decrypt(raw_identities()[youths[0].pk][0]) == "Imaginaire"
