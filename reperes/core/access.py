"""Who may see what: the one access layer (BRIEF « Who may do what (the trust boundary) »).

- **Staff of a service**: an educator or a director whose ``service`` is run by their own
  organisation (the service's operator). Anyone else — even an account whose ``service``
  field points at the service — is not its staff.
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

Every page, API view, export and job asks these functions; nobody writes the rule again.
Domain apps are imported inside the functions: ``core`` is imported by them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(model: type[M], user: Any, **lookup: Any) -> M:
    queryset = model._default_manager.visible_to(user)  # type: ignore[attr-defined]  # each model its own visible_to
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Page introuvable") from exc


def today() -> date:
    """The day access is decided on (the test suite pins it: tests/conftest.py)."""
    return timezone.localdate()


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "is_active", True)


# --------------------------------------------------------------------------- staff of a service


def staff_service_id(user: Any) -> int | None:
    """The service ``user`` is staff of: an educator or director whose organisation operates
    the service named on their account; None for everybody else."""
    from reperes.accounts.enums import OPERATOR_ROLES

    if not _authenticated(user) or user.role not in OPERATOR_ROLES:
        return None
    if not user.service_id or user.organisation_id is None:
        return None
    service = user.service  # cached on the account by the ORM
    return int(service.pk) if service.operator_id == user.organisation_id else None


def _pk(obj: Any) -> Any:
    return getattr(obj, "pk", obj)


def is_service_staff(user: Any, service: Any) -> bool:
    service_id = staff_service_id(user)
    return service_id is not None and service_id == _pk(service)


def is_service_director(user: Any, service: Any) -> bool:
    from reperes.accounts.enums import Role

    return is_service_staff(user, service) and user.role == Role.SERVICE_DIRECTOR


def is_funder_agent(user: Any) -> bool:
    from reperes.accounts.enums import Role

    return (
        _authenticated(user) and user.role == Role.FUNDER_AGENT and user.organisation_id is not None
    )


# --------------------------------------------------------------------------- conventions


def party_conventions(user: Any) -> models.QuerySet[Any]:
    """The conventions ``user``'s organisation is party to (their pages are readable)."""
    from reperes.conventions.models import Convention, Party

    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return Convention.objects.none()
    return Convention.objects.filter(
        pk__in=Party.objects.filter(organisation_id=user.organisation_id).values("convention")
    )


def accepted_by_operator(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """The conventions of ``queryset`` that their service's current operator has accepted."""
    from reperes.conventions.enums import OperatorDecision

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
    from reperes.conventions.models import Convention, Party

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
    from reperes.conventions.dates import ENDED, dates_of

    decided = convention.operator_decided_on
    return (decided is None or decided <= day) and dates_of(
        convention, day
    ).status.status not in ENDED


def _binding(queryset: models.QuerySet[Any] | None, on: date | None) -> dict[int, int]:
    """{convention id: service id} of the conventions of ``queryset`` binding on ``on``, in
    three queries (conventions, their parties, their events) whatever their number."""
    on = on or today()
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
    from reperes.conventions.models import Convention

    base = queryset if queryset is not None else Convention.objects.all()
    return base.filter(pk__in=binding_ids(base, on))


def binds(convention: Any, on: date | None = None) -> bool:
    from reperes.conventions.models import Convention

    return bool(binding_ids(Convention.objects.filter(pk=convention.pk), on))


def _funder_bindings(user: Any, on: date | None) -> dict[int, int]:
    """{convention id: service id} of the conventions binding ``user``'s organisation on
    ``on``; computed once per account object (one request), whatever the number of calls."""
    on = on or today()
    cache = user.__dict__.setdefault("_reperes_bindings", {})
    key = (user.organisation_id, on)
    if key not in cache:
        cache[key] = _binding(party_conventions(user), on)
    return cache[key]


def conventions_granting(user: Any, service: Any, on: date | None = None) -> models.QuerySet[Any]:
    """The conventions through which ``user`` (a funder agent) sees ``service`` on ``on``."""
    from reperes.conventions.models import Convention

    if not is_funder_agent(user):
        return Convention.objects.none()
    service_id = _pk(service)
    ids = [pk for pk, sid in _funder_bindings(user, on).items() if sid == service_id]
    return Convention.objects.filter(pk__in=ids)


def funder_service_ids(organisation: Any, on: date | None = None, roles: Any = None) -> set[int]:
    """The services an organisation holds a binding convention on (as any party, or in
    ``roles`` only)."""
    from reperes.conventions.models import Convention, Party

    parties = Party.objects.filter(organisation_id=_pk(organisation))
    if roles is not None:
        parties = parties.filter(role__in=roles)
    queryset = Convention.objects.filter(pk__in=parties.values("convention"))
    return set(_binding(queryset, on).values())


def services_visible_to(user: Any, on: date | None = None) -> models.QuerySet[Any]:
    """Services whose data (staff register, reports, submissions) ``user`` may see on ``on``:
    their own service for its staff; the services of the conventions binding their
    organisation for a funder agent; none for anybody else (the DPO and the platform
    administrators see registers and the audit trail, not a service's data)."""
    from reperes.partners.models import Service

    own = staff_service_id(user)
    if own is not None:
        return Service.objects.filter(pk=own)
    if is_funder_agent(user):
        return Service.objects.filter(pk__in=set(_funder_bindings(user, on).values()))
    return Service.objects.none()


# --------------------------------------------------------------------------- operator's consent


def can_record_operator_consent(user: Any, convention: Any) -> bool:
    """The operator's own service director, or a platform administrator (who must then give
    the evidence of the signed document)."""
    from reperes.accounts.enums import Role

    if convention.service_id is None or not _authenticated(user):
        return False
    if user.role == Role.PLATFORM_ADMIN:
        return True
    return is_service_director(user, convention.service)


# --------------------------------------------------------------------------- secrecy floor


def secrecy_floor() -> tuple[int, int]:
    """The platform's floor (threshold, zone), set in settings only."""
    return settings.REPERES_SECRECY_FLOOR_THRESHOLD, settings.REPERES_SECRECY_FLOOR_ZONE


def secrecy_floor_errors(
    threshold: int | None = None, zone_floor: int | None = None
) -> dict[str, str]:
    floor_threshold, floor_zone = secrecy_floor()
    errors = {}
    if threshold is not None and threshold < floor_threshold:
        errors["secrecy_threshold"] = (
            f"Le seuil du secret statistique ne peut pas descendre sous le plancher de la "
            f"plateforme ({floor_threshold})."
        )
    if zone_floor is not None and zone_floor < floor_zone:
        errors["secrecy_zone_floor"] = (
            f"L'effectif minimal d'une zone ne peut pas descendre sous le plancher de la "
            f"plateforme ({floor_zone})."
        )
    return errors


def effective_secrecy(convention: Any | None) -> tuple[int, int]:
    """(threshold, zone floor) applied to what leaves a service under ``convention``: the
    convention's own rule, never below the platform's floor."""
    floor_threshold, floor_zone = secrecy_floor()
    if convention is None:
        return floor_threshold, floor_zone
    return (
        max(floor_threshold, convention.secrecy_threshold),
        max(floor_zone, convention.secrecy_zone_floor),
    )
