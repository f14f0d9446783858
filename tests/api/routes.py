"""The API's schema and its documentation page in the role × URL matrix: every signed-in user
reads them (they describe the API, no data); anonymous gets 401 or 403."""

from __future__ import annotations

from tests.matrix import everyone

API_ROUTES = {
    "api:schema": (None, everyone(200)),
    "api:docs": (None, everyone(200)),
}


def make_targets(world) -> dict[str, int]:
    return {}
