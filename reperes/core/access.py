"""One way to fetch an object for a user: outsiders get a 404, never a hint that it exists."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    queryset = model._default_manager.visible_to(user)  # type: ignore[attr-defined]
    try:
        return queryset.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Page introuvable") from exc
