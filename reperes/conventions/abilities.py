"""One permission vocabulary for views, API and templates (``get_abilities``)."""

from __future__ import annotations

from typing import Any

from reperes.accounts.enums import Role

EDITOR_ROLES = frozenset({Role.FUNDER_AGENT, Role.SERVICE_DIRECTOR})


def can_edit_conventions(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in EDITOR_ROLES


def get_abilities(user: Any, convention: Any = None) -> dict[str, bool]:
    """What ``user`` may do on a convention they can already see (visibility is the
    QuerySet's job: an invisible convention answers 404 before abilities are asked)."""
    from reperes.core.access import can_record_operator_consent

    from .actions_setup import can_set_up

    edit = can_edit_conventions(user)
    consent = convention is not None and can_record_operator_consent(user, convention)
    return {
        "view": True,
        "create": edit,
        "amend": edit,
        "sign": edit,
        "record_event": edit,
        "upload": edit,
        "download": True,
        # The operator's acceptance or refusal, and its agreement to a pending avenant.
        "decide": consent,
        # The guided set-up: a funding party's agent, while the convention is a draft.
        "set_up": can_set_up(user, convention),
    }
