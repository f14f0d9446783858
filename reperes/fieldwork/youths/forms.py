"""Forms of the youth records: French messages, choices limited to the user's service, typed
values kept on error."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from reperes.core.form_fields import DATE_WIDGET, choice_field, model_choice_field
from reperes.core.forms_dates import not_before
from reperes.core.locking import LockedFormMixin
from reperes.fieldwork import enums
from reperes.fieldwork.form_fields import taken_by_another
from reperes.fieldwork.partners.models import Partner
from reperes.fieldwork.youths.lists import choice_items_for
from reperes.fieldwork.youths.models import Accompaniment, ChoiceItem, Family, Intervention, Youth
from reperes.partners.models import Commune, Quartier, Service
from reperes.people.models import StaffMember

OLDEST_BIRTH_YEAR = 1980


def _service_communes(service: Service) -> Any:
    communes = Commune.objects.filter(services=service)
    return communes if communes.exists() else Commune.objects.all()


def _in_future(day: date | None) -> bool:
    return day is not None and day > timezone.localdate()


def _staff_of(service: Service, keep: Any = ()) -> Any:
    """The service's staff in post, plus those already chosen (a referent who left stays)."""
    today = timezone.localdate()
    return StaffMember.objects.filter(
        Q(service=service) & (Q(departure__isnull=True) | Q(departure__gte=today) | Q(pk__in=keep))
    ).order_by("display_name")


