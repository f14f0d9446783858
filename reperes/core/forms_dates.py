"""One check the forms repeat: of two dates of a record, the later may not come first."""

from __future__ import annotations

from typing import Any

from django import forms


def not_before(form: forms.BaseForm, earlier: str, later: str, message: str) -> None:
    """In ``form.clean()``: an error on the field ``later`` when both dates are given and it
    comes before the field ``earlier`` (equal dates are fine)."""
    first, then = form.cleaned_data.get(earlier), form.cleaned_data.get(later)
    if first and then and then < first:
        form.add_error(later, message)


class DatesInOrder(forms.BaseForm):
    """A form whose ``clean()`` checks ``dates_in_order``: (earlier, later, message) for each
    pair of its date fields where ``later`` may not come first (``not_before``)."""

    dates_in_order: tuple[tuple[str, str, str], ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for earlier, later, message in self.dates_in_order:
            not_before(self, earlier, later, message)
        return data
