from __future__ import annotations

from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reperes.conventions.dates import dates_of
from reperes.conventions.models import (
    Amendment,
    Convention,
    ConventionEvent,
    Party,
    Signatory,
    TermsFields,
)
from reperes.core import access
from reperes.partners.models import (
    Authorisation,
    Commune,
    Deliberation,
    Organisation,
    Place,
    Quartier,
    Representative,
    Sector,
    Service,
)


class RepresentativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Representative
        fields = ["full_name", "title", "since", "until"]


class DeliberationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deliberation
        fields = ["id", "assembly", "reference", "decided_on", "decided_on_text", "title"]


class OrganisationSerializer(serializers.ModelSerializer):
    representatives = RepresentativeSerializer(many=True, read_only=True)
    deliberations = DeliberationSerializer(many=True, read_only=True)
    commune: serializers.SlugRelatedField[Commune] = serializers.SlugRelatedField(
        slug_field="insee_code", read_only=True, allow_null=True
    )

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "address",
            "commune",
            "departement_code",
            "representatives",
            "deliberations",
        ]


class QuartierSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quartier
        fields = ["id", "name", "kind", "code"]


class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["id", "name", "kind", "quartier"]


class CommuneSerializer(serializers.ModelSerializer):
    quartiers = QuartierSerializer(many=True, read_only=True)
    places = PlaceSerializer(many=True, read_only=True)

    class Meta:
        model = Commune
        fields = ["id", "insee_code", "name", "departement_code", "quartiers", "places"]


class AuthorisationSerializer(serializers.ModelSerializer):
    ends_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Authorisation
        fields = ["granted_on", "granted_on_text", "validity_years", "reference", "ends_on"]


class SectorSerializer(serializers.ModelSerializer):
    commune: serializers.SlugRelatedField[Commune] = serializers.SlugRelatedField(
        slug_field="insee_code", read_only=True
    )
    quartiers: serializers.SlugRelatedField[Quartier] = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = Sector
        fields = ["commune", "quartiers", "description"]


class ServiceSerializer(serializers.ModelSerializer):
    communes: serializers.SlugRelatedField[Commune] = serializers.SlugRelatedField(
        slug_field="insee_code", many=True, read_only=True
    )
    authorisations = AuthorisationSerializer(many=True, read_only=True)
    sectors = SectorSerializer(many=True, read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "label",
            "operator",
            "departement",
            "communes",
            "authorisations",
            "sectors",
        ]


class SignatorySerializer(serializers.ModelSerializer):
    deliberation = DeliberationSerializer(read_only=True)

    class Meta:
        model = Signatory
        fields = ["full_name", "title", "authority_text", "deliberation", "signed_on"]


class PartySerializer(serializers.ModelSerializer):
    organisation: serializers.PrimaryKeyRelatedField[Organisation] = (
        serializers.PrimaryKeyRelatedField(read_only=True)
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)

    class Meta:
        model = Party
        fields = ["organisation", "organisation_name", "role", "designation", "signatories"]


class AmendmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Amendment
        fields = ["number", "title", "signed_on", "effective_on", "summary", "changes"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConventionEvent
        fields = ["public_id", "kind", "received_on", "effective_on", "note"]


class ComputedDatesSerializer(serializers.Serializer):
    on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    certain = serializers.BooleanField()
    note = serializers.CharField()
    period_index = serializers.IntegerField(allow_null=True)
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    current_period_end = serializers.DateField(allow_null=True)
    next_renewal = serializers.DateField(allow_null=True)
    withdrawal_deadline = serializers.DateField(allow_null=True)
    termination_effective_if_notified = serializers.DateField(allow_null=True)
    formal_notice_cure_end = serializers.DateField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())


def computed_dates(convention: Convention, on: date) -> dict[str, Any]:
    view = dates_of(convention, on)
    period = view.status.period
    keys = view.keys
    return {
        "on": on,
        "status": view.status_code,
        "status_label": view.status_label,
        "certain": view.status.certain,
        "note": view.status.note,
        "period_index": period.index if period else None,
        "period_start": period.start if period else None,
        "period_end": period.end if period else None,
        "current_period_end": keys.current_period_end,
        "next_renewal": keys.next_renewal,
        "withdrawal_deadline": keys.withdrawal_deadline,
        "termination_effective_if_notified": keys.termination_effective_if_notified,
        "formal_notice_cure_end": keys.formal_notice_cure_end,
        "notes": list(keys.notes),
    }


# What names a convention, then its date clauses (``TermsFields``, in their order): shared by
# the convention's reading and its set-up (reperes/api/clauses.py).
CONVENTION_HEAD_FIELDS = [
    "title",
    "short_title",
    "kind",
    "object",
    "template",
    "service",
    "communes",
]
TERMS_FIELDS = [field.name for field in TermsFields._meta.fields]


class ConventionSerializer(serializers.ModelSerializer):
    parties = PartySerializer(many=True, read_only=True)
    communes: serializers.SlugRelatedField[Commune] = serializers.SlugRelatedField(
        slug_field="insee_code", many=True, read_only=True
    )
    amendments = AmendmentSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    dates = serializers.SerializerMethodField()

    class Meta:
        model = Convention
        fields = [
            "id",
            *CONVENTION_HEAD_FIELDS,
            *TERMS_FIELDS,
            "is_signed",
            "signed_on",
            "signed_on_text",
            "signed_at",
            "follows",
            "follows_note",
            "parties",
            "amendments",
            "events",
            "dates",
        ]

    @extend_schema_field(ComputedDatesSerializer)
    def get_dates(self, convention: Convention) -> dict[str, Any]:
        on = self.context.get("on") or access.today()
        return ComputedDatesSerializer(computed_dates(convention, on)).data
