"""What a meeting's agenda lists besides its written text: items other apps register.

Governance never imports the domain apps that feed its agenda (the dependency points from them
to governance): an app registers a provider in its ``AppConfig.ready`` — a function of the
meeting and the reader that returns ``AgendaItem``s, already limited to what the reader may see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgendaItem:
    heading: str
    label: str
    url: str = ""
    note: str = ""


Provider = Callable[[Any, Any], Sequence[AgendaItem]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def items_for(meeting: Any, user: Any) -> list[AgendaItem]:
    items: list[AgendaItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(meeting, user))
    return items
