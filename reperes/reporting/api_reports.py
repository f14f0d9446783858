"""Read-only API of the reports: the same published tables as the pages, PDF and spreadsheets.

``GET /api/reports/`` lists the reports the user may open; ``GET /api/reports/<service>/
?modele=…&periode=…`` gives one, under statistical secrecy for anyone outside the service.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from reperes.core import access as core_access
from reperes.core import params
from reperes.core.cells import json_value

from . import access, views_reports
from .obligations import by_model, default_period, report_obligations, sources
from .publication_content import definitions_json, from_json, header_of, table_cells
from .publications import visible_publications
from .reports import MODELS, Report


def serialise(report: Report) -> dict[str, Any]:
    return {
        **header_of(report),
        "sections": [
            {
                "title": section.title,
                "intro": section.intro,
                "items": list(section.items),
                "narratives": [
                    {"part": n.part, "title": n.title, "text": n.text} for n in section.narratives
                ],
                "tables": [
                    {**table_cells(table), "definitions": definitions_json(table.definitions)}
                    for table in section.tables
                ],
            }
            for section in report.sections
        ],
    }


def _publication_entry(publication: Any) -> dict[str, Any]:
    return {
        "model": publication.model_key,
        "period": publication.period_key,
        "start": publication.period_start.isoformat(),
        "end": publication.period_end.isoformat(),
        "kind": publication.period_kind,
        "version": publication.version,
        "published_at": publication.created_at.isoformat(),
        "reason": publication.reason,
        "url": reverse("api:report-detail", kwargs={"pk": publication.service_id})
        + f"?modele={publication.model_key}&periode={publication.period_key}"
        f"&version={publication.version}",
    }


def published(publication: Any, user: Any) -> dict[str, Any]:
    """A publication as the API serves it: its frozen content, and the other versions."""
    versions = visible_publications(user, publication.service).filter(
        model_key=publication.model_key, period_key=publication.period_key
    )
    content = publication.content
    # Publications frozen before decimals were normalised hold « 3.83000000000000 ».
    sections = [
        {
            **section,
            "tables": [
                {**t, "cells": [[json_value(from_json(v)) for v in line] for line in t["cells"]]}
                for t in section["tables"]
            ],
        }
        for section in content["sections"]
    ]
    return {
        **content,
        "sections": sections,
        "published_at": publication.created_at.isoformat(),
        "versions": [_publication_entry(p) for p in versions.order_by("version")],
    }


# The list is an array of services; « models » only for the service's own staff.
REPORT_ENTRIES = inline_serializer(
    "ReportEntry",
    many=True,
    fields={
        "service": serializers.IntegerField(),
        "name": serializers.CharField(),
        "models": serializers.ListField(child=serializers.DictField(), required=False),
        "publications": serializers.ListField(child=serializers.DictField()),
    },
)


class ReportViewSet(viewsets.ViewSet):
    """Activity reports of the services, in each convention's model: the service's own staff
    compute them over any period; anyone else reads the publications."""

    lookup_value_regex = r"[0-9]{1,18}"

    @extend_schema(operation_id="reports_list", responses=REPORT_ENTRIES)
    def list(self, request: Request) -> Response:
        params.refuse_unknown(request.query_params, ())
        today = core_access.today()
        services = access.visible_services(request.user).order_by("name")
        result = []
        for service in services:
            staff = access.is_service_staff(request.user, service)
            entry: dict[str, Any] = {"service": service.pk, "name": service.name}
            if staff:
                entry["models"] = []
                for key, obligations in by_model(report_obligations(service, today)).items():
                    period = default_period(obligations[0], today, service)
                    entry["models"].append(
                        {
                            "model": key,
                            "title": MODELS[key].title,
                            "source": sources(obligations),
                            "periodicity": obligations[0].periodicity,
                            "due": [o.due.describe() for o in obligations],
                            "period": period.key,
                            "url": reverse("api:report-detail", kwargs={"pk": service.pk})
                            + f"?modele={key}&periode={period.key}",
                        }
                    )
            entry["publications"] = [
                _publication_entry(p)
                for p in visible_publications(request.user, service).order_by(
                    "model_key", "period_start", "period_end", "version"
                )
            ]
            result.append(entry)
        return Response(result)

    @extend_schema(
        operation_id="reports_retrieve",
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="Le service."),
            OpenApiParameter("modele", str, description="Le modèle de rapport."),
            OpenApiParameter("periode", str, description="La période publiée (2024, 2024-T2…)."),
            OpenApiParameter("version", int, description="La version (la dernière sinon)."),
        ],
    )
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        params.refuse_unknown(request.query_params, ("modele", "periode", "version"))
        django_request: HttpRequest = request._request
        django_request.user = request.user
        try:
            asked, report = views_reports.make_report(django_request, int(pk or 0))
        except views_reports.NotPublished as missing:
            return Response(
                {
                    "detail": "Ce rapport n'est pas publié pour cette période ou cette "
                    "version. Hors du service, seuls les rapports publiés se lisent.",
                    "publications": [
                        _publication_entry(p)
                        for p in visible_publications(request.user, missing.service)
                    ],
                },
                status=404,
            )
        except views_reports.NotOwed as missing:
            return Response({"detail": str(missing)}, status=404)
        if asked.publication is not None:
            return Response(published(asked.publication, request.user))
        return Response(serialise(report))


def register(router: BaseRouter) -> None:
    router.register("reports", ReportViewSet, basename="report")
