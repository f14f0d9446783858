"""The published OpenAPI schema, and Django test responses in the form schemathesis checks."""

from __future__ import annotations

import json
from typing import Any

import requests
import schemathesis
from django.test import Client
from django.urls import reverse
from schemathesis.core.transport import Response

SERVER = "http://testserver"


def published_schema(client: Client) -> tuple[dict[str, Any], Any]:
    """The schema as a signed-in user reads it at /api/v1/schema/: raw, and loaded."""
    answer = client.get(reverse("api:schema"), {"format": "json"})
    assert answer.status_code == 200
    raw = json.loads(answer.content)
    return raw, schemathesis.openapi.from_dict(raw)


def wrap(response: Any, request: requests.PreparedRequest) -> Response:
    """A Django test response as schemathesis's Response, read to its end."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Response(
        status_code=response.status_code,
        headers={k: [v] for k, v in response.headers.items()},
        content=content,
        request=request,
        elapsed=0.0,
        verify=False,
        encoding="utf-8",
    )


def get(client: Client, path: str) -> Response:
    """GET ``path`` through the test client, wrapped for schemathesis."""
    return wrap(client.get(path), requests.Request("GET", SERVER + path).prepare())
