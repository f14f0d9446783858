"""Help routes in the role × URL matrix: every signed-in account reads every help page."""

from __future__ import annotations

from reperes.help.content import ROLES
from tests.matrix import everyone

ROUTES = {
    "help:index": (None, everyone(200)),
    "help:glossary": (None, everyone(200)),
    "help:indicators": (None, everyone(200)),
    **{role.url_name: (None, everyone(200)) for role in ROLES},
}


def make_targets(world) -> dict[str, object]:
    return {}
