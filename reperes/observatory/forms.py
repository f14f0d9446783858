from __future__ import annotations

from typing import Any

from django import forms

from reperes.conventions.models import Convention
from reperes.core.form_fields import choice_field, model_choice_field

from .enums import ZoneLevel
from .models import Dashboard, Series

FILE_HELP = "Tableur CSV (séparateur « ; » ou « , ») ou XLSX, 5 Mo au plus."


class ZonesImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier des zones et populations",
        help_text=(
            "Colonnes : niveau (commune, qpv, veille, iris) ; code ; nom ; commune (code INSEE "
            "de la commune de rattachement) ; année ; population ; allocataires. " + FILE_HELP
        ),
    )


class ContoursImportForm(forms.Form):
    level = forms.ChoiceField(label="Niveau des zones", choices=ZoneLevel.choices)
    source = forms.CharField(
        label="Source des contours",
        max_length=300,
        help_text="Par exemple : « IGN — Contours IRIS, édition 2023 ».",
    )
    file = forms.FileField(
        label="Fichier GeoJSON",
        help_text="FeatureCollection en longitude, latitude (WGS 84) ; propriété « code ».",
    )


class OfAConventionForm(forms.ModelForm):
    """A series or a dashboard is filed under a convention: one the user may read."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "convention").queryset = Convention.objects.visible_to(user)


class SeriesForm(OfAConventionForm):
    class Meta:
        model = Series
        fields = ["convention", "name", "definition", "source", "unit", "level", "kind"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.instance.publisher_id = user.organisation_id


class ValuesImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier des valeurs",
        help_text="Colonnes : code (de la zone) ; année ; valeur ; effectif (facultatif). "
        + FILE_HELP,
    )


class DashboardForm(OfAConventionForm):
    class Meta:
        model = Dashboard
        fields = ["convention", "title", "comment"]


class ItemForm(forms.Form):
    series = forms.ModelChoiceField(label="Série", queryset=Series.objects.none())
    comment = forms.CharField(label="Commentaire", widget=forms.Textarea, required=False)
    map_year = forms.IntegerField(
        label="Année de la carte", required=False, min_value=1900, max_value=2100
    )

    def __init__(self, *args: Any, dashboard: Dashboard, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "series").queryset = Series.objects.filter(
            convention=dashboard.convention
        )


class CommentForm(forms.Form):
    comment = forms.CharField(label="Analyse", widget=forms.Textarea, required=False)


class FromReperesForm(forms.Form):
    """A series by commune computed from Repères' own records (the conventions whose service's
    records the user may read)."""

    convention = forms.ModelChoiceField(label="Convention", queryset=Convention.objects.none())
    indicator = forms.ChoiceField(label="Indicateur de Repères", choices=())
    years = forms.CharField(
        label="Années",
        max_length=60,
        help_text="Séparées par des virgules, par exemple : 2023, 2024.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from reperes.conventions.access import services_visible_to
        from reperes.reporting.catalogue import INDICATORS

        super().__init__(*args, **kwargs)
        self.service_ids = tuple(services_visible_to(user).values_list("pk", flat=True))
        model_choice_field(self, "convention").queryset = Convention.objects.visible_to(
            user
        ).filter(service_id__in=self.service_ids)
        choice_field(self, "indicator").choices = [(i.code, i.label) for i in INDICATORS]

    def clean_years(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["years"].split(",") if p.strip()]
        if not parts or not all(p.isdigit() and len(p) == 4 for p in parts):
            raise forms.ValidationError("Indiquez des années sur quatre chiffres, ex. 2023, 2024.")
        return sorted({int(p) for p in parts})
