"""Import of conventions with their clauses from a workbook (reperes/conventions/importer.py):
upload → the errors, row by row (nothing written), or what was created and updated.

Only a funder agent imports, and only conventions its organisation pilots or co-funds (checked
row by row); everybody else gets a 403. Importing is idempotent: sending the same file again
changes nothing, so the page writes straight away instead of keeping the file for a preview.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from reperes.core.access import is_funder_agent
from reperes.core.form_fields import WorkbookUploadForm, workbook_field

from .import_money import SCHEDULE_COLUMNS
from .import_rows import CLAUSE_COLUMNS, CONVENTION_COLUMNS, PARAM_COLUMNS
from .import_template import template_workbook
from .importer import ImportRefused, Rows, apply_plan, build_plan, check_upload
from .models import Convention

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ConventionImportForm(WorkbookUploadForm):
    fichier = workbook_field(
        "Classeur des conventions (.xlsx ou .ods)",
        "Le modèle à télécharger ci-dessus, rempli : feuilles « Conventions », « Clauses » et, "
        "si besoin, « Échéanciers ».",
        accept=".xlsx,.ods",
    )
    refused = ImportRefused
    rows: Rows

    def check(self, name: str, content: bytes) -> Rows:
        return check_upload(name, content)


def _require_funder(request: HttpRequest) -> None:
    if not is_funder_agent(request.user):
        raise PermissionDenied("Seul l'agent d'un financeur importe des conventions.")


@require_http_methods(["GET", "POST"])
def import_conventions(request: HttpRequest) -> HttpResponse:
    _require_funder(request)
    form = ConventionImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "form": form,
        "convention_columns": CONVENTION_COLUMNS,
        "clause_columns": [c for c in CLAUSE_COLUMNS if c not in PARAM_COLUMNS],
        "param_columns": PARAM_COLUMNS,
        "schedule_columns": SCHEDULE_COLUMNS,
        "refusal": "",
        "plan": None,
        "summary": None,
        "imported": None,
    }
    if request.method == "POST" and form.is_valid():
        try:
            plan = apply_plan(request.user, form.rows)
        except ImportRefused as refusal:
            context["refusal"] = str(refusal)
            context["plan"] = build_plan(request.user, form.rows)
        else:
            references = [r.reference for r in plan.conventions]
            context["plan"] = plan
            context["summary"] = summary_sentences(plan.summary)
            context["imported"] = (
                Convention.objects.visible_to(request.user)
                .filter(reference__in=references)
                .annotate(clause_count=Count("clauses"))
                .select_related("service")
                .order_by("reference")
            )
    return render(request, "conventions/import.html", context)


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    _require_funder(request)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="modele-conventions.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def _count(number: int, singular: str, plural: str) -> str:
    """« 0 convention créée », « 1 convention créée », « 2 conventions créées »."""
    return f"{number} {singular if number < 2 else plural}"


# What each kind of row may become, as the summary says it: (heading, row kind, the French
# participles for each outcome, singular and plural).
SUMMARY_WORDS = (
    (
        "Conventions",
        "convention",
        (
            ("create", "créée", "créées"),
            ("update", "mise à jour", "mises à jour"),
            ("unchanged", "inchangée", "inchangées"),
        ),
    ),
    (
        "Clauses",
        "clause",
        (
            ("create", "créée", "créées"),
            ("update", "modifiée", "modifiées"),
            ("unchanged", "inchangée", "inchangées"),
        ),
    ),
    (
        "Échéanciers",
        "schedule",
        (
            ("create", "créé", "créés"),
            ("update", "remplacé", "remplacés"),
            ("unchanged", "inchangé", "inchangés"),
        ),
    ),
)


def summary_sentences(summary: dict[str, int]) -> list[str]:
    """What the import did, one French sentence per kind of row."""
    return [
        f"{heading} : "
        + ", ".join(
            _count(summary[f"{kind}_{outcome}"], singular, plural)
            for outcome, singular, plural in outcomes
        )
        + "."
        for heading, kind, outcomes in SUMMARY_WORDS
    ]
