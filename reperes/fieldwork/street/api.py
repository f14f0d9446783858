"""Read-only API of the street sessions with their anonymous tallies. Seen by the educators
and the director of the service only; for anyone else every list and detail answers 404."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from reperes.fieldwork.api_base import FieldOnly
from reperes.fieldwork.street.models import ContactCount, StreetSession


class ContactCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactCount
        fields = ["gender", "age_band", "quartier", "count"]


class StreetSessionSerializer(serializers.ModelSerializer):
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


class StreetSessionViewSet(FieldOnly, viewsets.ReadOnlyModelViewSet):
    """Street-work and social-presence sessions with their contacts, counted not named."""

    queryset = StreetSession.objects.prefetch_related("contacts").order_by("-date", "-pk")
    serializer_class = StreetSessionSerializer


def register(router: BaseRouter) -> None:
    router.register("street-sessions", StreetSessionViewSet, basename="street-session")