class YouthForm(LockedFormMixin, forms.ModelForm):
    """The pseudonymous record (level 2): no name, nothing derived from one. An edit refuses a
    stale version (``LockedFormMixin``)."""

    class Meta:
        model = Youth
        fields = list(Youth.RECORD_FIELDS)
        widgets = {"first_met_on": DATE_WIDGET, "gender": forms.RadioSelect}
        help_texts = {
            "pseudonym": "Un code ou un surnom choisi avec le jeune, jamais son nom. "
            "Proposé au hasard, modifiable.",
            "birth_year": "Si elle est connue. Sinon, indiquez la tranche d'âge.",
            "quartier": "Quartier de vie du jeune, parmi ceux des communes du service.",
        }
        error_messages = {"gender": {"required": "Indiquez le genre (ou « Non précisé »)."}}

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        communes = _service_communes(service)
        model_choice_field(self, "commune").queryset = communes
        model_choice_field(self, "quartier").queryset = Quartier.objects.filter(
            commune__in=communes
        ).select_related("commune")
        model_choice_field(self, "family").queryset = Family.objects.filter(service=service)
        self.fields["family"].label = "Famille"
        self.fields["family"].help_text = "Code de la famille, si elle est connue du service."
        choice_field(self, "gender").choices = enums.Gender.choices
        choice_field(self, "age_band").choices = enums.AgeBand.choices
        choice_field(self, "situation").choices = enums.Situation.choices
        choice_field(self, "qualification").choices = enums.Qualification.choices

    def clean_pseudonym(self) -> str:
        pseudonym = " ".join(self.cleaned_data["pseudonym"].split())
        same = Youth.objects.filter(service=self.service, pseudonym__iexact=pseudonym)
        if taken_by_another(same, self.instance):
            raise forms.ValidationError(
                "Ce pseudonyme est déjà utilisé dans le service : choisissez-en un autre."
            )
        return pseudonym

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not OLDEST_BIRTH_YEAR <= year <= this_year:
            raise forms.ValidationError(
                f"L'année de naissance doit être comprise entre {OLDEST_BIRTH_YEAR} et {this_year}."
            )
        return year

    def clean_first_met_on(self) -> date:
        day = self.cleaned_data["first_met_on"]
        if _in_future(day):
            raise forms.ValidationError("Le premier contact ne peut pas être dans le futur.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        commune, quartier = data.get("commune"), data.get("quartier")
        if quartier is not None:
            if commune is None:
                data["commune"] = quartier.commune
            elif quartier.commune_id != commune.pk:
                self.add_error(
                    "quartier", f"Ce quartier n'est pas sur la commune de {commune.name}."
                )
        if data.get("birth_year"):
            # The birth year decides the band on any date; a stale band would only mislead.
            data["age_band"] = enums.AgeBand.UNKNOWN
        return data


class IdentityForm(LockedFormMixin, forms.Form):
    """Level 3, only with consent (seed 001 art. 9: name, first name, postal address, phone).
    Always an edit of an existing youth: the view gives the youth's ``version``."""

    identity_consent_on = forms.DateField(
        label="Accord du jeune recueilli le",
        required=False,
        widget=DATE_WIDGET,
        help_text="Sans l'accord du jeune, son identité n'est pas enregistrée : le suivi se "
        "fait sous pseudonyme.",
    )
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    address = forms.CharField(
        label="Adresse postale", max_length=400, required=False, widget=forms.Textarea({"rows": 2})
    )
    phone = forms.CharField(
        label="Téléphone",
        max_length=30,
        required=False,
        widget=forms.TextInput({"inputmode": "tel", "autocomplete": "off"}),
    )

    IDENTITY = ("last_name", "first_name", "address", "phone")

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = "".join(c for c in phone if c.isdigit())
        if phone and not 9 <= len(digits) <= 15:
            raise forms.ValidationError(
                "Saisissez un numéro de téléphone, par exemple 06 12 34 56 78."
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = any(data.get(name) for name in self.IDENTITY)
        consent = data.get("identity_consent_on")
        if not given and not self.errors:
            raise forms.ValidationError(
                "Saisissez au moins un élément d'identité, ou utilisez « Effacer l'identité »."
            )
        if given and consent is None and "identity_consent_on" not in self.errors:
            self.add_error(
                "identity_consent_on",
                "L'identité ne peut être enregistrée qu'avec l'accord du jeune : indiquez la "
                "date à laquelle il a été recueilli.",
            )
        if _in_future(consent):
            self.add_error("identity_consent_on", "L'accord ne peut pas être daté du futur.")
        if given and data.get("first_name") and not data.get("last_name"):
            self.add_error("last_name", "Le prénom seul ne suffit pas : indiquez aussi le nom.")
        return data


class IdentitySearchForm(forms.Form):
    """Search by identity through the blind indexes only: exact match after normalisation
    (case, accents and spacing do not matter); never a partial match."""

    nom = forms.CharField(label="Nom", max_length=150, required=False)
    prenom = forms.CharField(label="Prénom", max_length=150, required=False)
    telephone = forms.CharField(label="Téléphone", max_length=30, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("prenom") and not data.get("nom"):
            self.add_error("nom", "Indiquez le nom avec le prénom.")
        return data

    def keys(self, service_id: int) -> dict[str, str]:
        data = self.cleaned_data
        keys = {}
        if data.get("nom"):
            keys["name_index"] = Youth.name_key(service_id, data["nom"], data.get("prenom", ""))
        if data.get("telephone"):
            keys["phone_index"] = Youth.phone_key(service_id, data["telephone"])
        return keys


class _ChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class AccompanimentForm(LockedFormMixin, forms.ModelForm):
    problems = _ChoiceField(
        queryset=ChoiceItem.objects.none(), required=False, label="Problématiques"
    )
    responses = _ChoiceField(
        queryset=ChoiceItem.objects.none(), required=False, label="Réponses apportées"
    )
    referents = _ChoiceField(
        queryset=StaffMember.objects.none(), required=False, label="Éducateurs référents"
    )

    class Meta:
        model = Accompaniment
        fields = [
            "started_on",
            "entry_mode",
            "orienting_partner",
            "referents",
            "problems",
            "responses",
            "intensity",
            "ended_on",
            "exit_reason",
        ]
        widgets = {"started_on": DATE_WIDGET, "ended_on": DATE_WIDGET}
        help_texts = {
            "ended_on": "Seulement si l'accompagnement est terminé ; indiquez alors le motif.",
        }

    def __init__(self, *args: Any, service: Service, youth: Youth, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service, self.youth = service, youth
        instance = self.instance
        model_choice_field(self, "orienting_partner").queryset = Partner.objects.filter(
            service=service
        )
        self.fields[
            "orienting_partner"
        ].help_text = "Si le jeune a été orienté par un partenaire du service."
        keep: dict[str, list[int]] = {"referents": [], "problems": [], "responses": []}
        if instance.pk:
            keep = {name: [o.pk for o in getattr(instance, name).all()] for name in keep}
        model_choice_field(self, "referents").queryset = _staff_of(service, keep["referents"])
        for name, kind in (
            ("problems", enums.ChoiceKind.PROBLEM),
            ("responses", enums.ChoiceKind.RESPONSE),
        ):
            proposed = choice_items_for(service, kind).values_list("pk", flat=True)
            model_choice_field(self, name).queryset = ChoiceItem.objects.filter(
                Q(pk__in=list(proposed)) | Q(pk__in=keep[name])
            ).order_by("convention_id", "order", "label")
        choice_field(self, "entry_mode").choices = enums.EntryMode.choices
        choice_field(self, "intensity").choices = enums.Intensity.choices
        choice_field(self, "exit_reason").choices = [("", "—"), *enums.ExitReason.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        started, ended = data.get("started_on"), data.get("ended_on")
        if _in_future(started):
            self.add_error("started_on", "Le début ne peut pas être dans le futur.")
        if started and started < self.youth.first_met_on:
            self.add_error(
                "started_on",
                f"L'accompagnement ne peut commencer avant le premier contact "
                f"({self.youth.first_met_on:%d/%m/%Y}).",
            )
        if ended is not None:
            if started and ended < started:
                self.add_error("ended_on", "La fin ne peut précéder le début de l'accompagnement.")
            if _in_future(ended):
                self.add_error("ended_on", "La fin ne peut pas être dans le futur.")
            if not data.get("exit_reason"):
                self.add_error("exit_reason", "Un accompagnement terminé a un motif de fin.")
        elif data.get("exit_reason"):
            self.add_error("ended_on", "Indiquez la date de fin, ou laissez le motif vide.")
        if data.get("entry_mode") == enums.EntryMode.PARTNER and not data.get("orienting_partner"):
            self.add_error(
                "orienting_partner",
                "Indiquez le partenaire qui a orienté le jeune vers le service.",
            )
        return data


class CloseAccompanimentForm(LockedFormMixin, forms.Form):
    ended_on = forms.DateField(label="Fin", widget=DATE_WIDGET)
    exit_reason = forms.ChoiceField(
        label="Motif de fin",
        choices=[("", "—"), *enums.ExitReason.choices],
        error_messages={"required": "Un accompagnement terminé a un motif de fin."},
    )

    def __init__(self, *args: Any, accompaniment: Accompaniment, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "ended_on": accompaniment.ended_on or timezone.localdate(),
                "exit_reason": accompaniment.exit_reason,
            },
        )
        super().__init__(*args, version=accompaniment.version, **kwargs)
        self.accompaniment = accompaniment

    def clean_ended_on(self) -> date:
        ended = self.cleaned_data["ended_on"]
        if ended < self.accompaniment.started_on:
            raise forms.ValidationError(
                f"La fin ne peut précéder le début de l'accompagnement "
                f"({self.accompaniment.started_on:%d/%m/%Y})."
            )
        if _in_future(ended):
            raise forms.ValidationError("La fin ne peut pas être dans le futur.")
        return ended


class InterventionForm(forms.ModelForm):
    class Meta:
        model = Intervention
        fields = ["occurred_on", "kind", "duration_minutes", "partner", "staff"]
        widgets = {"occurred_on": DATE_WIDGET}
        labels = {"partner": "Partenaire concerné", "staff": "Éducateur"}
        error_messages = {
            "duration_minutes": {"min_value": "Une durée ne peut pas être négative."},
        }

    def __init__(self, *args: Any, accompaniment: Accompaniment, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"occurred_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.accompaniment = accompaniment
        model_choice_field(self, "partner").queryset = Partner.objects.filter(
            service_id=accompaniment.service_id
        )
        model_choice_field(self, "staff").queryset = _staff_of(accompaniment.service)
        choice_field(self, "kind").choices = enums.InterventionKind.choices

    def clean_occurred_on(self) -> date:
        day = self.cleaned_data["occurred_on"]
        acc = self.accompaniment
        if day < acc.started_on:
            raise forms.ValidationError(
                f"L'accompagnement a commencé le {acc.started_on:%d/%m/%Y} : une intervention "
                "ne peut pas le précéder."
            )
        if acc.ended_on and day > acc.ended_on:
            raise forms.ValidationError(
                f"L'accompagnement s'est terminé le {acc.ended_on:%d/%m/%Y}."
            )
        if _in_future(day):
            raise forms.ValidationError("Une intervention ne peut pas être datée du futur.")
        return day

    def clean_duration_minutes(self) -> int | None:
        minutes = self.cleaned_data.get("duration_minutes")
        if minutes is not None and not 0 < minutes <= 24 * 60:
            raise forms.ValidationError("Une durée est comprise entre 1 minute et 24 heures.")
        return minutes


class FamilyForm(LockedFormMixin, forms.ModelForm):
    class Meta:
        model = Family
        fields = ["code", "known_since", "engaged_since", "engaged_until"]
        widgets = {
            "known_since": DATE_WIDGET,
            "engaged_since": DATE_WIDGET,
            "engaged_until": DATE_WIDGET,
        }
        help_texts = {
            "code": "Un code choisi par le service, jamais un nom de famille.",
            "engaged_since": "Date à laquelle un travail avec la famille a été engagé.",
            "engaged_until": "Laissez vide tant que le travail se poursuit.",
        }

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        same = Family.objects.filter(service=self.service, code__iexact=code)
        if taken_by_another(same, self.instance):
            raise forms.ValidationError("Une famille du service porte déjà ce code.")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("engaged_until") and not data.get("engaged_since"):
            self.add_error("engaged_since", "Indiquez depuis quand le travail était engagé.")
        not_before(
            self,
            "engaged_since",
            "engaged_until",
            "La fin du travail ne peut précéder son début.",
        )
        not_before(
            self,
            "known_since",
            "engaged_since",
            "Le travail ne peut être engagé avant que la famille soit connue.",
        )
        for name in ("known_since", "engaged_since", "engaged_until"):
            if _in_future(data.get(name)) and name not in self.errors:
                self.add_error(name, "Cette date ne peut pas être dans le futur.")
        return data


class FamilyLinkForm(forms.Form):
    pseudonym = forms.CharField(
        label="Pseudonyme du jeune",
        max_length=40,
        help_text="Le pseudonyme ou code du jeune, tel qu'il figure sur sa fiche.",
        error_messages={"required": "Indiquez le pseudonyme du jeune à rattacher."},
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = family
        self.youth: Youth | None = None

    def clean_pseudonym(self) -> str:
        pseudonym = " ".join(self.cleaned_data["pseudonym"].split())
        youth = Youth.objects.filter(
            service_id=self.family.service_id,
            pseudonym__iexact=pseudonym,
            anonymised_on__isnull=True,
        ).first()
        if youth is None:
            raise forms.ValidationError("Aucun jeune du service ne porte ce pseudonyme.")
        if youth.family_id == self.family.pk:
            raise forms.ValidationError("Ce jeune est déjà rattaché à cette famille.")
        self.youth = youth
        return pseudonym


class ListItemForm(forms.Form):
    label = forms.CharField(
        label="Nouvelle entrée",
        max_length=200,
        error_messages={"required": "Indiquez le libellé de l'entrée."},
    )
