"""A journal of the application (the audit trail, the youth records' access log): chained and
append-only (``reperes.core.logs``), its refusals said in French with the journal's name."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

from .logs import ChainedLog, ChainedLogQuerySet


def _refusal(model: Any, what: str) -> PermissionError:
    return PermissionError(f"{model.journal} ne peut pas être {what}.")


class JournalQuerySet(ChainedLogQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise _refusal(self.model, "modifié")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise _refusal(self.model, "effacé")


class Journal(ChainedLog):
    """An entry of a named journal: dated, read newest first; written once, never changed
    nor deleted."""

    journal: ClassVar[str]  # « Le journal des accès »

    at = models.DateTimeField("date", default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-pk"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise _refusal(self, "modifié")
        super().save(*args, **kwargs)  # chains the entry

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise _refusal(self, "effacé")
