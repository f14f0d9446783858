"""Structured logs without personal data: one JSON object per line, one line per request.

A request is logged by its URL *pattern* (``terrain/jeunes/<uuid:pk>/``), never by its path
(which carries record identifiers) nor its query string or body (which can carry a name typed
in a form); the user by their role, never by their name or address. A request id, taken from
the reverse proxy's ``X-Request-ID`` when it is well formed and generated otherwise, ties the
lines of one request together and is sent back in the response's ``X-Request-ID``.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("reperes.request")

_request_id: ContextVar[str] = ContextVar("reperes_request_id", default="")
_WELL_FORMED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Fields of a record that are written as they are (set through ``extra=``); every other
# attribute a library attaches (the request object, its headers) is left out.
REQUEST_FIELDS = ("method", "route", "view", "status", "duration_ms", "role")


def current_request_id() -> str:
    return _request_id.get()


def route_of(request: HttpRequest) -> str:
    """The pattern the request matched (``conventions/<int:pk>/``), or « - » when none did."""
    match = getattr(request, "resolver_match", None)
    return (match.route or "-") if match is not None else "-"


class JsonFormatter(logging.Formatter):
    """One JSON object per line (stdlib only): time (UTC), level, logger, message, the request
    id and the request fields above. Django's own request messages (« Not Found: /path ») name
    the raw path: it is replaced by the route pattern."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest) and request.path:
            message = message.replace(request.path, route_of(request))
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
        }
        request_id = getattr(record, "request_id", "") or current_request_id()
        if request_id:
            entry["request_id"] = request_id
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Logs each request once it is answered: method, route pattern, status, duration in
    milliseconds, the user's role (« anonyme » when signed out) and the request id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _WELL_FORMED_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            role = (
                (getattr(user, "role", "") or "sans rôle")
                if user and user.is_authenticated
                else "anonyme"
            )
            route = route_of(request)
            logger.info(
                "%s %s %s %.1f ms",
                request.method,
                route,
                response.status_code,
                duration_ms,
                extra={
                    "method": request.method,
                    "route": route,
                    "view": request.resolver_match.view_name if request.resolver_match else "-",
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "role": role,
                    "request_id": request_id,
                },
            )
            return response
        finally:
            _request_id.reset(token)
