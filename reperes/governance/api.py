"""Read-only API: ``/api/v1/bodies/`` and ``/api/v1/meetings/``, with the pages' visibility.

Invitations are counted, never listed: the API does not hand out the invitees' addresses.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.routers import BaseRouter

from reperes.partners.models import Organisation

from .actions import BODY_FIELDS
from .compliance import ComplianceCalculator, parse_year, with_related
from .models import Body, Meeting, Seat

YEAR_PARAM = OpenApiParameter(
    "year",
    OpenApiTypes.INT,
    description="Année du bilan réunions tenues / réunions dues (défaut : l'année en cours).",
)


class SeatSerializer(serializers.ModelSerializer):
    organisation: serializers.StringRelatedField[Organisation] = serializers.StringRelatedField()

    class Meta:
        model = Seat
        fields = ["label", "organisation", "count"]


class ComplianceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    state = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field: DRF pops it from the class
    summary = serializers.CharField()
    required = serializers.IntegerField(allow_null=True)  # type: ignore[assignment]  # a declared field: DRF pops it from the class
    held = serializers.IntegerField()
    planned = serializers.IntegerField()
    missing = serializers.IntegerField()
    minimum = serializers.BooleanField()
    overdue = serializers.BooleanField()
    overdue_since = serializers.DateField(allow_null=True)
    next_due = serializers.DateField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())


class BodySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    convention_title = serializers.CharField(source="convention.__str__")
    organiser = serializers.CharField(source="organiser.organisation.__str__")
    seats = SeatSerializer(many=True, read_only=True)
    compliance = serializers.SerializerMethodField()

    class Meta:
        model = Body
        fields = [
            "id",
            "convention",
            "convention_title",
            *BODY_FIELDS,
            "kind_label",
            "seats",
            "compliance",
        ]

    @extend_schema_field(ComplianceSerializer)
    def get_compliance(self, body: Body) -> dict[str, Any]:
        return ComplianceSerializer(self.context["compliance"](body)).data


class MeetingDocumentSerializer(serializers.Serializer):
    title = serializers.CharField()
    due_days_before = serializers.IntegerField()
    due_on = serializers.DateField()
    received_on = serializers.DateField(allow_null=True)


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    body_name = serializers.CharField(source="body.name")
    status_label = serializers.CharField(source="get_status_display")
    invitations = serializers.IntegerField(source="invitation_count")
    present = serializers.IntegerField(source="present_count")
    decisions = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    has_minutes_file = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "body_name",
            "starts_at",
            "ends_at",
            "place",
            "agenda",
            "status",
            "status_label",
            "cancellation_reason",
            "minutes",
            "has_minutes_file",
            "decisions",
            "invitations",
            "present",
            "documents",
        ]

    def get_decisions(self, meeting: Meeting) -> list[str]:
        return [d.text for d in meeting.decisions.all()]

    @extend_schema_field(MeetingDocumentSerializer(many=True))
    def get_documents(self, meeting: Meeting) -> list[dict[str, Any]]:
        documents: list[dict[str, Any]] = []
        for document in meeting.documents.all():
            document.meeting = meeting
            documents.append(MeetingDocumentSerializer(document).data)
        return documents

    def get_has_minutes_file(self, meeting: Meeting) -> bool:
        return bool(meeting.minutes_file)


def _year(request: Any) -> int:
    today = timezone.localdate()
    year = parse_year(request.query_params.get("year"), today.year)
    if year is None:
        raise ValidationError({"year": "Année invalide : indiquez par exemple 2025."})
    return year


@extend_schema_view(
    list=extend_schema(parameters=[YEAR_PARAM]), retrieve=extend_schema(parameters=[YEAR_PARAM])
)
class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BodySerializer

    def get_queryset(self) -> QuerySet[Body]:
        return with_related(Body.objects.visible_to(self.request.user).order_by("pk"))

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["compliance"] = ComplianceCalculator(_year(self.request), timezone.localdate())
        return context


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MeetingSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "pk"
    lookup_value_regex = "[0-9a-f-]{36}"

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("body")
            .prefetch_related("decisions", "documents")
            .annotate(
                invitation_count=Count("invitations", distinct=True),
                present_count=Count(
                    "attendances", filter=Q(attendances__present=True), distinct=True
                ),
            )
            .order_by("-starts_at", "pk")
        )


def register(router: BaseRouter) -> None:
    router.register("bodies", BodyViewSet, basename="body")
    router.register("meetings", MeetingViewSet, basename="meeting")
