"""What every API endpoint shares, below the apps that declare endpoints: the read through
``visible_to(user)`` and the ``?date=`` parameter (``DATE_PARAM``, ``OnDateMixin``). The
``reperes.api`` package (the router, on top of the house) gathers the endpoints; the apps
import this module, never that package."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.generics import GenericAPIView

from .params import date_param

DATE_PARAM = OpenApiParameter(
    "date", OpenApiTypes.DATE, description="Date de calcul du statut (défaut : aujourd'hui)."
)


class VisibleQuerysetMixin:
    """Every endpoint reads through the model's ``visible_to(user)``: what a user cannot see
    answers 404, exactly as on the pages."""

    queryset: QuerySet[Any]

    def get_queryset(self) -> QuerySet[Any]:
        return self.queryset.visible_to(self.request.user)  # type: ignore[attr-defined]  # each model's QuerySet has visible_to


class OnDateMixin(GenericAPIView):
    """Endpoints whose answer depends on a day (a status, what is in force): their serializers
    read it as ``context["on"]``, the ``?date=`` parameter (``DATE_PARAM``) or today. One
    parameter helper: a malformed or far date is a French 400 (JSON)."""

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["on"] = date_param(self.request.query_params, "date") or timezone.localdate()
        return context
