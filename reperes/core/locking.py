"""Optimistic locking, one way for every form that edits an existing record (issue 9, point 7).

- ``Versioned``: an abstract model whose ``version`` every save bumps (in the database, so two
  writers never compute the same next version).
- ``locked(Model, pk, version)``: inside an action's transaction, locks the row and refuses
  with ``StaleEdit`` when the record is no longer at the version the form was opened on.
- ``LockedFormMixin``: adds to a form the hidden version and a signed snapshot of the values
  it showed; when the action refuses, ``form.refuse_stale(fresh_form)`` keeps what the person
  typed, says so in French and lists the fields changed in between (``form.conflict``).
- ``save_unless_changed``: what a view calls: runs the action; when only fields *outside* the
  form changed in between (an identity recorded while the pseudonymous record was open), runs
  it again on the latest version, since nothing can be lost; otherwise refuses.

The snapshot holds the values shown on the page (identity included, on the identity form);
it travels in the form and the page, seen by the service's staff only, never in a log: the
exception carries no value and the audit trail receives field names only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F
from django.utils import formats

from reperes.rules.edits import Change, Snapshot, changes_between, is_stale

STALE_MESSAGE = (
    "Cette fiche a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte : votre "
    "saisie n'a pas été enregistrée. Comparez ci-dessous ce qui a changé entre-temps avec "
    "votre saisie, conservée dans le formulaire, puis enregistrez de nouveau pour confirmer."
)
MISSING_MESSAGE = (
    "Ce formulaire ne dit pas correctement quelle version de la fiche il modifie : rechargez "
    "la page, puis saisissez de nouveau vos modifications."
)
VERSION_FIELD, ORIGINAL_FIELD = "version", "original"
_SALT = "reperes.core.locking.snapshot"
EMPTY = "(vide)"

M = TypeVar("M", bound=models.Model)


class StaleEdit(ValidationError):
    """The record moved on since the form was opened. Carries no value of the record."""

    def __init__(self, current_version: int) -> None:
        super().__init__(STALE_MESSAGE, code="stale")
        self.current_version = current_version


class Versioned(models.Model):
    """A record edited through forms: every save bumps ``version``."""

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        self.version = F("version") + 1
        super().save(*args, **kwargs)
        self.refresh_from_db(fields=["version"])


def locked(model: type[M], pk: Any, version: int | None) -> M:
    """The row ``pk`` of ``model``, locked until the end of the caller's transaction; refused
    when ``version`` (what the form was opened on) is given and is no longer current. Call it
    inside ``transaction.atomic``: the lock is what makes the check and the write one step."""
    obj = model._default_manager.select_for_update().get(pk=pk)
    current = obj.version  # type: ignore[attr-defined]  # any model with a version column
    if version is not None and is_stale(version, current):
        raise StaleEdit(current)
    return obj


# ---------------------------------------------------------------- what a form showed
def _raw(value: Any) -> Any:
    """A comparable, JSON-safe form of a field's value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        return sorted(_raw(item) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _flat_choices(field: forms.ChoiceField) -> dict[str, str]:
    flat: dict[str, str] = {}
    choices: Any = field.choices
    for key, label in choices:
        if isinstance(label, list | tuple):
            flat.update({str(k): str(v) for k, v in label})
        else:
            flat[str(key)] = str(label)
    return flat


def _model(field: forms.ModelChoiceField) -> type[models.Model]:
    """The model of a choice field: its labels are read from the whole table, so that a value
    chosen before (a referent who has left) is still named."""
    queryset: Any = field.queryset
    return queryset.model


