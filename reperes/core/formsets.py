"""Formsets whose rows each give one input to an action: ``form.to_input()`` (``None`` for a
row left empty). Two rows that name the same thing (``duplicate_of``, an attribute of the
input, compared regardless of case) are refused with ``duplicate_message``, in French."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar, cast

from django import forms
from django.core.exceptions import ValidationError

F = TypeVar("F", bound=forms.BaseFormSet)


class InputFormSet(forms.BaseFormSet):
    duplicate_of: ClassVar[str] = ""
    duplicate_message: ClassVar[str] = ""

    def inputs(self) -> list[Any]:
        """The rows' inputs, in order, without the rows left empty."""
        inputs = [form.to_input() for form in self.forms if form.cleaned_data]
        return [i for i in inputs if i is not None]

    def clean(self) -> None:
        if any(self.errors) or not self.duplicate_of:
            return
        names = [str(getattr(i, self.duplicate_of)).casefold() for i in self.inputs()]
        if len(names) != len(set(names)):
            raise ValidationError(self.duplicate_message)


def formset_of(form: type[forms.Form], formset: type[F], *, extra: int, max_num: int) -> type[F]:
    """``formset_factory`` for ``form`` in ``formset``, at most ``max_num`` rows (checked),
    typed as the formset it subclasses (django-stubs' type forgets which)."""
    return cast(
        type[F],
        forms.formset_factory(
            form, formset=formset, extra=extra, max_num=max_num, validate_max=True
        ),
    )
