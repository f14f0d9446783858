"""A text field stored encrypted; reads give the clear text back to the application only.

In ``core`` so that any app may store a nominative field (``fieldwork``'s youths, ``privacy``'s
rights requests) without importing an app above it. The migrations written when it lived
in ``reperes.privacy.fields`` import it from there (a re-export): no migration changes."""

from __future__ import annotations

from typing import Any

from django.db import models

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Stored as a Fernet token; empty stays empty. Not searchable: pair it with a blind index."""

    description = "Texte chiffré (Fernet)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
