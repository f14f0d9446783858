"""Reporting in the role × URL matrix: each sub-domain has its own routes module
(routes_reports, routes_submissions) with ROUTES, API_ROUTES, EXEMPT and make_targets(world);
this module merges them."""

from __future__ import annotations

from tests.matrix import merged_routes

ROUTES, API_ROUTES, EXEMPT, make_targets = merged_routes(
    "tests.reporting", ("routes_reports", "routes_submissions", "routes_models")
)
