"""The API answers what its published OpenAPI schema says, whoever calls it (schemathesis).

The schema is read where its users read it (``/api/v1/schema/``, signed in). Every operation in
it, reads and writes, is called as each persona of the test world, with the data the permission
matrix puts in every app (tests/*/routes.py ``make_targets``): generated parameters and bodies,
valid and invalid (schemathesis's positive and negative modes), the ``{id}`` of a path drawn
from the ids the list operations return or generated. Each response must not be a server error
and, when its status is documented, must match the schema. Writes run in the test's transaction,
rolled back at the end: the database is thrown away.

Size: ``EXAMPLES`` (6) cases per operation and persona, derandomised so that a run is
reproducible: 43 operations (41 reads, 2 writes) × 12 personas × 6 ≈ 3 100 requests, about
80 s of one core (2 min 45 s measured while other suites shared the 2 cores).
Failures are gathered, not raised at the first one, so that one run lists them all.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.core.transport import Response
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.contract import SERVER, published_schema, wrap
from tests.matrix import PERSONAS, load_route_modules

EXAMPLES = 6
CHECKS = [not_a_server_error, response_schema_conformance]


def _populate(world: dict[str, Any]) -> None:
    """The permission matrix's objects in every app: fundings, schedules, staff, records…"""
    for make_targets in load_route_modules({}, {}, set()):
        make_targets(world)


def _send(client: Client, case: Any) -> tuple[Response, BaseException | None]:
    """Make the case's request through Django's test client (the test's transaction, no CSRF
    token to forge) and wrap the answer for schemathesis's checks. The credentials schemathesis
    generates from the security schemes are dropped: the persona's session stands instead."""
    kwargs = case.as_transport_kwargs(base_url=SERVER)
    headers = {k: v for k, v in kwargs["headers"].items() if k.lower() != "authorization"}
    prepared = requests.Request(
        method=kwargs["method"],
        url=kwargs["url"],
        params=kwargs.get("params"),
        headers=headers,
        json=kwargs.get("json"),
        data=kwargs.get("data"),
        files=kwargs.get("files"),
    ).prepare()
    path, _, query = prepared.url.removeprefix(SERVER).partition("?")
    body = prepared.body or b""
    response = client.generic(
        prepared.method,
        path,  # still quoted: the test client unquotes it, once
        data=body.encode() if isinstance(body, str) else body,
        content_type=prepared.headers.get("Content-Type", ""),
        QUERY_STRING=query,
        headers={k: v for k, v in prepared.headers.items() if k.lower() != "content-type"},
    )
    answer = wrap(response, prepared)
    error = response.exc_info[1] if getattr(response, "exc_info", None) else None
    return answer, error


def _summary(failure: Failure, error: BaseException | None) -> str:
    """One line per failure: what was wrong and where in the schema, or the server's error."""
    lines = [line.strip() for line in failure.message.splitlines() if line.strip()]
    where = [line for line in lines if line.startswith("Schema at")]
    cause = f" ({type(error).__name__}: {error})" if error is not None else ""
    return " ".join([failure.title, *lines[:1], *where])[:300] + cause


def _ids(client: Client, schema: dict[str, Any], users: dict[str, Any]) -> dict[str, list[Any]]:
    """For each list operation's path, the ids of what it lists to anyone: the ``{id}`` of the
    operations below it are drawn from them, so that details are read, not only 404s."""
    ids: dict[str, set[Any]] = {}
    paths = [p for p, ops in schema["paths"].items() if "get" in ops and "{" not in p]
    for user in PERSONAS:
        client.force_login(users[user])
        for path in paths:
            data = client.get(path, {"page_size": 1000}).json()
            rows = data.get("results", []) if isinstance(data, dict) else data
            found = {row.get("id", row.get("service")) for row in rows if isinstance(row, dict)}
            ids.setdefault(path, set()).update(found - {None})
    return {path: sorted(found) for path, found in ids.items()}


def _strategy(operation: Any, pool: list[Any]) -> st.SearchStrategy:
    modes = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
    generated = [operation.as_strategy(mode) for mode in modes]
    if "{id}" not in operation.path or not pool:
        return st.one_of(generated)
    known = st.sampled_from(pool).flatmap(
        lambda pk: operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": pk})
    )
    return st.one_of(known, known, *generated)


def _pool(path: str, ids: dict[str, list[Any]]) -> list[Any]:
    """The ids for ``/api/v1/things/{id}/…``: those of ``/api/v1/things/``, or, for an operation
    without a list (a funder's consolidation), those of the organisations."""
    parent = path.split("{id}")[0]
    return ids.get(parent) or ids.get("/api/v1/organisations/", [])


@pytest.mark.django_db
def test_every_operation_as_every_persona_answers_its_schema(client, world):
    _populate(world)
    client.force_login(world["users"]["educator_a"])
    raw, schema = published_schema(client)
    ids = _ids(client, raw, world["users"])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 43
    client.raise_request_exception = False
    failures: dict[tuple[str, str], set[str]] = {}  # (operation, failure) → personas

    for operation in operations:
        strategy = _strategy(operation, _pool(operation.path, ids))
        for persona in PERSONAS:
            client.force_login(world["users"][persona])

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def call(case: Any) -> None:
                response, error = _send(client, case)
                try:
                    case.validate_response(response, checks=CHECKS)
                except* Failure as group:
                    for failure in group.exceptions:
                        where = (operation.label, _summary(failure, error))
                        failures.setdefault(where, set()).add(persona)

            call()

    report = "\n".join(
        f"{label} [{', '.join(sorted(personas))}] {message}"
        for (label, message), personas in sorted(failures.items())
    )
    assert not failures, f"{len(failures)} écarts au schéma ou erreurs serveur :\n{report}"
