"""What a convention grants: the half of the access layer that conventions decide
(BRIEF « Who may do what (the trust boundary) »; who is who — staff of a service, funder agent,
the day access is decided on — is ``reperes.core.access``).

- **Party to a convention**: a member of an organisation party to it. A party reads the
  convention's page whatever its state (draft, refused, ended).
- **A convention binds on a date** when the service's current operator has accepted it
  (recorded by its own director, or by a platform administrator on the evidence of the signed
  document), the acceptance is not after that date, and the convention has not ended on that
  date (withdrawal, termination, expiry, the end of the convention whose fate it follows,
  renewals included: ``reperes.conventions.dates``). A funder's recording « signée » opens
  nothing by itself.
- **A funder agent sees a service's data** (staff register, reports, submissions) only through
  a convention that binds on that date and to which its organisation is party.

Every page, API view, export and job asks these functions; nobody writes the rule again. The
day is read through ``core_access.today()`` (the test suite pins it there).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models

from reperes.core import access as core_access
from reperes.partners.models import Service

from .dates import ENDED, dates_of
from .enums import OperatorDecision
from .models import Convention, Party


def party_conventions(user: Any) -> models.QuerySet[Any]:
    """The conventions ``user``'s organisation is party to (their pages are readable)."""
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return Convention.objects.none()
    return Convention.objects.filter(
        pk__in=Party.objects.filter(organisation_id=user.organisation_id).values("convention")
    )


def accepted_by_operator(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The conventions of ``queryset`` that their service's current operator has accepted."""
    return queryset.filter(
        service__isnull=False,
        operator_decision=OperatorDecision.ACCEPTED,
        operator_decision_org=models.F("service__operator"),
    )


def binding_ids(queryset: models.QuerySet[Any] | None = None, on: date | None = None) -> list[int]:
    """Ids of the conventions of ``queryset`` (all by default) that bind on ``on``."""
    return list(_binding(queryset, on))


def _candidates(queryset: models.QuerySet[Any] | None, latest: date) -> models.QuerySet[Any]:
    """The conventions of ``queryset`` their operator accepted by ``latest``, with what their
    dates need (three queries: conventions, parties, events)."""
    return (
        accepted_by_operator(queryset if queryset is not None else Convention.objects.all())
        .filter(
            models.Q(operator_decided_on__isnull=True) | models.Q(operator_decided_on__lte=latest)
        )
        .order_by()
        .select_related("follows")
        .prefetch_related(
            models.Prefetch("parties", queryset=Party.objects.select_related("organisation")),
            "events",
        )
    )


def _binds_on(convention: Any, day: date) -> bool:
    decided = convention.operator_decided_on
    return (decided is None or decided <= day) and dates_of(
        convention, day
    ).status.status not in ENDED


def _binding(queryset: models.QuerySet[Any] | None, on: date | None) -> dict[int, int]:
    """{convention id: service id} of the conventions of ``queryset`` binding on ``on``, in
    three queries (conventions, their parties, their events) whatever their number."""
    on = on or core_access.today()
    return {c.pk: c.service_id for c in _candidates(queryset, on) if _binds_on(c, on)}


def binding_on_any(queryset: models.QuerySet[Any] | None, days: Iterable[date]) -> set[int]:
    """Ids of the conventions of ``queryset`` that bind on at least one of ``days``: the same
    three queries whatever the number of days."""
    days = sorted(set(days))
    if not days:
        return set()
    return {c.pk for c in _candidates(queryset, days[-1]) if any(_binds_on(c, d) for d in days)}


def binding_conventions(
    queryset: models.QuerySet[Any] | None = None, on: date | None = None
) -> models.QuerySet[Any]:
    """The conventions that bind on ``on`` (today by default), as a QuerySet filter."""
    base = queryset if queryset is not None else Convention.objects.all()
    return base.filter(pk__in=binding_ids(base, on))


def binds(convention: Any, on: date | None = None) -> bool:
    return bool(binding_ids(Convention.objects.filter(pk=convention.pk), on))


def _funder_bindings(user: Any, on: date | None) -> dict[int, int]:
    """{convention id: service id} of the conventions binding ``user``'s organisation on
    ``on``; computed once per account object (one request), whatever the number of calls."""
    on = on or core_access.today()
    cache = user.__dict__.setdefault("_reperes_bindings", {})
    key = (user.organisation_id, on)
    if key not in cache:
        cache[key] = _binding(party_conventions(user), on)
    return cache[key]


def funder_binding_ids(user: Any, on: date | None = None) -> set[int]:
    """Ids of the conventions that bind ``user``'s organisation (a funder agent, as any party)
    on ``on``; empty for anybody else. Read once per request, as ``conventions_granting``."""
    if not core_access.is_funder_agent(user):
        return set()
    return set(_funder_bindings(user, on))


def conventions_granting(user: Any, service: Any, on: date | None = None) -> models.QuerySet[Any]:
    """The conventions through which ``user`` (a funder agent) sees ``service`` on ``on``."""
    if not core_access.is_funder_agent(user):
        return Convention.objects.none()
    service_id = core_access.pk_of(service)
    ids = [pk for pk, sid in _funder_bindings(user, on).items() if sid == service_id]
    return Convention.objects.filter(pk__in=ids)


def funder_service_ids(organisation: Any, on: date | None = None, roles: Any = None) -> set[int]:
    """The services an organisation holds a binding convention on (as any party, or in
    ``roles`` only)."""
    parties = Party.objects.filter(organisation_id=core_access.pk_of(organisation))
    if roles is not None:
        parties = parties.filter(role__in=roles)
    queryset = Convention.objects.filter(pk__in=parties.values("convention"))
    return set(_binding(queryset, on).values())


def services_visible_to(user: Any, on: date | None = None) -> models.QuerySet[Any]:
    """Services whose data (staff register, reports, submissions) ``user`` may see on ``on``:
    their own service for its staff; the services of the conventions binding their
    organisation for a funder agent; none for anybody else (the DPO and the platform
    administrators see registers and the audit trail, not a service's data)."""
    own = core_access.staff_service_id(user)
    if own is not None:
        return Service.objects.filter(pk=own)
    if core_access.is_funder_agent(user):
        return Service.objects.filter(pk__in=set(_funder_bindings(user, on).values()))
    return Service.objects.none()
