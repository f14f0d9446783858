"""Helpers shared by the money actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from reperes.core.saving import save_checked

from ..enums import InstalmentSlot

CENT = Decimal("0.01")
MONTH_SLOTS = [InstalmentSlot(f"m{month:02d}") for month in range(1, 13)]


def fr_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def as_cents(value: Any, field: str, what: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({field: f"{what} : montant invalide."}) from exc
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise ValidationError({field: f"{what} : indiquez des euros et des centimes au plus."})
    return amount.quantize(CENT)


def set_if_changed(obj: Any, *, reason: str = "", **values: Any) -> bool:
    """Set ``values`` and save only when something differs (no empty history entry)."""
    changed = False
    for name, value in values.items():
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname if field.many_to_one else name)
        new = value.pk if field.many_to_one and value is not None else value
        if current != new:
            setattr(obj, name, value)
            changed = True
    if changed:
        save_checked(obj, reason)
    return changed
