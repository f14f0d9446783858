"""Lists of problems and responses, per convention.

Every convention starts with the default list (``convention=None``, created by migration 0002:
the eight domains of seed 004 art. 2 for problems, the responses named by seed 001's
référentiel). A service director may give the service's current convention its own list: the
defaults are copied, then entries are added, deactivated or reordered. An entry is never
deleted, since past accompaniments point to it; a deactivated entry is no longer proposed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Max, Q, QuerySet

from reperes.conventions.access import accepted_by_operator, binding_conventions
from reperes.conventions.models import Convention
from reperes.core import access
from reperes.fieldwork.enums import DEFAULT_PROBLEMS, DEFAULT_RESPONSES, ChoiceKind
from reperes.fieldwork.youths.models import ChoiceItem

DEFAULTS = {ChoiceKind.PROBLEM: DEFAULT_PROBLEMS, ChoiceKind.RESPONSE: DEFAULT_RESPONSES}


def default_items(kind: str) -> QuerySet[ChoiceItem]:
    """The default list of ``kind``. Migration 0002 writes it; a database flushed since
    (``manage.py flush``, transactional tests) has none, so it is written again from the same
    enums on first use."""
    items = ChoiceItem.objects.filter(convention=None, kind=kind)
    if not items.exists():
        for order, label in enumerate(DEFAULTS[ChoiceKind(kind)]):
            ChoiceItem.objects.get_or_create(
                kind=kind, convention=None, label=label, defaults={"order": order}
            )
    return items.order_by("order", "label")


def current_convention(service: Any, on: date | None = None) -> Convention | None:
    """The service's convention in effect on ``on`` (``reperes.core.access.today`` by default): among those its
    operator has accepted (a funder's draft or a refused convention rules nothing), the one
    binding and started on the day; failing that, the one that started (then ended) last; None when the
    service has none."""
    if service is None:
        return None
    conventions = accepted_by_operator(Convention.objects.filter(service=service))
    latest = ("-starts_on", F("ends_on").desc(nulls_first=True), "-pk")
    on = on or access.today()
    in_effect = (
        binding_conventions(conventions, on)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on))
        .order_by(*latest)
        .first()
    )
    if in_effect is not None:
        return in_effect
    return conventions.order_by(*latest).first()


def has_own_list(convention: Convention | None, kind: str) -> bool:
    return (
        convention is not None
        and ChoiceItem.objects.filter(convention=convention, kind=kind).exists()
    )


def list_items(convention: Convention | None, kind: str) -> QuerySet[ChoiceItem]:
    """All entries (active or not) of the list in use: the convention's own, else the default."""
    if has_own_list(convention, kind):
        return ChoiceItem.objects.filter(convention=convention, kind=kind).order_by(
            "order", "label"
        )
    return default_items(kind)


def choice_items_for(service: Any, kind: str, on: date | None = None) -> QuerySet[ChoiceItem]:
    """The entries proposed to ``service`` for ``kind``: the active entries of its current
    convention's own list if it has one, else those of the default list."""
    return list_items(current_convention(service, on), kind).filter(active=True)


def copy_defaults(convention: Convention, kind: str) -> list[ChoiceItem]:
    """Give ``convention`` its own list, starting from the default one. Idempotent."""
    if has_own_list(convention, kind):
        return list(list_items(convention, kind))
    return [
        ChoiceItem.objects.create(
            kind=kind, convention=convention, label=item.label, order=item.order, active=item.active
        )
        for item in default_items(kind)
    ]


def next_order(convention: Convention, kind: str) -> int:
    top = ChoiceItem.objects.filter(convention=convention, kind=kind).aggregate(m=Max("order"))["m"]
    return 0 if top is None else top + 1
