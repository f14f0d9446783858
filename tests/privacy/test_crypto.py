"""Field encryption (seed 001 art. 9: « la pseudonymisation et le chiffrement ») and blind indexes."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from reperes.privacy import crypto
from reperes.privacy.devkeys import load_or_create
from reperes.privacy.fields import EncryptedTextField

texts = st.text(min_size=1, max_size=200)


@settings(deadline=None, database=None)
@given(texts)
def test_round_trip_and_no_clear_text_in_the_token(value):
    token = crypto.encrypt(value)
    assert crypto.decrypt(token) == value
    assert value not in token or len(value) < 4


def test_tokens_are_authenticated():
    token = crypto.encrypt("Camille Imaginaire")
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(tampered)


def test_rotation_re_encrypts_under_the_new_key_and_the_old_key_can_go(settings):
    old = settings.REPERES_FIELD_KEYS[0]
    token = crypto.encrypt("06 12 34 56 78")
    new = Fernet.generate_key().decode()
    settings.REPERES_FIELD_KEYS = [new, old]
    rotated = crypto.rotate(token)
    assert rotated != token
    settings.REPERES_FIELD_KEYS = [new]
    assert crypto.decrypt(rotated) == "06 12 34 56 78"
    with pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token)


def test_missing_or_malformed_keys_fail_loudly(settings):
    settings.REPERES_FIELD_KEYS = []
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
    settings.REPERES_FIELD_KEYS = ["pas-une-clé"]
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
    settings.REPERES_FIELD_KEYS = [Fernet.generate_key().decode()]
    settings.REPERES_BLIND_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        crypto.blind_index("x", scope="1")


def test_blind_index_ignores_case_accents_and_spaces_but_not_the_scope():
    a = crypto.blind_index("Élodie  MARTIN", scope="service-1")
    assert a == crypto.blind_index(" elodie martin ", scope="service-1")
    assert a != crypto.blind_index("elodie martin", scope="service-2")
    assert a != crypto.blind_index("elodie martine", scope="service-1")
    assert "elodie" not in a
    assert len(a) == 64


def test_blind_index_depends_on_the_key(settings):
    a = crypto.blind_index("Martin", scope="1")
    settings.REPERES_BLIND_INDEX_KEY = "une-autre-clé-d-index-aveugle-assez-longue"
    assert crypto.blind_index("Martin", scope="1") != a


def test_encrypted_field_stores_tokens_and_reads_clear_text():
    field = EncryptedTextField()
    stored = field.get_prep_value("12 rue des Exemples")
    assert stored != "12 rue des Exemples"
    assert field.from_db_value(stored, None, None) == "12 rue des Exemples"
    assert field.get_prep_value("") == ""
    assert field.get_prep_value(None) is None


def test_dev_keys_are_created_once_outside_the_database(tmp_path):
    path = tmp_path / "keys.json"
    first = load_or_create(path)
    assert load_or_create(path) == first
    assert oct(path.stat().st_mode)[-3:] == "600"
    Fernet(first[0][0].encode())