def _shown(field: forms.Field, value: Any) -> str:
    """The value as a person reads it on the page."""
    if value is None or value == "" or value == [] or value == ():
        return EMPTY
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [getattr(item, "pk", item) for item in value]
        objs = _model(field)._default_manager.filter(pk__in=pks)
        return ", ".join(sorted(str(field.label_from_instance(o)) for o in objs)) or EMPTY
    if isinstance(field, forms.ModelChoiceField):
        pk = getattr(value, "pk", value)
        obj = _model(field)._default_manager.filter(pk=pk).first()
        return str(field.label_from_instance(obj)) if obj is not None else EMPTY
    if isinstance(field, forms.BooleanField):
        return "oui" if value else "non"
    if isinstance(field, forms.ChoiceField):
        return _flat_choices(field).get(str(value), str(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return formats.number_format(value, use_l10n=True)
    return str(value)


class LockedFormMixin:
    """For a form that edits an existing record. A ``ModelForm`` takes the version from its
    instance; a plain form is given ``version=``. Put it first in the bases."""

    fields: dict[str, forms.Field]
    initial: MutableMapping[str, Any]
    data: Any
    is_bound: bool
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, version: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk is not None:
            version = instance.version
        self.conflict: list[Change] = []
        self.lock_version: int | None = None
        # Without a version the form creates a record: there is nothing to lock.
        self.editing = version is not None
        if not self.editing:
            return
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[ORIGINAL_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound:
            self.initial[VERSION_FIELD] = version
            # Signed when rendered: a subclass finishes setting its fields after this method.
            self.initial[ORIGINAL_FIELD] = self.opened_token

    @property
    def edited(self) -> list[str]:
        return [name for name in self.fields if name not in (VERSION_FIELD, ORIGINAL_FIELD)]

    def opened_token(self) -> str:
        return signing.dumps(self.snapshot(), salt=_SALT, compress=True)

    def labels(self) -> dict[str, str]:
        """What the page calls each compared value (a subclass may add some, see
        ``snapshot``)."""
        return {name: str(self.fields[name].label or name) for name in self.edited}

    def snapshot(self) -> dict[str, tuple[Any, str]]:
        """What this (unbound) form shows: name → (comparable value, value as shown). A form
        that edits more than its fields (a formset beside it) adds entries, and ``labels``."""
        values = {}
        for name in self.edited:
            field = self.fields[name]
            value = self.get_initial_for_field(field, name)  # type: ignore[attr-defined]  # a mixin of forms.Form
            values[name] = (_raw(value), _shown(field, value))
        return values

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]  # a mixin of forms.Form
        data = self.cleaned_data if data is None else data
        if not self.editing:
            return data
        raw = (data.pop(VERSION_FIELD, None) or "").strip()
        data.pop(ORIGINAL_FIELD, None)
        if not raw:
            # Every page the application renders carries the version; a client that leaves it
            # out (a script) writes over the latest version, as it could by reading it first.
            return data
        if not raw.isdigit() or len(raw) > 9:
            raise ValidationError(MISSING_MESSAGE, code="no_version")
        self.lock_version = int(raw)
        return data

    def _opened_with(self) -> Snapshot | None:
        token = self.data.get(self.add_prefix(ORIGINAL_FIELD), "")  # type: ignore[attr-defined]  # a mixin of forms.Form
        try:
            loaded = signing.loads(token, salt=_SALT)
        except signing.BadSignature:
            return None
        if not isinstance(loaded, dict):
            return None
        return {name: (pair[0], str(pair[1])) for name, pair in loaded.items()}

    def changed_since_opened(self, fresh: LockedFormMixin) -> list[Change]:
        """The fields of this form that changed between its opening and ``fresh`` (an unbound
        form of the same class on the record as it is now)."""
        now = {name: (_raw(r), shown) for name, (r, shown) in fresh.snapshot().items()}
        return changes_between(self.labels(), self._opened_with(), now)

    def refuse_stale(self, fresh: LockedFormMixin, changes: list[Change] | None = None) -> None:
        """Show the refusal: what the person typed stays, the French message, the fields
        changed in between; the hidden version and snapshot move to the record as it is now,
        so that saving again (having seen the changes) is a deliberate choice."""
        self.conflict = self.changed_since_opened(fresh) if changes is None else changes
        self.add_error(None, STALE_MESSAGE)  # type: ignore[attr-defined]  # a mixin of forms.Form
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = str(fresh.initial[VERSION_FIELD])  # type: ignore[attr-defined]  # a mixin of forms.Form
        data[self.add_prefix(ORIGINAL_FIELD)] = fresh.opened_token()  # type: ignore[attr-defined]  # a mixin of forms.Form
        self.data = data


def show_refusal(form: Any, exc: ValidationError) -> None:
    """An action's refusal on the form: on its field when the form has it, else above the
    form; on a formset (no fields of its own), above its rows."""
    if not hasattr(form, "add_error"):
        form._non_form_errors = form.error_class(exc.messages)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def save_unless_changed(
    form: Any,
    run: Callable[[int | None], Any],
    fresh: Callable[[], LockedFormMixin] | None = None,
) -> bool:
    """Run the action ``run(version)`` of a valid form, with the version the form was opened
    on (None for a form that creates a record). When the record moved on but none of the
    form's fields changed in between, run it again on the current version (once): nothing the
    others wrote can be erased. Otherwise refuse on the form, with the fields changed
    (``fresh`` builds an unbound form on the record as it is now). Answers whether it saved;
    a refusal of the action (``ValidationError``) goes to the form as usual."""
    version = getattr(form, "lock_version", None)
    for attempt in range(2):
        try:
            run(version)
        except StaleEdit as exc:
            assert fresh is not None, "an edit form needs the record as it is now"
            current = fresh()
            changes = form.changed_since_opened(current)
            if changes or attempt:
                form.refuse_stale(current, changes)
                return False
            version = exc.current_version
        except ValidationError as exc:
            show_refusal(form, exc)
            return False
        else:
            return True
    raise AssertionError("unreachable: the second attempt returns")
