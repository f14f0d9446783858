"""Pages of the aggregate submissions and of the funder's consolidation (issue 5).

Who sees what: a submission is seen by its service's staff and, once sent, by the agents of
the funders party to its convention (``Submission.objects.visible_to``); everyone else gets a
404. Among those who see it, only the service's director changes it and only a funder agent
decides on it: the others get a 403. The consolidation is the funder's own page: an agent of
that organisation only, and its figures pass through the statistical-secrecy layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from reperes.accounts.enums import Role
from reperes.accounts.http import SignedInRequest
from reperes.core import csv_exports
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.params import year_param
from reperes.core.replica import reading_replica
from reperes.partners.models import Organisation

from . import actions_submissions as actions
from . import catalogue, consolidation, export_notes, exports, provenance_consolidation, secrecy
from .access import is_service_staff, service_or_404
from .enums import EDITABLE_STATUSES, SubmissionStatus
from .models import Submission
from .reports import TOTAL
from .spreadsheet_submissions import MAX_BYTES, read_upload, template_xlsx
from .submissions import check_submission

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def submission_or_404(user: Any, public_id: Any) -> Submission:
    try:
        return (
            Submission.objects.visible_to(user)
            .select_related("service__operator", "convention")
            .prefetch_related("values", "events__by")
            .get(public_id=public_id)
        )
    except (Submission.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Page introuvable") from exc


def _field_name(prefix: str, code: str) -> str:
    return f"{prefix}_{code.replace('.', '-')}"


class SubmissionForm(forms.Form):
    """One value and one note per catalogue indicator, an explanation per flagged change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for indicator in catalogue.INDICATORS:
            self.fields[_field_name("v", indicator.code)] = forms.DecimalField(
                label=indicator.label,
                required=False,
                min_value=0,
                max_digits=12,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
                error_messages={
                    "invalid": "Saisissez un nombre (ou laissez vide : non renseigné).",
                    "min_value": "Une valeur ne peut pas être négative.",
                    "max_decimal_places": "Au plus deux décimales.",
                    "max_digits": "Ce nombre est trop grand.",
                },
            )
            self.fields[_field_name("n", indicator.code)] = forms.CharField(
                label=f"Précision — {indicator.label}", required=False, max_length=300
            )
            self.fields[_field_name("e", indicator.code)] = forms.CharField(
                label=f"Explication — {indicator.label}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @classmethod
    def initial_for(cls, submission: Submission) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for row in submission.values.all():
            initial[_field_name("v", row.code)] = row.value
            initial[_field_name("n", row.code)] = row.note
        for code, text in submission.explanations.items():
            initial[_field_name("e", code)] = text
        return initial

    def entries(self) -> dict[str, tuple[Decimal | None, str]]:
        return {
            i.code: (
                self.cleaned_data[_field_name("v", i.code)],
                self.cleaned_data[_field_name("n", i.code)],
            )
            for i in catalogue.INDICATORS
        }

    def explanations(self) -> dict[str, str]:
        return {
            i.code: self.cleaned_data[_field_name("e", i.code)]
            for i in catalogue.INDICATORS
            if self.cleaned_data[_field_name("e", i.code)].strip()
        }


def _groups(form: SubmissionForm) -> list[dict[str, Any]]:
    return [
        {
            "title": title,
            "rows": [
                {
                    "indicator": indicator,
                    "part": indicator.part_of is not None,
                    "value": form[_field_name("v", indicator.code)],
                    "note": form[_field_name("n", indicator.code)],
                }
                for indicator in indicators
            ],
        }
        for title, indicators in catalogue.groups().items()
    ]


def _findings_context(submission: Submission, form: SubmissionForm, reveal: bool) -> list[Any]:
    findings = check_submission(submission, reveal_names=reveal)
    blocking = actions.checks.blocking(findings, submission.explanations)
    return [
        {
            "finding": finding,
            "blocking": finding in blocking,
            "explanation": form[_field_name("e", finding.codes[0])]
            if finding.needs_explanation
            else None,
        }
        for finding in findings
    ]


def submission_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    submissions = list(
        Submission.objects.visible_to(user)
        .select_related("service", "convention")
        .order_by("-year", "service__name")
    )
    own_service = None
    if getattr(user, "service_id", None) and user.role == Role.SERVICE_DIRECTOR:
        own_service = user.service
    funder = user.organisation if user.role == Role.FUNDER_AGENT else None
    return render(
        request,
        "reporting/submissions/list.html",
        {
            "submissions": submissions,
            "to_decide": [s for s in submissions if s.status == SubmissionStatus.SENT],
            "own_service": own_service,
            "funder": funder,
            "default_year": timezone.localdate().year - 1,
            "is_funder": funder is not None,
        },
    )


class StartForm(forms.Form):
    year = forms.IntegerField(
        label="Année",
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "Saisissez une année (ex. 2024)."},
    )


def _submission_url(submission: Submission) -> str:
    return reverse("reporting:submission", kwargs={"pk": submission.public_id})


