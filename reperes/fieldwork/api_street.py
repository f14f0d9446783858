"""Read-only API of the field work outside per-youth records: street sessions with their
anonymous tallies, collective actions (participants as counts only), observations, partners
and partnership actions.

Seen by the educators and the director of the service only; for anyone else every list and
detail answers 404, as the pages do."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.routers import BaseRouter

from .models import (
    CollectiveAction,
    ContactCount,
    Observation,
    ParticipantCount,
    Partner,
    PartnershipAction,
    StreetSession,
    field_service_id,
)


class ContactCountSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ContactCount
        fields = ["gender", "age_band", "quartier", "count"]


class StreetSessionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    contacts = ContactCountSerializer(many=True, read_only=True)
    contacts_total = serializers.SerializerMethodField()

    class Meta:
        model = StreetSession
        fields = [
            "id",
            "service",
            "kind",
            "date",
            "duration_minutes",
            "commune",
            "quartier",
            "place",
            "contacts",
            "contacts_total",
        ]

    @extend_schema_field(serializers.IntegerField())
    def get_contacts_total(self, session: StreetSession) -> int:
        return sum(c.count for c in session.contacts.all())


class ParticipantCountSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ParticipantCount
        fields = ["gender", "age_band", "quartier", "count"]


class CollectiveActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Participants as numbers only: how many known youths, and the anonymous counts. No
    youth identifier ever leaves through this endpoint."""

    known_youths = serializers.IntegerField(read_only=True)
    participant_counts = ParticipantCountSerializer(
        source="anonymous_participants", many=True, read_only=True
    )
    partners = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = CollectiveAction
        fields = [
            "public_id",
            "service",
            "title",
            "category",
            "started_on",
            "ended_on",
            "known_youths",
            "participant_counts",
            "families_count",
            "partners",
            "funding",
            "amount",
        ]


class ObservationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
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


class PartnerSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Partner
        fields = ["id", "service", "name", "kind", "organisation", "commune", "contact"]


class PartnershipActionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    partners = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = PartnershipAction
        fields = ["id", "service", "date", "title", "partners", "hours"]


class _FieldOnly:
    """Field work exists only for its service's educators and director: 404 for anyone else,
    lists included."""

    queryset: QuerySet[Any]
    request: Any

    def get_queryset(self) -> QuerySet[Any]:
        if field_service_id(self.request.user) is None:
            raise NotFound()
        return self.queryset.visible_to(self.request.user)  # type: ignore[attr-defined]


class StreetSessionViewSet(_FieldOnly, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Street-work and social-presence sessions with their contacts, counted not named."""

    queryset = StreetSession.objects.prefetch_related("contacts").order_by("-date", "-pk")
    serializer_class = StreetSessionSerializer


class CollectiveActionViewSet(_FieldOnly, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Collective actions, addressed by a random ``public_id``; participants as counts."""

    queryset = (
        CollectiveAction.objects.annotate(known_youths=Count("participants", distinct=True))
        .prefetch_related("anonymous_participants", "partners")
        .order_by("-started_on", "-pk")
    )
    serializer_class = CollectiveActionSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "pk"
    lookup_value_regex = "[0-9a-f-]{36}"


class ObservationViewSet(_FieldOnly, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Observations of the territory, written in general terms."""

    queryset = Observation.objects.order_by("-observed_on", "-pk")
    serializer_class = ObservationSerializer


class PartnerViewSet(_FieldOnly, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """The service's partner directory: professional contacts only."""

    queryset = Partner.objects.order_by("name", "pk")
    serializer_class = PartnerSerializer


class PartnershipActionViewSet(_FieldOnly, viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Actions with partners (meetings, co-construction, hand-overs)."""

    queryset = PartnershipAction.objects.prefetch_related("partners").order_by("-date", "-pk")
    serializer_class = PartnershipActionSerializer


def register(router: BaseRouter) -> None:
    router.register("street-sessions", StreetSessionViewSet, basename="street-session")
    router.register("collective-actions", CollectiveActionViewSet, basename="collective-action")
    router.register("observations", ObservationViewSet, basename="observation")
    router.register("field-partners", PartnerViewSet, basename="field-partner")
    router.register("partnership-actions", PartnershipActionViewSet, basename="partnership-action")
