"""Setting a convention up through the API: a draft with its parties, terms, secrecy rule and
clauses in one call (all or nothing), its clauses read on a date with their source, a clause
added to or replaced on a draft, and the clause catalogue.

The writes go through ``reperes.conventions.actions_draft`` (only a funder agent whose
organisation is a pilot or co-funder party); a draft grants nothing on the service's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from reperes.conventions import catalogue
from reperes.conventions.actions import PartyInput
from reperes.conventions.actions_draft import ClauseInput, ClausesInvalid
from reperes.conventions.clauses import BoundClause
from reperes.conventions.enums import PartyRole
from reperes.conventions.models import Convention, ConventionTemplate
from reperes.partners.models import Commune, Organisation, Service
from reperes.rules import due as due_rules

from .serializers import CONVENTION_HEAD_FIELDS, TERMS_FIELDS

# --- Reading ------------------------------------------------------------------------------------


class BoundClauseSerializer(serializers.Serializer):
    """A clause as it applies on a date: its version, its sentence and where it comes from."""

    key = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    article = serializers.CharField()
    params = serializers.DictField()
    text = serializers.CharField(help_text="La clause en une phrase.")
    source = serializers.CharField(help_text="La convention (ou la convention type) et l'article.")  # type: ignore[assignment]  # a declared field: DRF pops it from the class
    inherited = serializers.BooleanField(help_text="Vient de la convention type.")
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    amendment = serializers.IntegerField(allow_null=True, help_text="Numéro de l'avenant.")


def bound_clause_data(bound: BoundClause) -> dict[str, Any]:
    clause = bound.clause
    return {
        "key": clause.key,
        "kind": clause.kind,
        "kind_label": bound.kind_label,
        "article": clause.article,
        "params": bound.params,
        "text": bound.text,
        "source": bound.source,
        "inherited": bound.inherited,
        "valid_from": clause.valid_from,
        "valid_until": clause.valid_until,
        "amendment": clause.amendment.number if clause.amendment else None,
    }


class ConventionClausesSerializer(serializers.Serializer):
    convention = serializers.IntegerField()
    on = serializers.DateField()
    draft = serializers.BooleanField(help_text="Projet : ses clauses se modifient directement.")
    clauses = BoundClauseSerializer(many=True)


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field: DRF pops it from the class


class ParamSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field: DRF pops it from the class
    type = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # a declared field: DRF pops it from the class
    help = serializers.CharField()
    choices = ChoiceSerializer(many=True)


class SuggestionSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field: DRF pops it from the class
    params = serializers.DictField()
    source = serializers.CharField()  # type: ignore[assignment]  # a declared field: DRF pops it from the class


class ClauseKindSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field: DRF pops it from the class
    help = serializers.CharField()
    identity = serializers.ListField(child=serializers.CharField())
    params = ParamSerializer(many=True)
    suggestions = SuggestionSerializer(many=True)


def _choices(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"value": str(value), "label": str(label)} for value, label in pairs]


def _param_choices(param: catalogue.Param) -> list[dict[str, str]]:
    if param.type == catalogue.DUE:
        # The due rule is an object: {rule, month, day, year_offset} or {rule, value, unit[, body]}.
        return _choices(list(due_rules.RULE_LABELS.items())) + _choices(
            [(unit, f"unité : {label}") for unit, label in due_rules.UNIT_LABELS.items()]
        )
    return _choices(param.options())


def catalogue_data() -> list[dict[str, Any]]:
    return [
        {
            "code": kind.code,
            "label": kind.label,
            "help": kind.help,
            "identity": list(kind.identity),
            "params": [
                {
                    "name": p.name,
                    "label": p.label,
                    "type": p.type,
                    "required": p.required,
                    "help": p.help,
                    "choices": _param_choices(p),
                }
                for p in kind.params
            ],
            "suggestions": [
                {"label": s.label, "params": dict(s.params), "source": s.source}
                for s in kind.suggestions
            ],
        }
        for kind in catalogue.KINDS.values()
    ]


# --- Writing ------------------------------------------------------------------------------------


class ClauseInputSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=60, help_text="Nomme la clause (lettres, chiffres, -).")
    # A code of the catalogue (checked with the parameters, in French, per clause).
    kind = serializers.CharField(max_length=30, help_text="Code du catalogue (/clause-kinds/).")
    article = serializers.CharField(max_length=100, allow_blank=True, default="")
    params = serializers.DictField(default=dict, help_text="Voir /api/v1/clause-kinds/.")

    def to_input(self) -> ClauseInput:
        data = self.validated_data
        return ClauseInput(data["key"], data["kind"], data["article"], data["params"])


class PartyInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    role = serializers.ChoiceField(choices=PartyRole.choices)
    designation = serializers.CharField(max_length=200, allow_blank=True, default="")
    signatory_name = serializers.CharField(max_length=200, allow_blank=True, default="")
    signatory_title = serializers.CharField(max_length=250, allow_blank=True, default="")


SETUP_FIELDS = [
    "reference",
    *CONVENTION_HEAD_FIELDS,
    *TERMS_FIELDS,
    "secrecy_threshold",
    "secrecy_zone_floor",
]


class ConventionSetupSerializer(serializers.ModelSerializer):
    """A draft convention in one call: terms, secrecy rule, parties and clauses."""

    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.all(), allow_null=True, required=False
    )
    template = serializers.PrimaryKeyRelatedField(
        queryset=ConventionTemplate.objects.all(), allow_null=True, required=False
    )
    communes = serializers.SlugRelatedField(
        slug_field="insee_code", queryset=Commune.objects.all(), many=True, required=False
    )
    parties = PartyInputSerializer(many=True)
    clauses = ClauseInputSerializer(many=True, required=False)

    class Meta:
        model = Convention
        fields = [*SETUP_FIELDS, "parties", "clauses"]

    def validate_template(self, template: ConventionTemplate | None) -> ConventionTemplate | None:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if template is not None and not ConventionTemplate.objects.visible_to(user).filter(
            pk=template.pk
        ):
            raise ValidationError("Convention type introuvable.")
        return template

    def inputs(self) -> tuple[dict[str, Any], list[PartyInput], list[Any], list[ClauseInput]]:
        data = dict(self.validated_data)
        parties = [
            PartyInput(
                organisation_id=p["organisation"].pk,
                role=p["role"],
                designation=p["designation"],
                signatory_name=p["signatory_name"],
                signatory_title=p["signatory_title"],
            )
            for p in data.pop("parties")
        ]
        clauses = [
            ClauseInput(c["key"], c["kind"], c["article"], c["params"])
            for c in data.pop("clauses", [])
        ]
        communes = data.pop("communes", [])
        return data, parties, communes, clauses


def drf_errors(exc: DjangoValidationError, clause_count: int = 0) -> ValidationError:
    """A Django validation error (from an action) as the API's 400, field by field; clause
    errors as a list aligned with the clauses given."""
    if isinstance(exc, ClausesInvalid):
        return ValidationError(
            {"clauses": [exc.by_index.get(index, {}) for index in range(clause_count)]}
        )
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        )
    return ValidationError({"non_field_errors": exc.messages})