def submission_create(request: HttpRequest, pk: int) -> HttpResponse:
    service = service_or_404(request.user, pk)
    if not is_service_staff(request.user, service):
        raise Http404("Page introuvable")
    if not actions.is_service_director(request.user, service):
        raise PermissionDenied("Seule la direction du service ouvre une remontée.")
    form = StartForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    return run_form_action(
        request,
        form,
        lambda: actions.start_submission(request.user, service, form.cleaned_data["year"]),
        success="",
        redirect_to=_submission_url,
        page=form_page(request, "reporting/submissions/create.html", form=form, service=service),
    )


def submission_page(request: HttpRequest, pk: Any) -> HttpResponse:
    submission = submission_or_404(request.user, pk)
    editable = actions.can_edit(request.user, submission)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Cette remontée ne peut pas être modifiée par vous.")
        form = SubmissionForm(request.POST)
        if form.is_valid():
            try:
                actions.save_draft(request.user, submission, form.entries(), form.explanations())
                if request.POST.get("intent") == "send":
                    actions.send_submission(request.user, submission)
                    messages.success(request, "La remontée a été envoyée au financeur.")
                else:
                    messages.success(request, "Le brouillon a été enregistré.")
                return redirect("reporting:submission", pk=submission.public_id)
            except actions.SubmissionRefused as refused:
                for text in refused.messages:
                    form.add_error(None, text)
                submission = submission_or_404(request.user, pk)
    else:
        form = SubmissionForm(initial=SubmissionForm.initial_for(submission))
    decider = actions.is_decider(request.user, submission)
    return render(
        request,
        "reporting/submissions/detail.html",
        {
            "submission": submission,
            "form": form,
            "groups": _groups(form),
            "findings": _findings_context(submission, form, reveal=decider),
            "editable": editable,
            "decider": decider,
            "values": {v.code: v for v in submission.values.all()},
            "max_kb": MAX_BYTES // 1024,
        },
    )


def submission_xlsx(request: HttpRequest, pk: Any) -> HttpResponse:
    submission = submission_or_404(request.user, pk)
    response = HttpResponse(template_xlsx(submission), content_type=XLSX)
    name = f"remontee-{slugify(submission.service.name)}-{submission.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField(label="Classeur rempli (XLSX)")


