"""Concurrent edits of one record: when is a write refused, and what changed in between.

Two people open the same record, both change it; without a check the second save silently
erases the first (issue 9, point 7). Each record carries a version, bumped by every write; an
edit form carries the version it was opened on and a snapshot of the values it showed. A write
from a form opened on an older version is refused when one of the form's own fields changed in
between, and the person is shown those fields: the value they started from and the value now
recorded. A write whose fields nobody touched in between applies on the latest version: it
cannot erase anything.

Values are compared as the form's field saw them (``raw``) and shown as a person reads them
(``shown``); this module never sees the record itself, only what the form put in the snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Snapshot = Mapping[str, tuple[object, str]]
"""Field name → (comparable value, value as shown)."""


@dataclass(frozen=True)
class Change:
    """A field of the form that someone else changed since the form was opened."""

    field: str
    label: str
    before: str
    now: str


def is_stale(opened_on: int, current: int) -> bool:
    """A form opened on version ``opened_on`` of a record now at ``current`` is out of date."""
    return opened_on != current


def changes_between(
    labels: Mapping[str, str], before: Snapshot | None, now: Snapshot
) -> list[Change]:
    """The fields of ``labels`` (in that order) whose value differs between the snapshot the
    form was opened with and the record now. Without a usable snapshot (``before`` is None:
    an old page, or a tampered one) nothing can be ruled out: every field is listed, with the
    value now recorded."""
    changes = []
    for name, label in labels.items():
        current = now.get(name, (None, "—"))
        if before is None:
            changes.append(Change(name, label, "—", current[1]))
            continue
        opened = before.get(name)
        if opened is None or opened[0] != current[0]:
            changes.append(Change(name, label, opened[1] if opened else "—", current[1]))
    return changes
