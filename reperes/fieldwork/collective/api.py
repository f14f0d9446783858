"""Read-only API of the collective actions, addressed by a random ``public_id``; participants
as counts only."""

from __future__ import annotations

from django.db.models import Count
from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from reperes.fieldwork.api_base import FieldOnly
from reperes.fieldwork.collective.models import CollectiveAction, ParticipantCount
from reperes.fieldwork.partners.models import Partner


class ParticipantCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = ParticipantCount
        fields = ["gender", "age_band", "quartier", "count"]


class CollectiveActionSerializer(serializers.ModelSerializer):
    """Participants as numbers only: how many known youths, and the anonymous counts. No
    youth identifier ever leaves through this endpoint."""

    known_youths = serializers.IntegerField(read_only=True)
    participant_counts = ParticipantCountSerializer(
        source="anonymous_participants", many=True, read_only=True
    )
    partners: serializers.PrimaryKeyRelatedField[Partner] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

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


class CollectiveActionViewSet(FieldOnly, viewsets.ReadOnlyModelViewSet):
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


def register(router: BaseRouter) -> None:
    router.register("collective-actions", CollectiveActionViewSet, basename="collective-action")
