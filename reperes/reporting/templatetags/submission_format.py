"""Figures of the submissions and the consolidation as the French read them: « 12 968 »,
« 3,83 », « NR » for a blank (non renseigné), « s » for a withheld cell."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.safestring import mark_safe

from reperes.rules.submission_checks import french_number

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    if value is None or value == "":
        return mark_safe('<abbr title="non renseigné">NR</abbr>')
    if value == "s":
        return mark_safe('<abbr title="secret statistique">s</abbr>')
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return french_number(value)
    return str(value)
