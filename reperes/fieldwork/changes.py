"""« These services' field records have changed »: one signal for every write that can move a
figure of the catalogue, whichever way it is made.

Figures computed once and kept (``reperes.reporting.figures_store``) are out of date as soon
as a record they were computed from is written. Fieldwork does not know who keeps figures (it
sits below reporting); it says which services changed, with ``records_changed``, and the
keepers listen.

Two ways in:
- a model instance saved or deleted, or a many-to-many link added or removed through its
  manager: the receivers below, connected by ``FieldworkConfig.ready``, find the service;
- a bulk write (``bulk_create``, ``QuerySet.update``, raw SQL), which sends no model signal:
  the code that makes it calls ``announce`` with the services it wrote for. Every such write
  of the product does (the synthetic generator, the time grid, the anonymous counts), and
  ``tests/fieldwork/test_changes.py`` writes through each of them.

``QuerySet.delete()`` needs nothing: with a receiver connected, Django deletes object by object
and sends ``post_delete`` for each.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal

# Sent with ``service_ids``: a set of service primary keys.
records_changed = Signal()


def announce(service_ids: Iterable[int | None]) -> None:
    """The records of these services have changed (a bulk write the model signals miss)."""
    ids = {pk for pk in service_ids if pk is not None}
    if ids:
        records_changed.send(sender=None, service_ids=ids)


def _service_id(instance: Any) -> int | None:
    """The service owning a record: its own, its staff member's, or its action's."""
    if hasattr(instance, "service_id"):
        return instance.service_id
    if hasattr(instance, "staff_id"):  # a time entry
        return _owner_service(instance, "staff")
    if hasattr(instance, "action_id"):  # an anonymous count of a collective action
        return _owner_service(instance, "action")
    return None


def _owner_service(instance: Any, link: str) -> int | None:
    """The service of the record ``instance`` links to through ``link``: read from the linked
    record where the instance already holds it (a time entry saved with its staff member, as
    the time grid does for each educator of a session), else with one query of its column."""
    field = instance._meta.get_field(link)
    if field.is_cached(instance):
        owner = field.get_cached_value(instance)
        return owner.service_id if owner is not None else None
    return (
        field.related_model.objects.filter(pk=getattr(instance, field.attname))
        .values_list("service_id", flat=True)
        .first()
    )


def _record_written(instance: Any, **_kwargs: Any) -> None:
    announce([_service_id(instance)])


def _choice_written(instance: Any, **_kwargs: Any) -> None:
    """A problem's label renamed or removed: the services whose accompaniments name it."""
    from reperes.fieldwork.models import Accompaniment

    announce(
        Accompaniment.problems.through.objects.filter(choiceitem_id=instance.pk)
        .values_list("accompaniment__service_id", flat=True)
        .distinct()
    )


def _links_changed(
    instance: Any, action: str, model: Any, pk_set: set[int] | None, **_kwargs: Any
) -> None:
    """A problem added to or removed from an accompaniment, a youth to or from an action,
    through either side's manager."""
    if hasattr(instance, "service_id"):  # an accompaniment, an action or a youth
        if action.startswith("post_"):
            announce([instance.service_id])
    elif action == "pre_clear":  # a choice item's manager: its accompaniments, before
        _choice_written(instance)
    elif action.startswith("post_") and pk_set:  # the accompaniments named
        announce(model.objects.filter(pk__in=pk_set).values_list("service_id", flat=True))


def connect() -> None:
    """Connect the receivers: every model a figure of the catalogue reads."""
    from reperes.fieldwork.models import (
        Accompaniment,
        ChoiceItem,
        CollectiveAction,
        Family,
        ParticipantCount,
        StreetSession,
        TimeEntry,
        Youth,
    )
    from reperes.people.models import StaffMember

    for model in (
        Youth,
        Accompaniment,
        CollectiveAction,
        Family,
        ParticipantCount,
        StreetSession,
        TimeEntry,
        StaffMember,
    ):
        post_save.connect(_record_written, sender=model, dispatch_uid=f"changes-{model.__name__}")
        post_delete.connect(
            _record_written, sender=model, dispatch_uid=f"changes-del-{model.__name__}"
        )
    post_save.connect(_choice_written, sender=ChoiceItem, dispatch_uid="changes-ChoiceItem")
    pre_delete.connect(_choice_written, sender=ChoiceItem, dispatch_uid="changes-del-ChoiceItem")
    for through in (Accompaniment.problems.through, CollectiveAction.participants.through):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"changes-{through}")
