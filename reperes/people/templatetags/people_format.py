"""French figures for the personnel pages: "3,83", "1", "+0,5", "2 196"."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from reperes.rules.allocation import format_decimal

register = template.Library()


@register.filter
def etp(value: Any) -> str:
    """An FTE as stated, without trailing zeros: 1.00 → "1", 3.83 → "3,83"."""
    if value is None or value == "":
        return "—"
    return format_decimal(Decimal(value), None)


@register.filter
def gap(value: Any) -> str:
    """A signed gap: "+0,5", "−1", "0"."""
    if value is None:
        return "—"
    number = Decimal(value)
    text = format_decimal(abs(number), None)
    if number > 0:
        return f"+{text}"
    if number < 0:
        return f"−{text}"
    return text


@register.filter
def rounded(value: Any, places: int = 0) -> str:
    if value is None:
        return "—"
    return format_decimal(Decimal(value), int(places))
