"""Every write on a convention's money is one of these named actions: one transaction, with its
audit entry written in the same transaction. Errors are ``ValidationError`` in French."""

from ._common import set_if_changed
from .funding import (
    ShareInput,
    apply_evolution_rate,
    apply_funder_rate,
    save_funding,
)
from .payments import (
    create_schedule,
    generate_instalments,
    issue_call_for_funds,
    record_payment,
    record_restitution,
)

__all__ = [
    "ShareInput",
    "apply_evolution_rate",
    "apply_funder_rate",
    "create_schedule",
    "generate_instalments",
    "issue_call_for_funds",
    "record_payment",
    "record_restitution",
    "save_funding",
    "set_if_changed",
]
