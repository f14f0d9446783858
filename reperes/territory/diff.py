"""Two versions of a local diagnostic side by side: what changed in the portrait, the
observations and each written section. Pure functions over the stored versions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .models import DiagnosticVersion


@dataclass(frozen=True)
class PortraitChange:
    label: str
    unit: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class SectionChange:
    heading: str
    removed: tuple[str, ...]
    added: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _section(heading: str, before: list[str], after: list[str]) -> SectionChange:
    removed, added = [], []
    for line in difflib.ndiff(before, after):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return SectionChange(heading, tuple(removed), tuple(added))


def portrait_changes(a: DiagnosticVersion, b: DiagnosticVersion) -> list[PortraitChange]:
    before = {row["code"]: row for row in a.portrait}
    after = {row["code"]: row for row in b.portrait}
    codes = list(dict.fromkeys([*before, *after]))
    return [
        PortraitChange(
            label=(after.get(code) or before[code])["label"],
            unit=(after.get(code) or before[code])["unit"],
            before=before.get(code, {}).get("value"),
            after=after.get(code, {}).get("value"),
        )
        for code in codes
    ]


def section_changes(a: DiagnosticVersion, b: DiagnosticVersion) -> list[SectionChange]:
    changes = [
        _section(heading, _lines(getattr(a, name)), _lines(getattr(b, name)))
        for name, heading in DiagnosticVersion.TEXT_SECTIONS
    ]
    observations = _section(
        "Observations de l'équipe",
        [f"{o['date']} — {o['topic']} : {o['text']}" for o in a.observations],
        [f"{o['date']} — {o['topic']} : {o['text']}" for o in b.observations],
    )
    return [*changes, observations]
