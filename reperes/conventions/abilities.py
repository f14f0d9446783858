"""One permission vocabulary for views, API and templates (``get_abilities``)."""

from __future__ import annotations

from typing import Any

from reperes.accounts.enums import Role

EDITOR_ROLES = frozenset({Role.FUNDER_AGENT, Role.SERVICE_DIRECTOR})


def can_edit_conventions(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in EDITOR_ROLES


def get_abilities(user: Any, convention: Any = None) -> dict[str, bool]:
    """What ``user`` may do on ``convention``, which they can already see (visibility is the
    QuerySet's job: an invisible convention answers 404 before abilities are asked); without a
    convention, what their role allows on conventions in general (create, set up).

    Amending, signing, recording an event and uploading need an editor's role (a funder agent,
    a service director) whose organisation is a party to the convention."""
    from reperes.conventions.access import party_conventions
    from reperes.core.access import can_record_operator_consent

    from .actions_setup import can_set_up

    create = can_edit_conventions(user)
    # On a given convention, only its parties' editors write: seeing it is not enough.
    edit = create and (
        convention is None or party_conventions(user).filter(pk=convention.pk).exists()
    )
    consent = convention is not None and can_record_operator_consent(user, convention)
    return {
        "view": True,
        "create": create,
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
