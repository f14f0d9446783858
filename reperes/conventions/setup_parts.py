"""The parts of a convention that upper apps own, written by the guided set-up and the import
through them: money (funding, schedules, instalments) and governance (bodies).

``conventions`` sits below ``money`` and ``governance`` (docs/architecture.md): it never imports
them. Each registers here, from its ``AppConfig.ready``, the writers the set-up asks for by name
(``money/setup.py``, ``governance/setup.py``) and what a copied convention takes from its
source. The set-up's own actions (``actions_setup``) check the draft and open the transaction
before they call a writer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from .enums import PartyRole
from .models import Convention, Party

# The writers the set-up asks for, each registered once by the app that owns the part.
SAVE_PAYMENTS = "payments.save"
REMOVE_PAYMENTS = "payments.remove"
ADD_BODY = "body.add"
REMOVE_BODY = "body.remove"

_WRITERS: dict[str, Callable[..., Any]] = {}


class Copier(Protocol):
    def __call__(
        self,
        actor: Any,
        source: Convention,
        convention: Convention,
        new_party: Mapping[int, Party],
        /,
    ) -> None: ...


_COPIERS: list[Copier] = []


def writes(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the writer of ``name`` (one of the constants above); usable as a decorator."""

    def register(writer: Callable[..., Any]) -> Callable[..., Any]:
        _WRITERS[name] = writer
        return writer

    return register


def writer(name: str) -> Callable[..., Any]:
    try:
        return _WRITERS[name]
    except KeyError as exc:  # an app of the project is not installed: a wiring error
        raise LookupError(f"No set-up writer registered for {name!r}.") from exc


def copies(copier: Copier) -> Copier:
    """Register what a copied convention takes from its source (its bodies, the shape of its
    schedules); usable as a decorator."""
    if copier not in _COPIERS:
        _COPIERS.append(copier)
    return copier


def copy_parts(
    actor: Any, source: Convention, convention: Convention, new_party: Mapping[int, Party]
) -> None:
    for copier in _COPIERS:
        copier(actor, source, convention, new_party)


def mapped_party(
    party: Party, new_party: Mapping[int, Party], convention: Convention
) -> Party | None:
    """The copy's party standing where ``party`` stood in the source (the operator is the new
    service's operator; the others by organisation); None when it is not a party of the copy."""
    if party.role == PartyRole.OPERATOR:
        return convention.parties.filter(role=PartyRole.OPERATOR).first()
    return new_party.get(party.organisation_id)
