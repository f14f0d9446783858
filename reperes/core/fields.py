"""Model fields every app may declare: a text field stored encrypted, and the account that
did something to a record (``acting_user``; ``acting_account`` is what it stores for an actor).

``EncryptedTextField``: reads give the clear text back to the application only. In ``core``
so that any app may store a nominative field (``fieldwork``'s youths, ``privacy``'s rights
requests) without importing an app above it. The migrations written when it lived in
``reperes.privacy.fields`` import it from there (a re-export): no migration changes."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from .crypto import decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Stored as a Fernet token; empty stays empty. Not searchable: pair it with a blind index."""

    description = "Texte chiffré (Fernet)"

    def from_db_value(self, value: str | None, _expression: Any, _connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


_ST = TypeVar("_ST")
_GT = TypeVar("_GT")


class Link(models.ForeignKey[_ST, _GT]):
    """A link to another record, as every model of the apps writes it:
    ``Link("partners.Service", "service", related_name="submissions")``. The record linked to
    cannot be deleted while this one points to it (``PROTECT``) unless ``on_delete`` says
    otherwise; ``null=True`` where the link may be left empty, and then a form may leave it
    blank too (unless ``blank=False``).

    A ``ForeignKey`` for the type checker, which types the related record from the model (the
    record, or the record or ``None`` where ``null=True``), and for the migrations, which see
    the ``ForeignKey`` written out: declaring a link this way changes no migration."""

    def __init__(
        self,
        to: Any,
        verbose_name: str | None = None,
        *,
        on_delete: Any = models.PROTECT,
        related_name: str | None = None,
        null: bool = False,
        **options: Any,
    ) -> None:
        options.setdefault("blank", null)
        super().__init__(
            to,
            on_delete=on_delete,
            related_name=related_name,
            verbose_name=verbose_name,
            null=null,
            **options,
        )

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


def acting_account(actor: Any) -> Any:
    """What an ``acting_user`` field stores for ``actor``: the account, or ``None`` when the
    write comes from no signed-in account (a command, a scheduled job, an anonymous request)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def acting_user(
    verbose_name: str | None = None, *, blank: bool = False
) -> models.ForeignKey[AbstractBaseUser | None, AbstractBaseUser | None]:
    """The account that did something to a record (« enregistré par », « décidée par »): set
    to null when the account is deleted, so that the record stays, and with no reverse accessor
    on the account. ``blank`` where a form or ``full_clean`` may leave it empty (a decision not
    yet taken). Deconstructs as the ``ForeignKey`` written out, so migrations do not change."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )
