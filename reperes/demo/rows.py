"""Writing the demo's rows idempotently: find by natural key, create, or save only the fields
that differ, count what changed (``LoadReport``), remove what the seeds no longer list. The
seeds' loader (``loader.Loader``) and the apps' demo builders share this ground.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from reperes.core.models import DataWarning
from reperes.demo.spec import WarningSpec

M = TypeVar("M", bound=models.Model)

# Every seed's ``source`` starts with it (« Seed 000 — … »).
SEED_SOURCE_PREFIX = "Seed "


class DemoError(Exception):
    """The demo cannot be loaded as asked (the message is shown to the operator)."""


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated or +self.deleted)

    def lines(self) -> list[str]:
        names = sorted(set(self.created) | set(self.updated) | set(self.deleted))
        return [
            f"{name} : {self.created[name]} créé(s), {self.updated[name]} modifié(s), "
            f"{self.deleted[name]} supprimé(s)"
            for name in names
        ]


def label_of(model: type[models.Model]) -> str:
    return model._meta.label


def check_fields(obj: models.Model) -> None:
    """Field validation (lengths, choices: SQLite does not enforce them). Check and unique
    constraints are left to the database, which enforces them on save, at no extra query."""
    obj.full_clean(validate_unique=False, validate_constraints=False)


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, models.Field) and (
        model_field.many_to_one or model_field.one_to_one
    ):
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


CREATED, UPDATED = "created", "updated"


def _full_clean(obj: models.Model) -> None:
    obj.full_clean()


def _value_differs(obj: models.Model, name: str, value: Any) -> bool:
    return bool(getattr(obj, name) != value)


def write_row(
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any] | None = None,
    *,
    check: Callable[[models.Model], None] = _full_clean,
    differs: Callable[[models.Model, str, Any], bool] = _value_differs,
) -> tuple[M, str]:
    """Find by ``lookup``; create, or save only the fields whose value differs (``check``ed
    before each save). Returns the row and ``CREATED``, ``UPDATED`` or ``""``."""
    values = dict(values or {})
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        check(obj)
        obj.save()
        return obj, CREATED
    changed = [name for name, value in values.items() if differs(obj, name, value)]
    if not changed:
        return obj, ""
    for name in changed:
        setattr(obj, name, values[name])
    check(obj)
    obj.save()
    return obj, UPDATED


def upsert(model: type[M], lookup: Mapping[str, Any], values: Mapping[str, Any]) -> M:
    """``write_row`` with every validation (unique and check constraints included), for the
    apps' demo builders (``reperes/demo/build/``)."""
    return write_row(model, lookup, values)[0]


class Rows:
    """Idempotent writes, each counted in ``self.report``."""

    def __init__(self) -> None:
        self.report = LoadReport()

    def upsert(
        self, model: type[M], lookup: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> M:
        """Find by ``lookup``; create, or save only the fields whose value differs."""
        obj, change = write_row(model, lookup, values, check=check_fields, differs=_differs)
        if change == CREATED:
            self.report.created[label_of(model)] += 1
        elif change == UPDATED:
            self.report.updated[label_of(model)] += 1
        return obj

    def set_m2m(self, obj: models.Model, name: str, targets: Iterable[models.Model]) -> None:
        manager = getattr(obj, name)
        wanted = {t.pk for t in targets}
        current = set(manager.values_list("pk", flat=True))
        if current != wanted:
            manager.set(wanted)
            label = f"{label_of(type(obj))}.{name}"
            self.report.created[label] += len(wanted - current)
            self.report.deleted[label] += len(current - wanted)

    def prune(self, model: type[M], parent: Mapping[str, Any], kept: Iterable[M]) -> None:
        """Delete the children of ``parent`` that the seeds no longer describe."""
        stale = model._default_manager.filter(**parent).exclude(pk__in=[k.pk for k in kept])
        for obj in stale:
            obj.delete()
            self.report.deleted[label_of(model)] += 1

    def warn(self, target: models.Model, spec: WarningSpec) -> DataWarning:
        return self.upsert(
            DataWarning,
            {
                "content_type": ContentType.objects.get_for_model(target),
                "object_id": target.pk,
                "field": spec.field,
                "message": spec.message,
            },
            {"values": list(spec.values), "source": spec.source},
        )

    def warn_all(self, target: models.Model, specs: Iterable[WarningSpec]) -> None:
        """The target's seed warnings; those the seeds no longer state are removed (only
        those whose source is a seed: warnings written by the application stay)."""
        kept = [self.warn(target, spec) for spec in specs]
        self.prune(
            DataWarning,
            {
                "content_type": ContentType.objects.get_for_model(target),
                "object_id": target.pk,
                "source__startswith": SEED_SOURCE_PREFIX,
            },
            kept,
        )
