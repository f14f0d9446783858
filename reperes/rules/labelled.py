"""Enumerations whose members carry their French label, declared next to their value.

``MET = "met", "À jour"`` declares a member whose value is ``"met"`` and whose ``label`` is
« À jour »: a rule's states and their wording live in one place instead of an enumeration
followed by a dictionary that repeats every member. Pure: no Django (``models.TextChoices``
does the same for the model fields).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self, TypeVar

__all__ = ["LabelledEnum", "labels"]


class LabelledEnum(StrEnum):
    """A ``StrEnum`` whose members are declared as ``NAME = value, label``."""

    label: str

    # ``label`` has a default only because mypy checks a lookup by value, ``State("met")``,
    # against this signature; every member states its label.
    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


E = TypeVar("E", bound=LabelledEnum)


def labels(enum: type[E]) -> dict[E, str]:
    """Every member of ``enum`` and its label, in declaration order."""
    return {member: member.label for member in enum}
