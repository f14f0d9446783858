"""The write every named action ends with: the record given its new values, checked by its
model (``full_clean``: the model's French messages) and saved."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def save_checked(instance: M, reason: str = "", /, **values: Any) -> M:
    """``instance`` given ``values``, checked and saved; ``reason`` names the change in its
    history (django-simple-history reads ``_change_reason`` on save)."""
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()
    return instance
