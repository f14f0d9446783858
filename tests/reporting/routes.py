"""Reporting in the role × URL matrix: each sub-domain has its own routes module
(routes_reports, routes_submissions) with ROUTES, API_ROUTES, EXEMPT and make_targets(world);
this module merges them."""

from __future__ import annotations

import importlib

_SUBMODULES = ("routes_reports", "routes_submissions")
ROUTES: dict = {}
API_ROUTES: dict = {}
EXEMPT: set = set()
_makers = []
for _name in _SUBMODULES:
    try:
        _module = importlib.import_module(f"tests.reporting.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.reporting.{_name}":
            raise
        continue
    ROUTES.update(getattr(_module, "ROUTES", {}))
    API_ROUTES.update(getattr(_module, "API_ROUTES", {}))
    EXEMPT.update(getattr(_module, "EXEMPT", set()))
    _makers.append(_module.make_targets)


def make_targets(world) -> dict:
    targets: dict = {}
    for maker in _makers:
        targets.update(maker(world))
    return targets
