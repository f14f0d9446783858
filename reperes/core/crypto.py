"""Field encryption and blind indexes for the only nominative data Repères may hold.

Seed 001 art. 9 lists them (« le nom, le prénom, l'adresse postale, le numéro de téléphone »)
and requires « la pseudonymisation et le chiffrement des données à caractère personnel ».

- Encryption: Fernet (AES-128-CBC + HMAC-SHA256, authenticated) through MultiFernet, so that
  several keys can be active: the first encrypts, all decrypt. Rotating = put a new key first,
  run ``manage.py rotate_field_keys``, then drop the old key.
- Keys live outside the database: ``REPERES_FIELD_KEYS`` (comma-separated, newest first) or
  ``REPERES_FIELD_KEYS_FILE``; the blind-index key in ``REPERES_BLIND_INDEX_KEY(_FILE)``.
- Blind index: HMAC-SHA256 of the normalised value, keyed and scoped (per service), so a name
  can be searched for inside one service without being stored in clear or comparable across
  services.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "blind_index", "decrypt", "encrypt", "normalise", "rotate"]


@lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("REPERES_FIELD_KEYS is empty: personal data cannot be encrypted")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("REPERES_FIELD_KEYS holds a malformed Fernet key") from exc


def _cipher() -> MultiFernet:
    return _multifernet(tuple(settings.REPERES_FIELD_KEYS))


def encrypt(value: str) -> str:
    return _cipher().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    return _cipher().decrypt(token.encode("ascii")).decode("utf-8")


def rotate(token: str) -> str:
    """Re-encrypt under the current (first) key; decrypts with any configured key."""
    return _cipher().rotate(token.encode("ascii")).decode("ascii")


def normalise(value: str) -> str:
    """Case, accents and spacing do not matter when searching a name: « Élodie  MARTIN » and
    « elodie martin » share one index."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def blind_index(value: str, *, scope: str) -> str:
    key = settings.REPERES_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("REPERES_BLIND_INDEX_KEY is empty")
    message = f"{scope}\x1f{normalise(value)}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
