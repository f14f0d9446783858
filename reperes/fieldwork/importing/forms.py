"""The upload form of the accompaniment table: the file is checked whole before anything else
(``importing.read.check_upload``)."""

from __future__ import annotations

from typing import Any

from reperes.core.form_fields import WorkbookUploadForm, workbook_field
from reperes.fieldwork.importing.columns import ImportRefused
from reperes.fieldwork.importing.read import check_upload


class ImportUploadForm(WorkbookUploadForm):
    fichier = workbook_field(
        "Tableau des accompagnements (.xlsx)",
        "Le modèle à télécharger ci-dessus, rempli : une ligne par accompagnement, sans nom ni "
        "coordonnées.",
        accept=".xlsx",
    )
    refused = ImportRefused
    rows: list[dict[str, Any]]

    def check(self, name: str, content: bytes) -> list[dict[str, Any]]:
        return check_upload(name, content)
