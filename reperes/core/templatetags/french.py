"""Template filters for French wording (reperes/core/french.py), loaded as a builtin:
``{{ d|date_fr }}`` « 1er avril 2026 », ``{{ d|date_fr:"l j F" }}``, ``{{ n|nombre:"réunion" }}``
« 2 réunions », ``{{ "avril 2026"|de_mois }}`` « d'avril 2026 », ``{{ d|dans:today }}`` « dans 3 jours »."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import template

from reperes.core import french

register = template.Library()


@register.filter
def date_fr(value: Any, fmt: str = "j F Y") -> str:
    if value in (None, ""):
        return ""
    return french.format_date(value, fmt)


@register.filter
def nombre(count: Any, words: str) -> str:
    """``{{ n|nombre:"réunion" }}``; an irregular plural after a comma: ``"travail,travaux"``."""
    singular, _, plural_form = str(words).partition(",")
    return french.plural(int(count or 0), singular, plural_form or None)


@register.filter(name="de_mois")
def de_filter(value: Any) -> str:
    return french.de(str(value))


@register.filter
def dans(target: date | None, today: date) -> str:
    if target is None or today is None:
        return ""
    return french.in_days(target, today)


_SEED_PREFIX = re.compile(r"^Seed \d{3}(?: —|,)?\s*")


@register.filter
def source_fr(value: Any) -> str:
    """A clause's or a figure's source as the reader sees it: the convention and its article,
    without the demo's internal « Seed 001 — » key (« convention type n° 2023-601, art. 8.1 »
    reads « Convention type n° 2023-601, art. 8.1 »)."""
    text = str(value or "")
    stripped = _SEED_PREFIX.sub("", text)
    if stripped == text:
        return text  # a source in its own words stays as written
    return stripped[:1].upper() + stripped[1:]
