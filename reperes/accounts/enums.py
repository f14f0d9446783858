"""The roles of an account, defined with the access layer that decides on them
(``reperes.core.roles``)."""

from reperes.core.roles import FIELD_ROLES, OPERATOR_ROLES, Role

__all__ = ["FIELD_ROLES", "OPERATOR_ROLES", "Role"]
