"""Helpers for the stale-edit tests: post a form as the browser would, from a page loaded
earlier (issue 9, point 7)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html import unescape
from typing import Any

from django.db import models

STALE = (
    "Cette fiche a été modifiée par quelqu&#x27;un d&#x27;autre depuis que vous l&#x27;avez ouverte"
)


def hidden(response: Any) -> dict[str, str]:
    """The version and snapshot the page carries, read from its HTML (so that a template which
    forgets to render them fails the test)."""
    content = response.content.decode()
    found = {}
    for name in ("version", "original"):
        match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', content)
        assert match, f"the page does not carry the hidden field « {name} »"
        found[name] = unescape(match.group(1))
    return found


def _posted(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_posted(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _fields(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in form.visible_fields():
        value = field.value()
        if value is None or value is False or value == "":
            continue
        data[field.html_name] = "on" if value is True else _posted(value)
    return data


def as_loaded(response: Any, formsets: tuple[str, ...] = (), **changes: Any) -> dict[str, Any]:
    """What the browser posts back from the page in ``response`` (its form, and the formsets
    named), with ``changes`` typed in."""
    data = _fields(response.context["form"])
    for name in formsets:
        formset = response.context[name]
        management = formset.management_form
        for field in management:
            data[field.html_name] = str(field.value())
        for form in formset:
            data.update(_fields(form))
    data.update(hidden(response))
    data.update(changes)
    return data


def stale_conflicts(response: Any, field: str, typed: str) -> list[tuple[str, str, str]]:
    """The page of a form posted from a stale page: refused with the warning, what was typed in
    ``field`` kept; the changes it shows, each (label, value loaded, value now)."""
    assert STALE in response.content.decode()
    form = response.context["form"]
    assert form[field].value() == typed
    return [(c.label, c.before, c.now) for c in form.conflict]
