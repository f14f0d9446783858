from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from reperes.core.form_fields import model_choice_field
from reperes.core.forms_dates import DatesInOrder
from reperes.core.formsets import InputFormSet, formset_of
from reperes.core.uploads import guard_pdf
from reperes.partners.models import Commune, Organisation, Service

from .actions import AMENDABLE_FIELDS, TERMS_FIELDS, Avenant, PartyInput
from .enums import EventKindChoices, PartyRole
from .models import Convention, Party

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
CONVENTION_WIDGETS = {
    "starts_on": DATE_WIDGET,
    "ends_on": DATE_WIDGET,
    "object": forms.Textarea(attrs={"rows": 4}),
}

# The terms a person edits in a form: every term (``actions.TERMS_FIELDS``) but the start as
# written in an imported text (``starts_on_text``), which nobody types.
EDITABLE_TERMS_FIELDS = [name for name in TERMS_FIELDS if name != "starts_on_text"]


def _delay_incomplete(prefix: str) -> Callable[[dict[str, Any]], bool]:
    return lambda d: (d.get(f"{prefix}_value") is None) != (not d.get(f"{prefix}_unit"))


# Each cross-field rule of a convention's terms, in order: (broken?, field, French message).
# Checked one after the other on the form's data, which an error empties of its field (as
# Django's add_error does): a field refused once is not refused again by a later rule.
TERMS_RULES: list[tuple[Callable[[dict[str, Any]], bool], str, str]] = [
    (
        lambda d: d.get("period_kind") == "fixed" and not d.get("ends_on"),
        "ends_on",
        "Une période à dates fixes doit avoir une date de fin.",
    ),
    (
        lambda d: (
            d.get("period_kind") == "fixed"
            and not d.get("starts_on")
            and not d.get("starts_at_signature")
        ),
        "starts_on",
        "Indiquez la date de début, ou cochez « entre en vigueur à la signature ».",
    ),
    (
        lambda d: d.get("period_kind") in ("term", "tacit_renewal") and not d.get("term_value"),
        "term_value",
        "Indiquez la durée de la période.",
    ),
    (
        lambda d: bool(d.get("starts_on") and d.get("starts_at_signature")),
        "starts_at_signature",
        "Le début est soit une date, soit la signature, pas les deux.",
    ),
    (
        lambda d: d.get("period_kind") == "tacit_renewal" and bool(d.get("ends_on")),
        "ends_on",
        "Une convention reconduite tacitement n'a pas de date de fin fixe.",
    ),
    (
        lambda d: d.get("period_kind") != "tacit_renewal" and d.get("max_renewals") is not None,
        "max_renewals",
        "Le nombre de reconductions ne vaut que pour une reconduction tacite.",
    ),
    (
        lambda d: d.get("term_value") == 0,
        "term_value",
        "La durée d'une période doit être d'au moins une unité.",
    ),
    (
        lambda d: bool(d.get("starts_on") and d.get("ends_on") and d["ends_on"] < d["starts_on"]),
        "ends_on",
        "La fin de la période doit suivre son début.",
    ),
    *(
        (
            _delay_incomplete(prefix),
            f"{prefix}_unit",
            "Un délai doit avoir une valeur et une unité.",
        )
        for prefix in ("term", "withdrawal_notice", "formal_notice", "termination_delay")
    ),
]


class TermsValidationMixin:
    """Cross-field checks with messages in French, before the database constraints."""

    def check_terms(self, data: dict[str, Any]) -> None:
        for broken, field, message in TERMS_RULES:
            if broken(data):
                self.add_error(field, message)  # type: ignore[attr-defined]  # a mixin of forms.Form


class SecrecyFloorMixin:
    """The secrecy rule of a convention's form: left empty, the platform's floor (seed 003:
    5 and 100); never below it."""

    cleaned_data: dict[str, Any]

    def clean_secrecy_threshold(self) -> int:
        return _at_least_floor("secrecy_threshold", self.cleaned_data.get("secrecy_threshold"))

    def clean_secrecy_zone_floor(self) -> int:
        return _at_least_floor("secrecy_zone_floor", self.cleaned_data.get("secrecy_zone_floor"))


