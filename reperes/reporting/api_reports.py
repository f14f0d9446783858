"""Read-only API of the reports: the same published tables as the pages, PDF and spreadsheets.

``GET /api/reports/`` lists the reports the user may open; ``GET /api/reports/<service>/
?modele=…&periode=…`` gives one, under statistical secrecy for anyone outside the service.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from . import access, views_reports
from .reports import MODELS, Report


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def serialise(report: Report) -> dict[str, Any]:
    return {
        "model": report.model_key,
        "title": report.title,
        "source": report.source,
        "service": report.service_name,
        "operator": report.operator_name,
        "funders": list(report.funder_names),
        "convention": report.convention_title,
        "period": {
            "key": report.period.key,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
        },
        "sections": [
            {
                "title": section.title,
                "intro": section.intro,
                "items": list(section.items),
                "narratives": [
                    {"part": n.part, "title": n.title, "text": n.text} for n in section.narratives
                ],
                "tables": [
                    {
                        "key": table.key,
                        "title": table.title,
                        "rows": list(table.rows),
                        "columns": list(table.columns),
                        "cells": [[_value(v) for v in line] for line in table.cells],
                    }
                    for table in section.tables
                ],
            }
            for section in report.sections
        ],
    }


class ReportViewSet(viewsets.ViewSet):
    """Activity reports of the services, in each convention's model."""

    @extend_schema(operation_id="reports_list", responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        today = timezone.localdate()
        services = access.visible_services(request.user).order_by("name")
        return Response(
            [
                {
                    "service": service.pk,
                    "name": service.name,
                    "models": [
                        {
                            "model": model.key,
                            "title": model.title,
                            "period": model.default_period(today).key,
                            "url": reverse("api:report-detail", kwargs={"pk": service.pk})
                            + f"?modele={model.key}&periode={model.default_period(today).key}",
                        }
                        for model in MODELS.values()
                    ],
                }
                for service in services
            ]
        )

    @extend_schema(
        operation_id="reports_retrieve",
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="Le service."),
            OpenApiParameter("modele", str, description="Le modèle de rapport."),
            OpenApiParameter("periode", str, description="La période (2024, 2024-T2…)."),
        ],
    )
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        django_request: HttpRequest = request._request
        django_request.user = request.user
        _asked, report = views_reports.make_report(django_request, int(pk or 0))
        return Response(serialise(report))


def register(router: BaseRouter) -> None:
    router.register("reports", ReportViewSet, basename="report")
