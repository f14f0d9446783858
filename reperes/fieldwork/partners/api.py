"""Read-only API of the partner directory, partnership actions and observations of the
territory."""

from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from reperes.fieldwork.api_base import FieldOnly
from reperes.fieldwork.partners.models import Observation, Partner, PartnershipAction


class ObservationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Observation
        fields = [
            "id",
            "service",
            "observed_on",
            "topic",
            "commune",
            "quartier",
            "text",
            "shareable",
        ]


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "service", "name", "kind", "organisation", "commune", "contact"]


class PartnershipActionSerializer(serializers.ModelSerializer):
    partners: serializers.PrimaryKeyRelatedField[Partner] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = PartnershipAction
        fields = ["id", "service", "date", "title", "partners", "hours"]


class ObservationViewSet(FieldOnly, viewsets.ReadOnlyModelViewSet):
    """Observations of the territory, written in general terms."""

    queryset = Observation.objects.order_by("-observed_on", "-pk")
    serializer_class = ObservationSerializer


class PartnerViewSet(FieldOnly, viewsets.ReadOnlyModelViewSet):
    """The service's partner directory: professional contacts only."""

    queryset = Partner.objects.order_by("name", "pk")
    serializer_class = PartnerSerializer


class PartnershipActionViewSet(FieldOnly, viewsets.ReadOnlyModelViewSet):
    """Actions with partners (meetings, co-construction, hand-overs)."""

    queryset = PartnershipAction.objects.prefetch_related("partners").order_by("-date", "-pk")
    serializer_class = PartnershipActionSerializer


def register(router: BaseRouter) -> None:
    router.register("observations", ObservationViewSet, basename="observation")
    router.register("field-partners", PartnerViewSet, basename="field-partner")
    router.register("partnership-actions", PartnershipActionViewSet, basename="partnership-action")