def submission_upload(request: HttpRequest, pk: Any) -> HttpResponse:
    submission = submission_or_404(request.user, pk)
    if not actions.is_service_director(request.user, submission.service):
        raise PermissionDenied("Seule la direction du service téléverse sa remontée.")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if submission.status not in EDITABLE_STATUSES:
        errors.append("Cette remontée n'est plus modifiable : elle a été envoyée ou validée.")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            errors.append(f"Le fichier dépasse {MAX_BYTES // 1024} Ko : ce n'est pas le modèle.")
        else:
            result = read_upload(upload.read(MAX_BYTES + 1), submission)
            errors = result.errors
            if not errors:
                try:
                    changed = actions.save_draft(request.user, submission, result.entries)
                except actions.SubmissionRefused as refused:
                    errors = refused.messages
                else:
                    messages.success(
                        request,
                        "Le classeur a été importé."
                        if changed
                        else "Le classeur ne change rien : la remontée était déjà à jour.",
                    )
                    return redirect("reporting:submission", pk=submission.public_id)
    return render(
        request,
        "reporting/submissions/upload.html",
        {"submission": submission, "form": form, "errors": errors, "max_kb": MAX_BYTES // 1024},
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="Commentaire au service",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Requis pour renvoyer la remontée au service.",
    )


def submission_decide(request: HttpRequest, pk: Any) -> HttpResponse:
    submission = submission_or_404(request.user, pk)
    if not actions.is_decider(request.user, submission):
        raise PermissionDenied("Seul un financeur partie à la convention décide d'une remontée.")
    form = DecisionForm(request.POST or None)
    decide: Callable[[Any, Submission, str], Submission]
    if request.POST.get("intent") == "validate":
        decide, done = (
            actions.validate_submission,
            "La remontée est validée : elle est verrouillée.",
        )
    else:
        decide, done = actions.return_submission, "La remontée a été renvoyée au service."
    return run_form_action(
        request,
        form,
        lambda: decide(request.user, submission, form.cleaned_data["comment"]),
        success=done,
        redirect_to=_submission_url,
        page=lambda: render(
            request,
            "reporting/submissions/decide.html",
            {
                "submission": submission,
                "form": form,
                "findings": check_submission(submission, reveal_names=True),
            },
        ),
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label="Motif du déverrouillage",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Le motif du déverrouillage est requis."},
    )


def submission_unlock(request: HttpRequest, pk: Any) -> HttpResponse:
    submission = submission_or_404(request.user, pk)
    if not actions.is_decider(request.user, submission):
        raise PermissionDenied(
            "Seul un financeur partie à la convention déverrouille une remontée."
        )
    form = UnlockForm(request.POST or None)
    return run_form_action(
        request,
        form,
        lambda: actions.unlock_submission(request.user, submission, form.cleaned_data["reason"]),
        success="La remontée est déverrouillée et renvoyée au service.",
        redirect_to=_submission_url,
        page=form_page(
            request, "reporting/submissions/unlock.html", submission=submission, form=form
        ),
    )


# ---------------------------------------------------------------- consolidation


def _funder_or_404(user: Any, pk: int) -> Organisation:
    """A funder's consolidation is opened by its own agents only."""
    if (
        not getattr(user, "is_authenticated", False)
        or user.role != Role.FUNDER_AGENT
        or user.organisation_id != pk
    ):
        raise Http404("Page introuvable")
    return user.organisation


def _year(request: HttpRequest, coverage: dict[int, set[int]]) -> int:
    """The year asked for; else the last finished year that has data."""
    from reperes.core.access import today

    year = year_param(request.GET)
    return consolidation.default_year(coverage, today()) if year is None else year


def published_consolidation(
    request: HttpRequest, pk: int, year: int | None = None
) -> tuple[Any, list[Any]]:
    """The funder's consolidation for ``year`` (the API's), else the page's ``?annee=``."""
    funder = _funder_or_404(request.user, pk)
    from reperes.conventions.access import binding_conventions
    from reperes.conventions.models import Convention
    from reperes.core.access import today

    with reading_replica():  # the read replica, when there is one (core/replica.py)
        coverage = consolidation.years_with_data(consolidation.services_of(funder), today().year)
        result = consolidation.build(funder, year or _year(request, coverage), coverage)
    conventions = binding_conventions(
        Convention.objects.filter(
            parties__organisation=funder, service__in=[row.service for row in result.rows]
        )
    )
    return result, secrecy.publish_tables(result.tables, secrecy.strictest(conventions))


def _years(result: Any) -> list[tuple[int, int]]:
    """(year, number of its services with data) for the year selector: the years that have
    data, and the one shown."""
    years = set(result.coverage) | {result.year}
    return [(y, len(result.coverage.get(y, ()))) for y in sorted(years, reverse=True)]


def consolidation_page(request: HttpRequest, pk: int) -> HttpResponse:
    result, tables = published_consolidation(request, pk)
    by_label = {row.label: row for row in result.rows}
    query = f"?annee={result.year}"
    blocks = [
        {
            "table": table,
            "body": [
                {
                    "label": label,
                    "cells": line,
                    # Each figure of a service's row links to where it comes from.
                    "linked": [
                        (
                            value,
                            provenance_consolidation.link(pk, result.year, table.key, i, j)
                            if label in by_label
                            else "",
                        )
                        for j, value in enumerate(line)
                    ],
                    "total": label == TOTAL,
                    "flagged": bool(label in by_label and by_label[label].findings),
                    "anchor": f"service-{by_label[label].service.pk}" if label in by_label else "",
                }
                for i, (label, line) in enumerate(zip(table.rows, table.cells, strict=True))
            ],
        }
        for table in tables
    ]
    return render(
        request,
        "reporting/submissions/consolidation.html",
        {
            "result": result,
            "blocks": blocks,
            "rows": result.rows,
            "nr_everywhere": consolidation.nr_everywhere(list(result.rows)),
            "identical_shown": result.identical[: consolidation.IDENTICAL_SHOWN],
            "identical_more": max(len(result.identical) - consolidation.IDENTICAL_SHOWN, 0),
            "years": _years(result),
            "without_data": [r.label for r in result.rows if r.source == consolidation.SOURCE_NONE],
            "legend": secrecy.LEGEND,
            "links": {
                "xlsx": reverse("reporting:consolidation_xlsx", kwargs={"pk": pk}) + query,
                "csv": reverse("reporting:consolidation_csv", kwargs={"pk": pk}) + query,
                "csv_machine": reverse("reporting:consolidation_csv", kwargs={"pk": pk})
                + f"{query}&{csv_exports.PARAMETER}={csv_exports.MACHINE.name}",
            },
        },
    )


def _export_report(result: Any, tables: list[Any]) -> Any:
    """The shape ``exports`` reads, NR spelled out in the cells; its header names the funder
    as the funder (a service's report names its operator there)."""
    period = f"du {result.period.start:%d/%m/%Y} au {result.period.end:%d/%m/%Y}"
    return SimpleNamespace(
        title=result.title,
        header=[
            ("Rapport", result.title),
            ("Financeur", result.funder.name),
            ("Services", len(result.rows)),
            ("Période", period),
        ],
        row_heading="Service",
        tables=[
            replace(
                t,
                cells=tuple(tuple("NR" if v is None else v for v in line) for line in t.cells),
            )
            for t in tables
        ],
    )


def _filename(result: Any, extension: str) -> str:
    return f"consolidation-{slugify(result.funder.name)}-{result.year}.{extension}"


def consolidation_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    result, tables = published_consolidation(request, pk)
    content = exports.to_xlsx(
        _export_report(result, tables), export_notes.consolidation_notes(result, tables)
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "xlsx")}"'
    return response


def consolidation_csv(request: HttpRequest, pk: int) -> HttpResponse:
    result, tables = published_consolidation(request, pk)
    content = exports.to_csv(
        _export_report(result, tables),
        export_notes.consolidation_notes(result, tables),
        csv_exports.dialect_of(request.GET),
    )
    response = HttpResponse(content, content_type=csv_exports.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "csv")}"'
    return response
