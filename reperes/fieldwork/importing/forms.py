"""The upload form of the accompaniment table: the file is checked whole before anything else
(``importing.read.check_upload``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from reperes.fieldwork.importing.columns import ImportRefused
from reperes.fieldwork.importing.read import check_upload


class ImportUploadForm(forms.Form):
    fichier = forms.FileField(
        label="Tableau des accompagnements (.xlsx)",
        help_text="Le modèle à télécharger ci-dessus, rempli : une ligne par accompagnement, "
        "sans nom ni coordonnées.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={
            "required": "Choisissez le fichier à importer.",
            "empty": "Le fichier est vide.",
        },
    )

    content: bytes = b""
    rows: list[dict[str, Any]]

    def clean_fichier(self) -> Any:
        upload = self.cleaned_data["fichier"]
        limit = settings.REPERES_IMPORT_MAX_BYTES
        if upload.size > limit:  # refused before it is read
            raise ValidationError(
                f"Le fichier dépasse la taille autorisée ({limit // (1024 * 1024)} Mo)."
            )
        content = upload.read()
        try:
            self.rows = check_upload(upload.name or "", content)
        except ImportRefused as refusal:
            raise ValidationError(str(refusal)) from refusal
        self.content = content
        return upload