class ConventionForm(TermsValidationMixin, SecrecyFloorMixin, forms.ModelForm):
    communes = forms.ModelMultipleChoiceField(
        queryset=Commune.objects.all(), required=False, label="Communes concernées"
    )

    class Meta:
        model = Convention
        fields = [
            "title",
            "short_title",
            "kind",
            "object",
            "service",
            *EDITABLE_TERMS_FIELDS,
            "secrecy_threshold",
            "secrecy_zone_floor",
            "signed_document",
        ]
        widgets = CONVENTION_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left empty, the secrecy rule is the default of seed 003 (5 and 100).
        for name in ("secrecy_threshold", "secrecy_zone_floor"):
            self.fields[name].required = False

    def clean_signed_document(self) -> Any:
        return check_pdf(self.cleaned_data.get("signed_document"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_terms(data)
        return data


def _at_least_floor(name: str, value: int | None) -> int:
    """A convention may raise the platform's secrecy floor, never go below it."""
    from reperes.core.access import secrecy_floor, secrecy_floor_errors

    floor = dict(zip(("secrecy_threshold", "secrecy_zone_floor"), secrecy_floor(), strict=True))
    if value is None:
        return floor[name]
    errors = secrecy_floor_errors(**{name.removeprefix("secrecy_"): value})
    if errors:
        raise ValidationError(errors[name])
    return value


class PartyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), label="Organisation", required=False
    )
    role = forms.ChoiceField(choices=PartyRole.choices, label="Rôle", required=False)
    designation = forms.CharField(label="Désignation (ci-après…)", required=False, max_length=200)
    signatory_name = forms.CharField(label="Signataire", required=False, max_length=200)
    signatory_title = forms.CharField(label="Qualité du signataire", required=False, max_length=250)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") and not data.get("role"):
            self.add_error("role", "Choisissez le rôle de cette partie.")
        if data.get("signatory_name") and not data.get("organisation"):
            self.add_error("organisation", "Choisissez l'organisation de ce signataire.")
        return data

    def to_input(self) -> PartyInput | None:
        data = self.cleaned_data
        if not data.get("organisation"):
            return None
        return PartyInput(
            organisation_id=data["organisation"].pk,
            role=data["role"],
            designation=data.get("designation", ""),
            signatory_name=data.get("signatory_name", ""),
            signatory_title=data.get("signatory_title", ""),
        )


class BasePartyFormSet(InputFormSet):
    duplicate_of = "organisation_id"
    duplicate_message = "Une même organisation figure deux fois parmi les parties."

    def __init__(self, *args: Any, creator_organisation_id: int | None = None, **kwargs: Any):
        """``creator_organisation_id``: the organisation creating the convention, which must be
        one of its parties."""
        super().__init__(*args, **kwargs)
        self.creator_organisation_id = creator_organisation_id

    def clean(self) -> None:
        if any(self.errors):
            return
        inputs = self.party_inputs()
        if len(inputs) < 2:
            raise ValidationError("Une convention réunit au moins deux parties.")
        super().clean()
        ids = [i.organisation_id for i in inputs]
        if not any(i.role == PartyRole.PILOT for i in inputs):
            raise ValidationError(
                "Indiquez la partie qui pilote la convention (rôle « Pilote et financeur »)."
            )
        if self.creator_organisation_id is not None and self.creator_organisation_id not in ids:
            raise ValidationError(
                "Votre organisation doit être partie à la convention que vous créez."
            )

    def party_inputs(self) -> list[PartyInput]:
        return self.inputs()


PartyFormSet = formset_of(PartyForm, BasePartyFormSet, extra=4, max_num=20)


