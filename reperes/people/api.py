"""Read-only API of the personnel app, with the pages' visibility (``visible_to``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from .actions import STAFF_FIELDS
from .models import ChangeRequest, StaffingLine, StaffMember


class StaffingLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffingLine
        fields = ["id", "service", "year", "category", "planned_fte", "source"]


class StaffMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffMember
        fields = ["public_id", "service", *STAFF_FIELDS]


class ChangeRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "service",
            "kind",
            "title",
            "description",
            "amount",
            "category",
            "year",
            "planned_fte",
            "requested_on",
            "status",
            "decided_on",
            "decision_text",
        ]


class _Visible:
    queryset: QuerySet[Any]

    def get_queryset(self) -> QuerySet[Any]:
        return self.queryset.visible_to(self.request.user)  # type: ignore[attr-defined]  # each model's QuerySet has visible_to


class StaffingLineViewSet(_Visible, viewsets.ReadOnlyModelViewSet):
    """The staffing tables (ETP planned per category and year)."""

    queryset = StaffingLine.objects.order_by("service_id", "year", "category")
    serializer_class = StaffingLineSerializer


class StaffMemberViewSet(_Visible, viewsets.ReadOnlyModelViewSet):
    """The staff register, addressed by a random ``public_id`` (never a sequential id)."""

    queryset = StaffMember.objects.order_by("service_id", "category", "display_name", "pk")
    serializer_class = StaffMemberSerializer
    lookup_field = "public_id"
    lookup_url_kwarg = "pk"
    lookup_value_regex = "[0-9a-f-]{36}"


class ChangeRequestViewSet(_Visible, viewsets.ReadOnlyModelViewSet):
    """Requests for prior written approval (investments, loans, staffing changes)."""

    queryset = ChangeRequest.objects.order_by("service_id", "-requested_on", "-pk")
    serializer_class = ChangeRequestSerializer


def register(router: BaseRouter) -> None:
    router.register("staffing", StaffingLineViewSet, basename="staffing-line")
    router.register("staff", StaffMemberViewSet, basename="staff-member")
    router.register("change-requests", ChangeRequestViewSet, basename="change-request")
