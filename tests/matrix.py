"""Shared vocabulary of the role × URL matrix (tests/test_permissions.py).

Personas come from the ``world`` fixture (tests/conftest.py). Convention A joins the
Département, the commune and operator A; convention B joins the Département and operator B.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection
from typing import Any

PERSONAS = [
    "educator_a",
    "director_a",
    "educator_b",
    "departement_agent",
    "commune_agent",
    "outsider",
    "dpo",
    "platform_admin",
    # States of consent (reperes.core.access): each sees nothing of service A's data.
    "foreign_educator",
    "draft_funder",
    "ended_funder",
    "refused_funder",
]
# Funders whose own convention on service A grants nothing (draft, ended, refused): they read
# their convention's page (tests/test_permissions.py::test_consent_states), nothing else of A.
CONSENT_FUNDERS = {"draft_funder", "ended_funder", "refused_funder"}
# Who sees convention A: members of its parties (Département, commune, operator A).
SEES_A = {"educator_a", "director_a", "departement_agent", "commune_agent", "dpo"}
# Who may change convention A: its parties' funder agents and service directors.
EDITS_A = {"director_a", "departement_agent", "commune_agent"}
# Who may create a convention at all (a draft, which grants nothing until the operator accepts).
EDITORS = {"director_a", "departement_agent", "commune_agent", "outsider", *CONSENT_FUNDERS}

Expectation = dict[str, int]
RouteTable = dict[str, tuple[str | None, Expectation]]

ROUTE_MODULES = [
    "tests.money.routes",
    "tests.people.routes",
    "tests.governance.routes",
    "tests.deadlines.routes",
    "tests.fieldwork.routes",
    "tests.reporting.routes",
    "tests.accounts.routes",
    "tests.conventions.routes",
    "tests.privacy.routes_breaches",
    "tests.privacy.routes_register",
    "tests.privacy.routes_retention",
    "tests.privacy.routes_destruction",
    "tests.privacy.routes_rights",
    "tests.api.routes",
    "tests.help.routes",
    "tests.observatory.routes",
    "tests.territory.routes",
]


def everyone(code: int) -> Expectation:
    return dict.fromkeys(PERSONAS, code)


def allowed(personas: Collection[str], otherwise: int) -> Expectation:
    """200 for ``personas``, ``otherwise`` (403 or 404) for everyone else."""
    return {p: 200 if p in personas else otherwise for p in PERSONAS}


def routes_on(target: str | None, expectation: Expectation, *names: str) -> RouteTable:
    """Several routes opened on the same ``target`` (None: no object) with the same answers."""
    return dict.fromkeys(names, (target, expectation))


def api_routes(
    *resources: tuple[str, str, Expectation], listing: Expectation | None = None
) -> RouteTable:
    """The two routes of each API resource ``(basename, target, detail)``: ``api:<basename>-list``,
    which every persona reads (filtered to what they see) unless ``listing`` says otherwise, and
    ``api:<basename>-detail``, opened on ``target`` with ``detail``'s answers."""
    routes: RouteTable = {}
    for basename, target, detail in resources:
        routes[f"api:{basename}-list"] = (None, everyone(200) if listing is None else listing)
        routes[f"api:{basename}-detail"] = (target, detail)
    return routes


def only(codes_by_persona: dict[str, int], default: int) -> Expectation:
    return {p: codes_by_persona.get(p, default) for p in PERSONAS}


def convention_page() -> Expectation:
    """Readable by the members of convention A's parties, 404 for everyone else."""
    return allowed(SEES_A, 404)


def convention_write() -> Expectation:
    """Writable by A's editors, 403 for A's read-only members, 404 for outsiders."""
    return {p: (200 if p in EDITS_A else 403) if p in SEES_A else 404 for p in PERSONAS}


def operator_consent() -> Expectation:
    """Recorded by operator A's director, or by the platform admin (on evidence; it reaches
    any convention on a service): 403 for A's other members, 404 for everyone else."""
    return {
        p: 200 if p in {"director_a", "platform_admin"} else 403 if p in SEES_A else 404
        for p in PERSONAS
    }


def load_route_modules(
    routes: RouteTable, api_routes: RouteTable, exempt: set[str]
) -> list[Callable[[Any], dict[str, int]]]:
    makers = []
    for name in ROUTE_MODULES:
        module = importlib.import_module(name)  # every app has its routes: none may be missing
        routes.update(getattr(module, "ROUTES", {}))
        api_routes.update(getattr(module, "API_ROUTES", {}))
        exempt.update(getattr(module, "EXEMPT", set()))
        makers.append(module.make_targets)
    return makers


def merged_routes(
    package: str, names: tuple[str, ...]
) -> tuple[RouteTable, RouteTable, set[str], Any]:
    """One app's routes spread over sub-domain modules (``package.name``, each with ROUTES,
    API_ROUTES, EXEMPT and make_targets(world)) merged as a single routes module."""
    routes: RouteTable = {}
    api_routes: RouteTable = {}
    exempt: set[str] = set()
    makers = []
    for name in names:
        module = importlib.import_module(f"{package}.{name}")
        routes.update(getattr(module, "ROUTES", {}))
        api_routes.update(getattr(module, "API_ROUTES", {}))
        exempt.update(getattr(module, "EXEMPT", set()))
        makers.append(module.make_targets)

    def make_targets(world: Any) -> dict[str, int]:
        targets: dict[str, int] = {}
        for maker in makers:
            targets.update(maker(world))
        return targets

    return routes, api_routes, exempt, make_targets
