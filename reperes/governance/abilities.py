"""What a user may do on the bodies and meetings of a convention they can see.

The convention's vocabulary decides (``reperes.conventions.abilities``): whoever may amend the
convention — its parties' funder agents and service directors — convenes and records its
meetings; every member of a party reads them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from reperes.conventions.abilities import get_abilities


def governance_abilities(user: Any, convention: Any = None) -> dict[str, bool]:
    edit = get_abilities(user, convention)["amend"]
    return {"view": True, "edit": edit, "download": True}


def require_edit(user: Any, convention: Any) -> None:
    if not governance_abilities(user, convention)["edit"]:
        raise PermissionDenied("Votre rôle ne permet pas de modifier les instances.")
