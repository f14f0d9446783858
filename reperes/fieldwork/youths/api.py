"""Read-only API of the per-youth records: youths and accompaniments, pseudonymous only.

Same visibility as the pages: the educators and the director of the youth's service; everybody
else gets a 404 on the list and on the detail. Each detail read is written to the youth's
access log in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.records import field_service_id
from reperes.fieldwork.youths.access_log import log_access
from reperes.fieldwork.youths.models import Accompaniment, ChoiceItem, Youth


class YouthSerializer(serializers.ModelSerializer):
    """A youth under pseudonym. The identity (name, first name, postal address, phone, and the
    consent) is NEVER in the API: it is shown only on the youth's page, to the service's staff,
    one logged consultation at a time."""

    commune = serializers.CharField(
        source="commune.insee_code", default=None, read_only=True, allow_null=True
    )
    quartier = serializers.CharField(
        source="quartier.name", default=None, read_only=True, allow_null=True
    )
    family = serializers.UUIDField(
        source="family.public_id", default=None, read_only=True, allow_null=True
    )
    open_accompaniment = serializers.BooleanField(read_only=True)

    class Meta:
        model = Youth
        fields = ["public_id", *Youth.RECORD_FIELDS, "open_accompaniment"]


class AccompanimentSerializer(serializers.ModelSerializer):
    """An accompaniment, pseudonymous: the youth is its ``public_id``, never an identity."""

    youth = serializers.UUIDField(source="youth.public_id", read_only=True)
    orienting_partner = serializers.CharField(
        source="orienting_partner.name", default=None, read_only=True, allow_null=True
    )
    problems: serializers.SlugRelatedField[ChoiceItem] = serializers.SlugRelatedField(
        slug_field="label", many=True, read_only=True
    )
    responses: serializers.SlugRelatedField[ChoiceItem] = serializers.SlugRelatedField(
        slug_field="label", many=True, read_only=True
    )
    duration_days = serializers.IntegerField(read_only=True)

    class Meta:
        model = Accompaniment
        fields = ["public_id", *Accompaniment.RECORD_FIELDS, "duration_days"]


class _FieldRecords(viewsets.ReadOnlyModelViewSet):
    lookup_field = "public_id"
    lookup_url_kwarg = "pk"
    lookup_value_regex = "[0-9a-f-]{36}"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if field_service_id(request.user) is None:
            raise NotFound()
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            instance = self.get_object()
            if isinstance(instance, Youth):
                log_access(request.user, instance, AccessAction.VIEW)
            else:
                log_access(
                    request.user,
                    instance.youth,
                    AccessAction.VIEW,
                    record=instance._meta.model_name,
                    record_id=str(instance.public_id),
                )
            data = self.get_serializer(instance).data
        return Response(data)


class YouthViewSet(_FieldRecords):
    """Youths of the user's service, under pseudonym."""

    serializer_class = YouthSerializer

    def get_queryset(self) -> QuerySet[Youth]:
        open_accompaniment = Accompaniment.objects.filter(
            youth=OuterRef("pk"), ended_on__isnull=True
        )
        youths = (
            Youth.objects.visible_to(self.request.user)
            .defer(*Youth.IDENTITY_FIELDS)
            .select_related("commune", "quartier", "family")
            .annotate(open_accompaniment=Exists(open_accompaniment))
            .order_by("pseudonym", "pk")
        )
        # The list is the working list: anonymised records are left out, as on the youth page;
        # one is still read by its address.
        return youths.filter(anonymised_on__isnull=True) if self.action == "list" else youths


class AccompanimentViewSet(_FieldRecords):
    """Individual accompaniments of the user's service (seed 000 annexes 1 and 2)."""

    serializer_class = AccompanimentSerializer

    def get_queryset(self) -> QuerySet[Accompaniment]:
        return (
            Accompaniment.objects.visible_to(self.request.user)
            .select_related("orienting_partner")
            .prefetch_related("problems", "responses")
            .select_related("youth")
            .defer(*(f"youth__{name}" for name in Youth.IDENTITY_FIELDS))
            .order_by("-started_on", "-pk")
        )


def register(router: BaseRouter) -> None:
    router.register("youths", YouthViewSet, basename="youth")
    router.register("accompaniments", AccompanimentViewSet, basename="accompaniment")
