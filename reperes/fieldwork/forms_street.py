"""Forms of the educator's field work outside per-youth records: street sessions with anonymous
tallies, the weekly time grid, collective actions, partners and observations of the territory.

French messages, French decimals (« 1,5 »), and what was typed stays on the page on error."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from reperes.core.locking import EMPTY, LockedFormMixin
from reperes.partners.models import Commune, Organisation, Place, Quartier, Service
from reperes.people.models import StaffMember

from .enums import (
    AgeBand,
    CollectiveCategory,
    Gender,
    ObservationTopic,
    SessionKind,
    TimeCategory,
)
from .models import CollectiveAction, Observation, Partner, Youth

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DECIMAL_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}
DATE_ERRORS = {"required": "Indiquez la date.", "invalid": "Saisissez une date valide."}
MAX_COUNT = 999
MAX_SESSION_MINUTES = 24 * 60
DAY_NAMES = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")
GENDER_PLURAL = {Gender.GIRL: "Filles", Gender.BOY: "Garçons", Gender.UNSTATED: "Genre non précisé"}


def band_key(band: str) -> str:
    """An age band as a form-field suffix: « 15-17 » → « 15_17 », « 26+ » → « 26_plus »."""
    return band.replace("-", "_").replace("+", "_plus").replace("?", "inconnu")


def count_field_name(gender: str, band: str) -> str:
    return f"n_{gender}_{band_key(band)}"


def not_in_future(value: date, what: str = "La date") -> date:
    if value > timezone.localdate():
        raise ValidationError(f"{what} ne peut pas être dans le futur.")
    return value


def french_decimal(
    label: str, *, max_value: Decimal, required: bool = False, help_text: str = ""
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=max_value,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs=DECIMAL_ATTRS),
        error_messages={
            "invalid": "Saisissez un nombre, par exemple 1,5.",
            "min_value": "Une valeur négative n'a pas de sens ici.",
            "max_value": f"La valeur ne peut pas dépasser {str(max_value).replace('.', ',')}.",
            "max_decimal_places": "Deux décimales au plus.",
            "max_digits": "Nombre trop grand.",
            "max_whole_digits": "Nombre trop grand.",
        },
    )


# ---------------------------------------------------------------- territory of a service
def service_communes(service: Service) -> QuerySet[Commune]:
    """The communes a service works in: its communes and the communes of its sectors."""
    return (
        Commune.objects.filter(Q(services=service) | Q(sectors__service=service))
        .distinct()
        .order_by("name")
    )


def service_quartiers(service: Service) -> QuerySet[Quartier]:
    return (
        Quartier.objects.filter(
            Q(sectors__service=service) | Q(commune__in=service_communes(service))
        )
        .distinct()
        .select_related("commune")
        .order_by("commune__name", "name")
    )


def where_choices(service: Service) -> list[Any]:
    """One select for « where »: a whole commune or one of its quartiers, grouped by commune."""
    quartiers: dict[int, list[Quartier]] = {}
    for quartier in service_quartiers(service):
        quartiers.setdefault(quartier.commune_id, []).append(quartier)
    choices: list[Any] = [("", "Non précisé")]
    for commune in service_communes(service):
        group = [(f"c:{commune.pk}", f"{commune.name} (toute la commune)")]
        group += [(f"q:{q.pk}", q.name) for q in quartiers.get(commune.pk, [])]
        choices.append((commune.name, group))
    return choices


def where_value(commune: Commune | None, quartier: Quartier | None) -> str:
    if quartier is not None:
        return f"q:{quartier.pk}"
    return f"c:{commune.pk}" if commune is not None else ""


def resolve_where(value: str) -> tuple[Commune | None, Quartier | None]:
    """The commune and quartier behind a « where » choice (validated by the ChoiceField)."""
    if value.startswith("q:"):
        quartier = Quartier.objects.select_related("commune").get(pk=int(value[2:]))
        return quartier.commune, quartier
    if value.startswith("c:"):
        return Commune.objects.get(pk=int(value[2:])), None
    return None, None


def where_field(label: str = "Commune ou quartier") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        error_messages={"invalid_choice": "Choisissez une commune ou un quartier du service."},
    )


# ---------------------------------------------------------------- street sessions
_HOURS_MINUTES = re.compile(r"(\d{1,2})(?:h|:)(?:(\d{1,2})(?:min|mn|m)?)?")
_MINUTES = re.compile(r"(\d{1,4})(?:min|mn|m)")
_DECIMAL_HOURS = re.compile(r"(\d{1,2})(?:[.,](\d{1,2}))?h?")


def parse_duration(text: str) -> int | None:
    """Minutes in « 2 h », « 1 h 30 », « 1:30 », « 45 min », « 1,5 » (hours); None if unreadable."""
    s = re.sub(r"\s+", "", text.lower())
    if match := _HOURS_MINUTES.fullmatch(s):
        minutes = int(match.group(2) or 0)
        return int(match.group(1)) * 60 + minutes if minutes < 60 else None
    if match := _MINUTES.fullmatch(s):
        return int(match.group(1))
    if match := _DECIMAL_HOURS.fullmatch(s):
        hours = Decimal(f"{match.group(1)}.{match.group(2) or 0}")
        return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return None


def format_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class StreetSessionForm(LockedFormMixin, forms.Form):
    """A session and its anonymous tallies: one counter per gender × age band. Given the
    session's ``version``, it edits it and refuses a stale version."""

    kind = forms.ChoiceField(
        label="Nature",
        choices=SessionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez travail de rue ou présence sociale."},
    )
    date = forms.DateField(
        label="Date", widget=DATE_WIDGET, validators=[not_in_future], error_messages=DATE_ERRORS
    )
    duration = forms.CharField(
        label="Durée",
        max_length=20,
        help_text="Ex. 2 h, 1 h 30 ou 45 min.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
        error_messages={"required": "Indiquez la durée de la séance, par exemple 2 h."},
    )
    where = where_field()
    place = forms.ModelChoiceField(
        label="Lieu précis (facultatif)",
        queryset=Place.objects.none(),
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": "Choisissez un lieu du service."},
    )
    educators = forms.ModelMultipleChoiceField(
        label="Éducateurs présents",
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez des personnes du service."},
    )

    def __init__(self, *args: Any, service: Service, on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["where"].choices = where_choices(service)
        places = Place.objects.filter(commune__in=service_communes(service)).select_related(
            "commune"
        )
        self.fields["place"].queryset = places
        if not places.exists():
            del self.fields["place"]
        selected = self.initial.get("educators") or []
        self.fields["educators"].queryset = StaffMember.objects.filter(
            Q(service=service)
            & (
                (Q(arrival__lte=on) & (Q(departure__isnull=True) | Q(departure__gte=on)))
                | Q(pk__in=[getattr(m, "pk", m) for m in selected])
            )
        ).order_by("display_name")
        for gender in GENDER_PLURAL:
            for band, band_label in AgeBand.choices:
                self.fields[count_field_name(gender, band)] = forms.IntegerField(
                    label=f"{GENDER_PLURAL[gender]}, {band_label}",
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    initial=0,
                    widget=forms.NumberInput(
                        attrs={
                            "min": 0,
                            "max": MAX_COUNT,
                            "inputmode": "numeric",
                            "class": "count-input",
                            "data-stepper": "",
                        }
                    ),
                    error_messages={
                        "invalid": "Saisissez un nombre entier de jeunes.",
                        "min_value": "Un nombre de jeunes ne peut pas être négatif.",
                        "max_value": f"Au plus {MAX_COUNT} jeunes par case.",
                    },
                )

    def clean_duration(self) -> int:
        minutes = parse_duration(self.cleaned_data["duration"])
        if minutes is None:
            raise ValidationError("Indiquez une durée, par exemple 2 h, 1 h 30 ou 45 min.")
        if not 1 <= minutes <= MAX_SESSION_MINUTES:
            raise ValidationError("Une séance dure entre une minute et 24 heures.")
        return minutes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "where" in data:
            data["commune"], data["quartier"] = resolve_where(data["where"])
        place = data.get("place")
        if place and data.get("commune") and place.commune_id != data["commune"].pk:
            self.add_error("place", "Ce lieu n'est pas dans la commune choisie.")
        return data

    def count_rows(self, genders: Iterable[str]) -> list[tuple[str, list[Any]]]:
        return [
            (label, [self[count_field_name(g, band)] for g in genders])
            for band, label in AgeBand.choices
        ]

    def main_rows(self) -> list[tuple[str, list[Any]]]:
        return self.count_rows((Gender.GIRL, Gender.BOY))

    def unstated_rows(self) -> list[tuple[str, list[Any]]]:
        return self.count_rows((Gender.UNSTATED,))

    def unstated_open(self) -> bool:
        """Keep « genre non précisé » open when it holds a count or an error."""
        for band in AgeBand.values:
            field = self[count_field_name(Gender.UNSTATED, band)]
            if field.errors or str(field.value() or "0") not in ("", "0"):
                return True
        return False

    def counts(self) -> dict[tuple[str, str], int]:
        """The non-zero tallies: (gender, age band) → count."""
        return {
            (gender, band): self.cleaned_data[count_field_name(gender, band)]
            for gender in GENDER_PLURAL
            for band in AgeBand.values
            if self.cleaned_data.get(count_field_name(gender, band))
        }


# ---------------------------------------------------------------- weekly time grid
def hours_field_name(category: str, day_index: int) -> str:
    return f"h_{day_index}_{category}"


class HoursField(forms.CharField):
    """Hours as typed by a person: « 1,5 », « 1.5 », « 7 »; blank is zero."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=8, **kwargs)

    def clean(self, value: Any) -> Decimal:
        text = (super().clean(value) or "").strip().replace(",", ".").replace(" ", "")
        if text.lower().endswith("h"):
            text = text[:-1]
        if not text:
            return Decimal(0)
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Saisissez un nombre d'heures, par exemple 1,5.") from None
        if not hours.is_finite():
            raise ValidationError("Saisissez un nombre d'heures, par exemple 1,5.")
        if hours < 0:
            raise ValidationError("Un temps ne peut pas être négatif.")
        if hours > 24:
            raise ValidationError("Une journée compte au plus 24 heures.")
        if hours != hours.quantize(Decimal("0.01")):
            raise ValidationError("Deux décimales au plus (ex. 1,25).")
        return hours.quantize(Decimal("0.01"))


def format_hours(hours: Decimal) -> str:
    """« 1,5 », « 7 », « 0,25 »: French, without useless zeros."""
    text = f"{hours.normalize():f}" if hours else "0"
    return text.replace(".", ",")


class TimeWeekForm(forms.Form):
    """Seven days × the eight items of seed 000 annex 1, in hours. Field order is day by day
    so that Tab walks through one day before the next."""

    def __init__(self, *args: Any, staff: StaffMember, monday: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        self.days = [monday + timedelta(days=i) for i in range(7)]
        for index, day in enumerate(self.days):
            for category, label in TimeCategory.choices:
                attrs = {**DECIMAL_ATTRS, "class": "hours-input", "size": 4}
                attrs["data-day"] = str(index)
                attrs["data-category"] = category
                if not self.in_contract(day):
                    attrs["disabled"] = True
                self.fields[hours_field_name(category, index)] = HoursField(
                    label=f"{label}, {DAY_NAMES[index].lower()} {day:%d/%m}",
                    widget=forms.TextInput(attrs=attrs),
                )

    def in_contract(self, day: date) -> bool:
        """Whether ``day`` falls within the person's presence in the service (arrival to
        departure, the register's dates)."""
        if day < self.staff.arrival:
            return False
        return self.staff.departure is None or day <= self.staff.departure

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        for index, day in enumerate(self.days):
            total = sum(
                (data.get(hours_field_name(c, index), Decimal(0)) for c in TimeCategory.values),
                Decimal(0),
            )
            name = f"{DAY_NAMES[index]} {day:%d/%m}"
            if total > 24:
                self.add_error(
                    None,
                    f"{name} : {format_hours(total)} h saisies, une journée compte au plus "
                    "24 heures.",
                )
            if total and not self.in_contract(day):
                if day < self.staff.arrival:
                    when = f"avant l'arrivée dans le service ({self.staff.arrival:%d/%m/%Y})"
                else:
                    when = f"après le départ du service ({self.staff.departure:%d/%m/%Y})"
                self.add_error(None, f"{name} : des heures sont saisies {when}.")
        return data

    def entries(self) -> dict[tuple[date, str], Decimal]:
        return {
            (day, category): self.cleaned_data[hours_field_name(category, index)]
            for index, day in enumerate(self.days)
            for category in TimeCategory.values
            if self.cleaned_data.get(hours_field_name(category, index))
        }


# ---------------------------------------------------------------- collective actions
class CollectiveActionForm(LockedFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    amount = french_decimal("Montant (€)", max_value=Decimal("99999999.99"))

    class Meta:
        model = CollectiveAction
        fields = [
            "title",
            "category",
            "started_on",
            "ended_on",
            "participants",
            "families_count",
            "partners",
            "funding",
            "amount",
        ]
        widgets = {
            "started_on": DATE_WIDGET,
            "ended_on": DATE_WIDGET,
            "participants": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            "families_count": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        labels = {
            "participants": "Jeunes connus du service (par pseudonyme)",
            "families_count": "Nombre de familles concernées",
            "funding": "Financement (libellé)",
        }
        help_texts = {
            "funding": "Ex. « Appel à projets politique de la ville 2025 ».",
        }
        error_messages = {
            "title": {"required": "Indiquez l'intitulé de l'action."},
            "category": {"required": "Choisissez la catégorie de l'action."},
            "started_on": {"required": "Indiquez la date de début.", "invalid": "Date invalide."},
            "ended_on": {"invalid": "Saisissez une date valide."},
            "families_count": {
                "invalid": "Saisissez un nombre entier.",
                "min_value": "Un nombre de familles ne peut pas être négatif.",
            },
        }

    def __init__(self, *args: Any, user: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *CollectiveCategory.choices]
        # Anonymised records are not offered; those already taking part stay (the action's
        # reports of past periods count them).
        taking_part = Q(pk__in=self.instance.participants.all()) if self.instance.pk else Q()
        self.fields["participants"].queryset = (
            Youth.objects.visible_to(user)
            .filter(Q(anonymised_on__isnull=True) | taking_part)
            .order_by("pseudonym")
        )
        self.fields["participants"].error_messages["invalid_choice"] = (
            "Choisissez des jeunes connus du service."
        )
        self.fields["partners"].queryset = Partner.objects.filter(service=service)
        self.fields["partners"].error_messages["invalid_choice"] = (
            "Choisissez des partenaires de l'annuaire du service."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "La fin d'une action ne peut précéder son début.")
        return data

    def labels(self) -> dict[str, str]:
        labels = super().labels()
        if self.instance.pk is not None:
            labels["anonymous"] = "Participants comptés"
        return labels

    def snapshot(self) -> dict[str, tuple[Any, str]]:
        """The anonymous counts, edited beside the form, are part of what may have changed."""
        values = super().snapshot()
        if self.instance.pk is not None:
            rows = sorted(
                self.instance.anonymous_participants.values_list(
                    "gender", "age_band", "quartier__name", "count"
                ),
                key=str,
            )
            shown = [
                f"{count} ({gender} {band} {quartier or '—'})"
                for gender, band, quartier, count in rows
            ]
            values["anonymous"] = (
                {"rows": [list(row) for row in rows]},
                " ; ".join(shown) or EMPTY,
            )
        return values


class ParticipantCountForm(forms.Form):
    """One line of anonymous participants: how many, of which gender, age band, quartier."""

    gender = forms.ChoiceField(label="Genre", choices=[("", "—"), *Gender.choices], required=False)
    age_band = forms.ChoiceField(
        label="Tranche d'âge", choices=[("", "—"), *AgeBand.choices], required=False
    )
    quartier = forms.ModelChoiceField(
        label="Quartier",
        queryset=Quartier.objects.none(),
        required=False,
        empty_label="Non précisé",
        error_messages={"invalid_choice": "Choisissez un quartier du service."},
    )
    count = forms.IntegerField(
        label="Nombre",
        required=False,
        min_value=0,
        max_value=9999,
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        error_messages={
            "invalid": "Saisissez un nombre entier.",
            "min_value": "Un nombre de participants ne peut pas être négatif.",
            "max_value": "Nombre trop grand.",
        },
    )

    def __init__(self, *args: Any, quartiers: QuerySet[Quartier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quartier"].queryset = quartiers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("count"):
            if not data.get("gender"):
                self.add_error("gender", "Choisissez le genre (ou « Non précisé »).")
            if not data.get("age_band"):
                self.add_error("age_band", "Choisissez la tranche d'âge (ou « Âge inconnu »).")
        return data


ParticipantCountFormSet = forms.formset_factory(ParticipantCountForm, extra=3)


def participant_counts(formset: Any) -> dict[tuple[str, str, int | None], int]:
    """The non-zero lines, the same gender × age band × quartier added up."""
    counts: dict[tuple[str, str, int | None], int] = {}
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {})
        if data.get("count"):
            quartier = data.get("quartier")
            key = (data["gender"], data["age_band"], quartier.pk if quartier else None)
            counts[key] = counts.get(key, 0) + data["count"]
    return counts


# ---------------------------------------------------------------- partners
class PartnerForm(LockedFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Partner
        fields = ["name", "kind", "organisation", "commune", "contact"]
        labels = {"organisation": "Organisation de l'annuaire (facultatif)"}
        help_texts = {
            "contact": "Coordonnées professionnelles seulement (standard, service, courriel "
            "de la structure). Jamais un jeune ni une famille.",
        }
        error_messages = {
            "name": {"required": "Indiquez le nom du partenaire."},
            "kind": {"required": "Choisissez la nature du partenaire."},
        }

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["kind"].choices = [("", "—"), *self.fields["kind"].choices[1:]]
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["commune"].queryset = service_communes(service)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Partner.objects.filter(service=self.service, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError("Ce partenaire figure déjà dans l'annuaire du service.")
        return name


class PartnershipActionForm(LockedFormMixin, forms.Form):
    date = forms.DateField(label="Date", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    title = forms.CharField(
        label="Objet",
        max_length=300,
        help_text="Ex. « Réunion de la cellule de veille éducative », « Co-construction du "
        "chantier d'été ».",
        error_messages={"required": "Indiquez l'objet de l'action."},
    )
    partners = forms.ModelMultipleChoiceField(
        label="Partenaires",
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choisissez au moins un partenaire de l'annuaire.",
            "invalid_choice": "Choisissez des partenaires de l'annuaire du service.",
        },
    )
    hours = french_decimal("Durée (heures)", max_value=Decimal("999.99"))

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.filter(service=service)


# ---------------------------------------------------------------- observations
GENERAL_TERMS = (
    "Rédigez en termes généraux : ni nom, ni détail permettant de reconnaître une personne."
)
_PHONE = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PSEUDONYM = re.compile(r"\bJ-[A-Z2-9]{6}\b", re.IGNORECASE)


class ObservationForm(LockedFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    where = where_field()

    class Meta:
        model = Observation
        fields = ["observed_on", "topic", "text", "shareable"]
        widgets = {
            "observed_on": DATE_WIDGET,
            "text": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"text": "Observation"}
        help_texts = {"text": GENERAL_TERMS}
        error_messages = {
            "observed_on": DATE_ERRORS,
            "topic": {"required": "Choisissez le thème de l'observation."},
            "text": {"required": "Écrivez l'observation."},
        }

    field_order = ["observed_on", "topic", "where", "text", "shareable"]

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["topic"].choices = [("", "—"), *ObservationTopic.choices]
        self.fields["where"].choices = where_choices(service)
        if self.instance.pk:
            self.initial.setdefault(
                "where", where_value(self.instance.commune, self.instance.quartier)
            )

    def clean_observed_on(self) -> date:
        return not_in_future(self.cleaned_data["observed_on"])

    def clean_text(self) -> str:
        """Seed 001 art. 5: only general information is shared. Refuse what obviously points
        at a person: a phone number, an e-mail address, a youth's pseudonym."""
        text = self.cleaned_data["text"].strip()
        if _PHONE.search(text):
            raise ValidationError(
                "Retirez le numéro de téléphone : une observation se rédige en termes généraux."
            )
        if _EMAIL.search(text):
            raise ValidationError(
                "Retirez l'adresse électronique : une observation se rédige en termes généraux."
            )
        if _PSEUDONYM.search(text) or self._names_a_youth(text):
            raise ValidationError(
                "Retirez le pseudonyme du jeune : une observation porte sur le territoire, "
                "pas sur une personne."
            )
        return text

    def _names_a_youth(self, text: str) -> bool:
        words = {w.lower() for w in re.findall(r"[\w-]{3,}", text)}
        if not words:
            return False
        pseudonyms = Youth.objects.filter(service=self.service).values_list("pseudonym", flat=True)
        return any(p.lower() in words for p in pseudonyms)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "where" in data:
            self.instance.commune, self.instance.quartier = resolve_where(data["where"])
        return data
