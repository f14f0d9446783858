from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from reperes.conventions.models import Convention, Party, Signatory
from reperes.core.params import date_param
from reperes.partners.models import Commune, Organisation, Service

from . import serializers

DATE_PARAM = OpenApiParameter(
    "date", OpenApiTypes.DATE, description="Date de calcul du statut (défaut : aujourd'hui)."
)


class VisibleQuerysetMixin:
    """Every endpoint reads through the model's ``visible_to(user)``: what a user cannot see
    answers 404, exactly as on the pages."""

    queryset: QuerySet[Any]

    def get_queryset(self) -> QuerySet[Any]:
        return self.queryset.visible_to(self.request.user)  # type: ignore[attr-defined]


class OrganisationViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    queryset = Organisation.objects.select_related("commune").prefetch_related(
        "representatives", "deliberations"
    )
    serializer_class = serializers.OrganisationSerializer


class CommuneViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    queryset = Commune.objects.prefetch_related("quartiers", "places")
    serializer_class = serializers.CommuneSerializer


class ServiceViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    queryset = Service.objects.prefetch_related(
        "communes", "authorisations", "sectors__commune", "sectors__quartiers"
    )
    serializer_class = serializers.ServiceSerializer


@extend_schema_view(
    list=extend_schema(parameters=[DATE_PARAM]), retrieve=extend_schema(parameters=[DATE_PARAM])
)
class ConventionViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    queryset = Convention.objects.prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation").prefetch_related(
                Prefetch("signatories", queryset=Signatory.objects.select_related("deliberation"))
            ),
        ),
        "communes",
        "amendments",
        "events",
    )
    serializer_class = serializers.ConventionSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        # One parameter helper: a malformed or far date is a French 400 (JSON).
        context["on"] = date_param(self.request.query_params, "date") or timezone.localdate()
        return context
