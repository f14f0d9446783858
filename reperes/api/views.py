from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reperes.conventions import actions_draft
from reperes.conventions.clauses import BoundClause, in_force
from reperes.conventions.models import Convention, Party, Signatory
from reperes.core.access import is_funder_agent
from reperes.core.api import DATE_PARAM, OnDateMixin, VisibleQuerysetMixin
from reperes.core.params import date_param
from reperes.partners.models import Commune, Organisation, Service

from . import clauses as setup
from . import serializers


class OrganisationViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Organisation.objects.select_related("commune").prefetch_related(
        "representatives", "deliberations"
    )
    serializer_class = serializers.OrganisationSerializer


class CommuneViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Commune.objects.prefetch_related("quartiers", "places")
    serializer_class = serializers.CommuneSerializer


class ServiceViewSet(VisibleQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Service.objects.prefetch_related(
        "communes", "authorisations", "sectors__commune", "sectors__quartiers"
    )
    serializer_class = serializers.ServiceSerializer


@extend_schema_view(
    list=extend_schema(parameters=[DATE_PARAM]),
    retrieve=extend_schema(parameters=[DATE_PARAM]),
    create=extend_schema(
        summary="Mettre en place une convention (projet)",
        description=(
            "Crée en une fois un projet de convention avec ses parties, ses termes, son secret "
            "statistique et ses clauses ; tout ou rien. Réservé à un agent d'un financeur dont "
            "l'organisation est pilote ou co-financeur. Un projet n'ouvre aucune donnée du "
            "service tant que l'opérateur ne l'a pas acceptée."
        ),
        request=setup.ConventionSetupSerializer,
        responses={201: serializers.ConventionSerializer},
    ),
)
class ConventionViewSet(
    VisibleQuerysetMixin,
    OnDateMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
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

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return setup.ConventionSetupSerializer
        return serializers.ConventionSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not is_funder_agent(request.user):
            raise PermissionDenied(
                "Seul un agent d'un financeur met une convention en place par l'API."
            )
        serializer = setup.ConventionSetupSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        fields, parties, communes, clauses = serializer.inputs()
        try:
            convention = actions_draft.set_up_convention(
                request.user, fields, parties, communes, clauses
            )
        except DjangoValidationError as exc:
            raise setup.drf_errors(exc, len(clauses)) from exc
        data = serializers.ConventionSerializer(
            self.get_queryset().get(pk=convention.pk), context=self.get_serializer_context()
        ).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Clauses d'une convention en vigueur à une date",
        parameters=[DATE_PARAM],
        responses=setup.ConventionClausesSerializer,
    )
    @extend_schema(
        methods=["POST"],
        summary="Ajouter ou remplacer une clause d'un projet",
        description=(
            "Ajoute la clause à un projet de convention, ou remplace celle de même référence "
            "(key). Une convention signée ou acceptée se modifie par avenant."
        ),
        request=setup.ClauseInputSerializer,
        responses={200: setup.BoundClauseSerializer, 201: setup.BoundClauseSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def clauses(self, request: Request, pk: str | None = None) -> Response:  # noqa: ARG002
        # (DRF passes the URL's pk by name; get_object reads it from self.kwargs)
        convention = self.get_object()
        if request.method == "POST":
            return self._put_clause(request, convention)
        on = date_param(request.query_params, "date") or timezone.localdate()
        data = {
            "convention": convention.pk,
            "on": on,
            "draft": actions_draft.is_draft(convention),
            "clauses": [setup.bound_clause_data(b) for b in in_force(convention, on)],
        }
        return Response(setup.ConventionClausesSerializer(data).data)

    def _put_clause(self, request: Request, convention: Convention) -> Response:
        if not actions_draft.may_set_up(request.user, actions_draft.setup_parties(convention)):
            raise PermissionDenied(
                "Seul un agent d'un financeur partie à la convention, comme pilote ou "
                "co-financeur, en modifie les clauses."
            )
        serializer = setup.ClauseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            clause, created = actions_draft.put_clause(
                request.user, convention, serializer.to_input()
            )
        except actions_draft.ClausesInvalid as exc:
            raise ValidationError(exc.by_index[0]) from exc
        except DjangoValidationError as exc:
            raise setup.drf_errors(exc) from exc
        bound = BoundClause(clause, convention, inherited=False)
        return Response(
            setup.BoundClauseSerializer(setup.bound_clause_data(bound)).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ClauseKindViewSet(viewsets.ViewSet):
    """The clause catalogue: each kind, its parameters and their usual values with sources."""

    @extend_schema(summary="Catalogue des clauses", responses=setup.ClauseKindSerializer(many=True))
    def list(self, _request: Request) -> Response:
        return Response(setup.ClauseKindSerializer(setup.catalogue_data(), many=True).data)
