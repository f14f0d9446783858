"""French money, percents, amounts in words and dates for the money templates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django import template

from reperes.core.french import format_date
from reperes.rules.allocation import format_decimal, format_eur, format_percent

from ..words import avec_article, de_nom, montant_en_lettres

register = template.Library()


def _stated(value: Any, write: Callable[[Decimal], str], unknown: str = "—") -> str:
    """``write`` of ``value`` as a decimal; ``unknown`` when there is no value."""
    if value is None or value == "":
        return unknown
    return write(Decimal(value))


@register.filter
def eur(value: Any) -> str:
    """« 245 000,00 € »; an unknown amount is « inconnu »."""
    return _stated(value, format_eur, "inconnu")


@register.filter
def percent(value: Any) -> str:
    """A stated percent as written: « 16 % », « 5,5 % »."""
    return _stated(value, partial(format_percent, places=None))


@register.filter
def number(value: Any) -> str:
    """A French number without trailing zeros: « 1 642,5 »."""
    return _stated(value, partial(format_decimal, places=None))


@register.filter
def ratio_percent(value: Any) -> str:
    return format_percent(Decimal(value) * 100, 2)


@register.filter
def en_lettres(value: Any) -> str:
    return montant_en_lettres(Decimal(value))


@register.filter
def date_fr(value: date | None, fmt: str = "j F Y") -> str:
    """« 1er mars 2024 », « 15 septembre 2017 » (reperes.core.french, the one place)."""
    if value is None:
        return ""
    return format_date(value, fmt)


@register.filter
def repeat(text: str, times: int) -> str:
    return str(text) * int(times or 0)


@register.filter
def article(name: object) -> str:
    return avec_article(str(name))


@register.filter
def de(name: object) -> str:
    return de_nom(str(name))
