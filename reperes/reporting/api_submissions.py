"""Read-only API of the funder's consolidation: the same published tables as the page and the
exports, with each row's source and warnings.

``GET /api/consolidations/<funder>/?annee=2022`` — the funder's own agents only (404 for
everyone else), under statistical secrecy. ``year`` is accepted for ``annee`` (the response's
field is ``year``); any other parameter is refused (400).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from reperes.core import params
from reperes.core.cells import json_value

from . import views_submissions

YEAR, YEAR_ALIAS = "annee", "year"


def _year(query: Any) -> int | None:
    """``annee``, or its alias ``year``; both at once is one too many."""
    params.refuse_unknown(query, (YEAR, YEAR_ALIAS))
    if YEAR in query and YEAR_ALIAS in query:
        raise params.BadParameter(
            f"« {YEAR} » et « {YEAR_ALIAS} » désignent la même année : donnez-en un seul.",
            YEAR_ALIAS,
        )
    return params.year_param(query, YEAR_ALIAS if YEAR_ALIAS in query else YEAR)


class ConsolidationViewSet(viewsets.ViewSet):
    """A funder's consolidated activity of its services for a year (seed 001 model)."""

    # A non-numeric or oversized id is not a route (404), never an int() error (500).
    lookup_value_regex = r"[0-9]{1,18}"

    @extend_schema(
        operation_id="consolidations_retrieve",
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="Le financeur."),
            OpenApiParameter(YEAR, int, description="L'année (2022…)."),
            OpenApiParameter(
                YEAR_ALIAS,
                int,
                description=f"Synonyme de « {YEAR} », du nom du champ de la réponse ; "
                "donner l'un ou l'autre. Tout autre paramètre est refusé (400).",
            ),
        ],
    )
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        django_request: HttpRequest = request._request
        django_request.user = request.user
        year = _year(request.query_params)
        result, tables = views_submissions.published_consolidation(
            django_request, int(pk or 0), year
        )
        return Response(
            {
                "funder": result.funder.name,
                "year": result.year,
                "rows": [
                    {
                        "service": row.label,
                        "source": row.source,
                        "warnings": [f.message for f in row.findings],
                        "not_given": row.nr,
                        "notes": row.notes,
                    }
                    for row in result.rows
                ],
                "tables": [
                    {
                        "key": t.key,
                        "title": t.title,
                        "rows": list(t.rows),
                        "columns": list(t.columns),
                        "cells": [[json_value(v) for v in line] for line in t.cells],
                    }
                    for t in tables
                ],
            }
        )


def register(router: BaseRouter) -> None:
    router.register("consolidations", ConsolidationViewSet, basename="consolidation")
