"""Who is who: the lower half of the one access layer (BRIEF « Who may do what (the trust
boundary) »). What a convention grants — party, binding on a date, a funder agent's services — is
its upper half, ``reperes.conventions.access``, which asks these functions.

- **Staff of a service**: an educator or a director whose ``service`` is run by their own
  organisation (the service's operator). Anyone else — even an account whose ``service``
  field points at the service — is not its staff.
Every page, API view, export and job asks these functions; nobody writes the rule again.
The roles are ``core.roles`` (``accounts.enums`` re-exports them): ``core`` imports no app.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404
from django.utils import timezone

from .roles import OPERATOR_ROLES, Role

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
    if not _authenticated(user) or user.role not in OPERATOR_ROLES:
        return None
    if not user.service_id or user.organisation_id is None:
        return None
    service = user.service  # cached on the account by the ORM
    return int(service.pk) if service.operator_id == user.organisation_id else None


def pk_of(obj: Any) -> Any:
    return getattr(obj, "pk", obj)


def is_service_staff(user: Any, service: Any) -> bool:
    service_id = staff_service_id(user)
    return service_id is not None and service_id == pk_of(service)


def is_service_director(user: Any, service: Any) -> bool:
    return is_service_staff(user, service) and user.role == Role.SERVICE_DIRECTOR


def is_funder_agent(user: Any) -> bool:
    return (
        _authenticated(user) and user.role == Role.FUNDER_AGENT and user.organisation_id is not None
    )


# --------------------------------------------------------------------------- operator's consent


def can_record_operator_consent(user: Any, convention: Any) -> bool:
    """The operator's own service director, or a platform administrator (who must then give
    the evidence of the signed document)."""
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
