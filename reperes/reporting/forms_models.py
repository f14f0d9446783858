"""Forms of the report model editor: plain form posts, one per step (no JavaScript needed).
Every choice comes from the indicator catalogue and the engine's vocabulary
(``catalogue``, ``model_engine``); the model's own checks (``report_models.validate``) run
when the step is applied."""

from __future__ import annotations

from typing import Any

from django import forms

from reperes.core.form_fields import choice_field, model_choice_field
from reperes.partners.enums import OrganisationKind
from reperes.partners.models import Organisation

from .catalogue import EXTRAS, Unit, groups, indicator
from .indicators import DIMENSION_LABELS
from .model_engine import CHART_KINDS, DIMENSION_NAMES, DISTRIBUTIONS, LISTS

KEY_HELP = "Minuscules, chiffres, - ou _ ; 2 à 40 caractères (il apparaît dans les adresses)."


def indicator_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The catalogue's indicators by group, then the engine's other figures, each with its
    unit."""
    grouped = [
        (group, [(i.code, f"{i.label} ({i.unit.label})") for i in items])
        for group, items in groups().items()
    ]
    grouped.append(
        ("Autres chiffres du moteur", [(i.code, f"{i.label} ({i.unit.label})") for i in EXTRAS])
    )
    return grouped


def _flat(grouped: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple[str, str]]:
    return [choice for _group, choices in grouped for choice in choices]


class CreateForm(forms.Form):
    key = forms.CharField(label="Code du modèle", max_length=40, help_text=KEY_HELP)
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    cumulative = forms.BooleanField(
        label="Depuis le 1er janvier (chiffres cumulés de l'année)", required=False
    )


class CopyForm(forms.Form):
    source = forms.CharField(widget=forms.HiddenInput)
    key = forms.CharField(label="Code de votre modèle", max_length=40, help_text=KEY_HELP)
    title = forms.CharField(label="Intitulé", max_length=200, required=False)


class SectionForm(forms.Form):
    title = forms.CharField(label="Titre de la partie", max_length=200)


class InSectionForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RenameForm(InSectionForm):
    title = forms.CharField(label="Nouveau titre", max_length=200)


class MoveForm(InSectionForm):
    direction = forms.ChoiceField(choices=[("up", "Monter"), ("down", "Descendre")])


class ValuesForm(InSectionForm):
    title = forms.CharField(label="Titre du tableau", max_length=200)
    codes = forms.MultipleChoiceField(
        label="Indicateurs (une ligne chacun)", widget=forms.CheckboxSelectMultiple
    )
    total = forms.ChoiceField(label="Ligne de total (facultative)", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grouped = indicator_choices()
        choice_field(self, "codes").choices = grouped
        choice_field(self, "total").choices = [("", "— pas de total —"), *grouped]
        self.fields["codes"].error_messages["required"] = "Choisissez au moins un indicateur."

    def block(self) -> dict[str, Any]:
        data = self.cleaned_data
        block = {"type": "values", "title": data["title"].strip(), "codes": data["codes"]}
        if data["total"]:
            block["total"] = data["total"]
        return block


ORDER_CHOICES = [
    ("present", "Les valeurs présentes dans la période"),
    ("usual", "Les valeurs habituelles (même à zéro)"),
    ("all", "Toutes les valeurs possibles"),
]


def distribution_choices() -> list[tuple[str, str]]:
    return [
        (name, f"{label} — par {', '.join(DIMENSION_NAMES[d].lower() for d in dims)}")
        for name, (label, dims, _code) in DISTRIBUTIONS.items()
    ]


class DistributionForm(InSectionForm):
    title = forms.CharField(label="Titre du tableau", max_length=200)
    distribution = forms.ChoiceField(label="Ce qui est compté", choices=distribution_choices)
    rows = forms.ChoiceField(label="En lignes", choices=list(DIMENSION_NAMES.items()))
    columns = forms.ChoiceField(
        label="En colonnes (facultatif)",
        required=False,
        choices=[("", "— une seule colonne —"), *DIMENSION_NAMES.items()],
    )
    row_order = forms.ChoiceField(label="Lignes affichées", choices=ORDER_CHOICES)

    def block(self) -> dict[str, Any]:
        data = self.cleaned_data
        name = data["distribution"]
        block: dict[str, Any] = {
            "type": "distribution",
            "title": data["title"].strip(),
            "distribution": name,
            "rows": data["rows"],
            "row_order": data["row_order"],
        }
        if data["columns"]:
            block["columns"] = data["columns"]
            block["column_order"] = data["row_order"] if data["row_order"] != "all" else "usual"
        # Statistical secrecy applies unless the cells count things (actions), not persons
        # or their encounters.
        counted = indicator(DISTRIBUTIONS[name][2])
        block["people"] = counted is None or counted.unit is not Unit.COUNT
        return block


SPECIAL_KINDS = [
    ("time_share", "Répartition du temps de travail (heures et %)"),
    ("actions", "Actions collectives par thématique (participants par âge et par lieu)"),
    ("sessions", "Organisation de la présence (séances et heures par lieu)"),
    ("labels", "Liste : problématiques ou réponses apportées (jeunes)"),
]


class SpecialForm(InSectionForm):
    kind = forms.ChoiceField(label="Tableau", choices=SPECIAL_KINDS)
    title = forms.CharField(label="Titre du tableau", max_length=200)
    categories = forms.MultipleChoiceField(
        label="Thématiques (actions collectives)",
        required=False,
        choices=list(DIMENSION_LABELS["category"].items()),
        widget=forms.CheckboxSelectMultiple,
    )
    list = forms.ChoiceField(label="Liste", required=False, choices=[("", "—"), *LISTS.items()])

    def block(self) -> dict[str, Any]:
        data = self.cleaned_data
        block: dict[str, Any] = {"type": data["kind"], "title": data["title"].strip()}
        if data["kind"] == "actions":
            block["categories"] = data["categories"]
        if data["kind"] == "labels":
            block["list"] = data["list"]
        return block


class RemoveBlockForm(InSectionForm):
    key = forms.CharField(widget=forms.HiddenInput)


class RemoveChartForm(InSectionForm):
    table = forms.CharField(widget=forms.HiddenInput)


class ChartForm(InSectionForm):
    table = forms.CharField(label="Tableau dessiné")
    kind = forms.ChoiceField(label="Type de graphique", choices=list(CHART_KINDS.items()))
    title = forms.CharField(label="Titre (facultatif)", max_length=200, required=False)


class NarrativeForm(InSectionForm):
    key = forms.CharField(label="Code de la partie rédigée", max_length=40, help_text=KEY_HELP)
    title = forms.CharField(label="Titre", max_length=200)


class PreviewForm(forms.Form):
    service = forms.TypedChoiceField(label="Service", coerce=int)
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)

    def __init__(self, *args: Any, services: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "service").choices = [(s.pk, s.name) for s in services]


class ShareForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Départements avec lesquels le modèle est partagé",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, owner_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisations").queryset = (
            Organisation.objects.filter(kind=OrganisationKind.DEPARTEMENT)
            .exclude(pk=owner_id)
            .order_by("name")
        )
