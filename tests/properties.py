"""How many examples a property-based test draws, with the settings every one of them shares."""

from __future__ import annotations

from hypothesis import settings


def examples(count: int) -> settings:
    """``count`` examples, no deadline, and no example database: it would write a .hypothesis
    folder into the repository."""
    return settings(deadline=None, database=None, max_examples=count)
