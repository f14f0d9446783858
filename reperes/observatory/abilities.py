"""Who may do what in the observatory (through ``reperes.core.access`` and the conventions'
vocabulary: nobody writes the rule again).

- Zones, populations and contours are shared reference data: read by every signed-in user,
  imported by the editors of conventions (funder agents and service directors).
- A series or a dashboard is read by the members of the parties to its convention (404 for
  anyone else) and written by the editors of the organisation that publishes it (403 for the
  other members).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from reperes.conventions.abilities import can_edit_conventions


def can_import_zones(user: Any) -> bool:
    return can_edit_conventions(user) and user.organisation_id is not None


def require_import_zones(user: Any) -> None:
    if not can_import_zones(user):
        raise PermissionDenied("Votre rôle ne permet pas d'importer des zones.")


def can_publish(user: Any, owner: Any) -> bool:
    """``owner``: a series or a dashboard (its publisher decides)."""
    return can_edit_conventions(user) and user.organisation_id == owner.publisher_id


def require_publish(user: Any, owner: Any) -> None:
    if not can_publish(user, owner):
        raise PermissionDenied("Seul le partenaire qui publie peut modifier cette publication.")


def abilities(user: Any, owner: Any = None) -> dict[str, bool]:
    return {
        "view": True,
        "import_zones": can_import_zones(user),
        "create": can_import_zones(user),
        "edit": owner is not None and can_publish(user, owner),
    }
