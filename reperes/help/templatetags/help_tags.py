"""The « ? » beside an indicator or a computed date (``reporting/_indicator_help.html``,
``help/_date_help.html``)."""

from __future__ import annotations

from typing import Any

from django import template

from reperes.reporting.catalogue import BY_CODE, Indicator

from .. import dates

register = template.Library()


@register.filter
def indicator(code: Any) -> Indicator | None:
    """The catalogue's indicator of ``code`` (None for a code the catalogue does not know)."""
    return BY_CODE.get(str(code or ""))


@register.simple_tag(takes_context=True)
def obligation_date_help(context: template.Context, obligation: Any) -> dates.DateHelp:
    # One reading of each convention's clauses per request, however many rows the page lists.
    request = context.get("request")
    cache = getattr(request, "_help_clause_versions", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._help_clause_versions = cache
    return dates.for_obligation(obligation, cache)


@register.simple_tag
def instalment_date_help(instalment: Any) -> dates.DateHelp:
    return dates.for_instalment(instalment)
