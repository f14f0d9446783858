"""Read-only API of the money: ``/api/v1/fundings/`` and ``/api/v1/instalments/``, with the
convention's visibility. Amounts are strings ("245000.00"), never floats."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.routers import BaseRouter

from reperes.core.api import DATE_PARAM, OnDateMixin, VisibleQuerysetMixin

from .funding import funding_view
from .models import Funding, FundingShare, Instalment


class FundingShareSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(
        source="party.organisation.name", default=None, allow_null=True
    )
    label = serializers.CharField(source="display_label")  # type: ignore[assignment]  # a declared field: DRF pops it from the class

    class Meta:
        model = FundingShare
        fields = [
            "id",
            "parent",
            "party",
            "organisation",
            "label",
            "stated_percent",
            "stated_amount",
            "children_percent_of",
        ]


def _list_of(**properties: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema of a list of objects with these properties."""
    return {"type": "array", "items": {"type": "object", "properties": properties}}


class FundingSerializer(serializers.ModelSerializer):
    shares = FundingShareSerializer(many=True, read_only=True)
    allocation = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    cost_lines = serializers.SerializerMethodField()

    class Meta:
        model = Funding
        fields = [
            "id",
            "convention",
            "year",
            "label",
            "total",
            "source",
            "note",
            "shares",
            "cost_lines",
            "allocation",
            "warnings",
        ]

    def _view(self, obj: Funding) -> Any:
        cache = self.context.setdefault("_views", {})  # type: ignore[attr-defined]  # DRF's context is a dict (the stubs: Mapping)
        if obj.pk not in cache:
            cache[obj.pk] = funding_view(obj, list(obj.shares.all()), list(obj.cost_lines.all()))
        return cache[obj.pk]

    @extend_schema_field(
        _list_of(
            share={"type": "integer"},
            amount={"type": "string", "nullable": True},
            effective_percent={"type": "string", "nullable": True},
        )
    )
    def get_allocation(self, obj: Funding) -> list[dict[str, Any]]:
        return [
            {
                "share": row.share.pk,
                "amount": str(row.amount) if row.allocated is not None else None,
                "effective_percent": (
                    str(row.allocated.effective_percent) if row.allocated is not None else None
                ),
            }
            for row in self._view(obj).rows
        ]

    @extend_schema_field(
        _list_of(
            kind={"type": "string"},
            share={"type": "integer", "nullable": True},
            message={"type": "string"},
        )
    )
    def get_warnings(self, obj: Funding) -> list[dict[str, Any]]:
        return [
            {
                "kind": str(w.kind),
                "share": int(w.key[1:]) if w.key else None,
                "message": w.message,
            }
            for w in self._view(obj).warnings
        ]

    @extend_schema_field(_list_of(label={"type": "string"}, amount={"type": "string"}))
    def get_cost_lines(self, obj: Funding) -> list[dict[str, str]]:
        return [{"label": line.label, "amount": str(line.amount)} for line in obj.cost_lines.all()]


class InstalmentSerializer(serializers.ModelSerializer):
    convention = serializers.IntegerField(source="schedule.convention_id")
    schedule_kind = serializers.CharField(source="schedule.kind")
    payer = serializers.CharField(source="schedule.payer.organisation.name")
    payee = serializers.CharField(source="schedule.payee.organisation.name")
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = Instalment
        fields = [
            "id",
            "convention",
            "schedule",
            "schedule_kind",
            "payer",
            "payee",
            "year",
            "slot",
            "label",
            "due_on",
            "amount",
            "condition",
            "refused_reason",
            "paid_on",
            "paid_amount",
            "reference",
            "status",
            "status_label",
        ]

    def get_status(self, obj: Instalment) -> str:
        return str(obj.status_on(self.context["on"]).value)

    def get_status_label(self, obj: Instalment) -> str:
        return str(obj.status_on(self.context["on"]).label)


class FundingViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Funding.objects.prefetch_related(
        Prefetch("shares", queryset=FundingShare.objects.select_related("party__organisation")),
        "cost_lines",
    ).order_by("convention", "year")
    serializer_class = FundingSerializer


@extend_schema_view(
    list=extend_schema(parameters=[DATE_PARAM]), retrieve=extend_schema(parameters=[DATE_PARAM])
)
class InstalmentViewSet(VisibleQuerysetMixin, OnDateMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Instalment.objects.select_related(
        "schedule__payer__organisation", "schedule__payee__organisation"
    ).order_by("schedule", "year", "due_on", "slot")
    serializer_class = InstalmentSerializer


def register(router: BaseRouter) -> None:
    router.register("fundings", FundingViewSet, basename="funding")
    router.register("instalments", InstalmentViewSet, basename="instalment")