class AvenantForm(DatesInOrder, forms.Form):
    """The avenant itself: its number, object, dates and summary (``avenant()``)."""

    number = forms.IntegerField(label="Numéro de l'avenant", min_value=1)
    amendment_title = forms.CharField(label="Objet de l'avenant", max_length=300)
    signed_on = forms.DateField(label="Signé le", required=False, widget=DATE_WIDGET)
    effective_on = forms.DateField(label="Prend effet le", required=False, widget=DATE_WIDGET)
    summary = forms.CharField(
        label="Résumé", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    dates_in_order = (
        ("signed_on", "effective_on", "Un avenant ne peut prendre effet avant sa signature."),
    )

    def avenant(self) -> Avenant:
        data = self.cleaned_data
        return Avenant(
            number=data["number"],
            title=data["amendment_title"],
            signed_on=data["signed_on"],
            effective_on=data["effective_on"],
            summary=data["summary"],
        )


class AmendmentForm(TermsValidationMixin, SecrecyFloorMixin, AvenantForm, forms.ModelForm):
    """An avenant that changes the convention's own fields (its terms, its secrecy rule)."""

    class Meta:
        model = Convention
        fields = list(AMENDABLE_FIELDS)
        widgets = CONVENTION_WIDGETS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_terms(data)
        return data

    HEADER_FIELDS = tuple(AvenantForm.base_fields)

    @property
    def changed_fields(self) -> list[Any]:
        """The convention's fields the avenant may change (every one rendered: the template
        once matched names by substring and dropped « title »)."""
        return [self[name] for name in self.fields if name not in self.HEADER_FIELDS]

    def changes(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in AMENDABLE_FIELDS if f in self.changed_data}


class SignatureForm(forms.Form):
    signed_on = forms.DateField(
        label="Date de la dernière signature",
        required=False,
        widget=DATE_WIDGET,
        help_text="Laissez vide si la date n'est pas connue.",
    )
    signed_at = forms.CharField(label="Lieu de signature", required=False, max_length=100)


class EventForm(forms.Form):
    kind = forms.ChoiceField(choices=EventKindChoices.choices, label="Nature")
    received_on = forms.DateField(label="Reçu le (accusé de réception)", widget=DATE_WIDGET)
    party = forms.ModelChoiceField(
        queryset=Party.objects.none(), label="À l'initiative de", required=False
    )
    effective_on = forms.DateField(
        label="Date d'effet convenue (facultatif)", required=False, widget=DATE_WIDGET
    )
    note = forms.CharField(
        label="Observations", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "party").queryset = convention.parties.select_related(
            "organisation"
        )


class DocumentForm(forms.Form):
    document = forms.FileField(label="Convention signée (PDF)")

    def clean_document(self) -> Any:
        return check_pdf(self.cleaned_data["document"])


class InstantiateForm(forms.Form):
    """Sign the model convention with one more service and its co-funding communes."""

    title = forms.CharField(label="Intitulé de la convention", max_length=400)
    service: forms.ModelChoiceField[Service] = forms.ModelChoiceField(
        queryset=None, label="Service de prévention spécialisée"
    )
    communes: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Communes co-financeuses",
        required=False,
        help_text="Maintenez Ctrl (ou Cmd) pour en choisir plusieurs.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from reperes.partners.enums import OrganisationKind
        from reperes.partners.models import Service

        super().__init__(*args, **kwargs)
        model_choice_field(self, "service").queryset = Service.objects.select_related("operator")
        model_choice_field(self, "communes").queryset = Organisation.objects.filter(
            kind=OrganisationKind.COMMUNE
        )

    def clean_service(self) -> Any:
        service = self.cleaned_data["service"]
        if service.operator_id is None:
            raise ValidationError("Ce service n'a pas d'organisme gestionnaire enregistré.")
        return service


def check_pdf(document: Any) -> Any:
    """The platform's upload guard (reperes/core/uploads.py): a PDF without active content,
    returned under a random name ending in .pdf (never the uploader's name or extension)."""
    return guard_pdf(document)


DECISIONS = [("accept", "J'accepte au nom de l'opérateur"), ("refuse", "Je refuse")]


class OperatorDecisionForm(forms.Form):
    """The operator's acceptance or refusal of a convention (or of a pending avenant)."""

    decision = forms.ChoiceField(choices=DECISIONS, label="Décision", widget=forms.RadioSelect)
    decided_on = forms.DateField(label="Date de la décision (signature)", widget=DATE_WIDGET)
    evidence = forms.CharField(
        label="Référence du document signé",
        required=False,
        max_length=300,
        help_text=(
            "Obligatoire pour l'administration de la plateforme, à défaut du document déposé "
            "(ex. « convention signée reçue par courrier le 12/03/2025 »)."
        ),
    )
    reason = forms.CharField(
        label="Motif (en cas de refus)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Indiquez le motif du refus.")
        return data


class ConventionDecisionForm(OperatorDecisionForm):
    document = forms.FileField(
        label="Convention signée (PDF, facultatif)",
        required=False,
        help_text="Déposé avec l'accord, il devient le document signé de la convention.",
    )

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        return check_pdf(document) if document else None
