"""Helpers for tests that post a Django form back as a browser would."""

from __future__ import annotations


def form_data(response) -> dict[str, object]:
    """What the browser would send back from the pre-filled form of ``response``, untouched."""
    form = response.context["form"]
    data: dict[str, object] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def posted(defaults: dict[str, object], **overrides: object) -> dict[str, object]:
    """The fields a browser posts: ``defaults`` with ``overrides``; a field overridden with
    None is left out, as an unchecked box or an absent field."""
    data = {**defaults, **overrides}
    return {name: value for name, value in data.items() if value is not None}
