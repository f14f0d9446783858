"""Fiches-actions, local diagnostics and the open data of subsidies. Every read goes through the
models' ``visible_to`` (``get_visible_or_404``), every write through ``actions``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from reperes.accounts.http import SignedInRequest
from reperes.conventions.models import Convention
from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.views import reference_date
from reperes.governance.models import Meeting

from . import actions, diff, scdl
from .abilities import (
    can_export_subsidies,
    diagnostic_abilities,
    require_diagnostic,
    require_sheet_edit,
    sheet_abilities,
)
from .forms import DecideThemesForm, DiagnosticVersionForm, SheetForm, ValidateForm
from .models import Diagnostic, DiagnosticVersion, ThemeSheet

# ---------------------------------------------------------------- fiches-actions


def convention_sheets(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    sheets = ThemeSheet.objects.filter(convention=convention).select_related("pilot")
    years: dict[int, list[ThemeSheet]] = {}
    for sheet in sheets.order_by("-year", "theme"):
        years.setdefault(sheet.year, []).append(sheet)
    return render(
        request,
        "territory/sheets.html",
        {
            "convention": convention,
            "years": sorted(years.items(), reverse=True),
            "abilities": sheet_abilities(request.user, convention),
        },
    )


def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_visible_or_404(ThemeSheet, request.user, pk=pk)
    return render(
        request,
        "territory/sheet_detail.html",
        {
            "sheet": sheet,
            "convention": sheet.convention,
            "actions": sheet.actions.all(),
            "indicators": sheet.indicators.select_related("series"),
            "partners": sheet.partners.all(),
            "history": sheet.history(),
            "abilities": sheet_abilities(request.user, sheet.convention),
        },
    )


def _sheet_form(
    request: HttpRequest, convention: Convention, sheet: ThemeSheet | None
) -> HttpResponse:
    require_sheet_edit(request.user, convention)
    initial = {} if sheet else {"year": reference_date(request).year}
    form = SheetForm(request.POST or None, instance=sheet, convention=convention, initial=initial)
    return run_form_action(
        request,
        form,
        lambda: actions.save_sheet(
            request.user,
            convention,
            {name: form.cleaned_data[name] for name in form.Meta.fields},
            partners=form.cleaned_data["partners"],
            actions=form.cleaned_data["actions_text"],
            indicators=form.cleaned_data["indicators_text"],
            sheet=sheet,
        ),
        success=lambda saved: f"Fiche-action « {saved} » enregistrée.",
        redirect_to=lambda saved: reverse("territory:sheet", args=[saved.pk]),
        page=form_page(
            request, "territory/sheet_form.html", form=form, convention=convention, sheet=sheet
        ),
    )


@require_http_methods(["GET", "POST"])
def sheet_create(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    return _sheet_form(request, convention, None)


@require_http_methods(["GET", "POST"])
def sheet_update(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = get_visible_or_404(ThemeSheet, request.user, pk=pk)
    return _sheet_form(request, sheet.convention, sheet)


@require_http_methods(["GET", "POST"])
def decide_themes(request: HttpRequest, pk: UUID) -> HttpResponse:
    meeting = get_visible_or_404(Meeting, request.user, public_id=pk)
    convention = meeting.body.convention
    require_sheet_edit(request.user, convention)
    form = DecideThemesForm(request.POST or None, initial={"year": meeting.day.year + 1})
    return run_form_action(
        request,
        form,
        lambda: actions.decide_themes(
            request.user, meeting, form.cleaned_data["year"], form.cleaned_data["themes"]
        ),
        success=lambda sheets: f"{len(sheets)} thème(s) retenu(s) : fiches-actions créées.",
        redirect_to=reverse("governance:meeting", args=[meeting.public_id]),
        page=form_page(
            request,
            "territory/decide_themes.html",
            form=form,
            meeting=meeting,
            convention=convention,
        ),
    )


# ---------------------------------------------------------------- local diagnostic


def diagnostic_list(request: HttpRequest) -> HttpResponse:
    diagnostics = (
        Diagnostic.objects.visible_to(request.user)
        .select_related("service", "commune")
        .prefetch_related("versions")
    )
    return render(request, "territory/diagnostics.html", {"diagnostics": diagnostics})


def diagnostic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = get_visible_or_404(Diagnostic, request.user, pk=pk)
    versions = list(diagnostic.versions.select_related("validated_at__body").order_by("-number"))
    return render(
        request,
        "territory/diagnostic_detail.html",
        {
            "diagnostic": diagnostic,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "abilities": diagnostic_abilities(request.user, diagnostic),
        },
    )


@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = get_visible_or_404(Diagnostic, request.user, pk=pk)
    require_diagnostic(request.user, diagnostic, "write")
    last = diagnostic.versions.order_by("-number").first()
    initial: dict[str, Any] = {"year": reference_date(request).year}
    if last is not None:
        initial |= {name: getattr(last, name) for name, _ in DiagnosticVersion.TEXT_SECTIONS}
        initial["authors"] = last.authors
    form = DiagnosticVersionForm(request.POST or None, initial=initial)
    return run_form_action(
        request,
        form,
        lambda: actions.write_diagnostic_version(
            request.user, diagnostic, form.cleaned_data["year"], form.cleaned_data
        ),
        success=lambda version: f"Version {version.number} enregistrée.",
        redirect_to=_version_url,
        page=form_page(request, "territory/version_form.html", form=form, diagnostic=diagnostic),
    )


def _version_url(version: DiagnosticVersion) -> str:
    return reverse("territory:version", args=[version.pk])


def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_visible_or_404(DiagnosticVersion, request.user, pk=pk)
    diagnostic = version.diagnostic
    return render(
        request,
        "territory/version_detail.html",
        {
            "version": version,
            "diagnostic": diagnostic,
            "sections": [(h, getattr(version, n)) for n, h in DiagnosticVersion.TEXT_SECTIONS],
            "abilities": diagnostic_abilities(request.user, diagnostic),
        },
    )


@require_http_methods(["GET", "POST"])
def version_validate(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_visible_or_404(DiagnosticVersion, request.user, pk=pk)
    diagnostic = version.diagnostic
    require_diagnostic(request.user, diagnostic, "validate")
    form = ValidateForm(
        request.POST or None, meetings=actions.validation_meetings(diagnostic, request.user)
    )
    return run_form_action(
        request,
        form,
        lambda: actions.validate_diagnostic_version(
            request.user, version, form.cleaned_data["meeting"]
        ),
        success=f"Version {version.number} validée.",
        redirect_to=_version_url(version),
        page=form_page(
            request,
            "territory/version_validate.html",
            form=form,
            version=version,
            diagnostic=diagnostic,
        ),
    )


def diagnostic_compare(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = get_visible_or_404(Diagnostic, request.user, pk=pk)
    versions = list(diagnostic.versions.order_by("number"))
    by_number = {v.number: v for v in versions}
    try:
        first = int(request.GET.get("de", "")) if request.GET.get("de") else None
        second = int(request.GET.get("a", "")) if request.GET.get("a") else None
    except ValueError as exc:
        raise Http404("Version introuvable") from exc
    if first is None and second is None and len(versions) >= 2:
        first, second = versions[-2].number, versions[-1].number
    a, b = by_number.get(first or -1), by_number.get(second or -1)
    context: dict[str, Any] = {"diagnostic": diagnostic, "versions": versions, "a": a, "b": b}
    if a is not None and b is not None:
        context["portrait"] = diff.portrait_changes(a, b)
        context["sections"] = diff.section_changes(a, b)
    elif first is not None or second is not None:
        context["error"] = "Choisissez deux versions existantes de ce diagnostic."
    return render(request, "territory/compare.html", context)


# ---------------------------------------------------------------- open data of subsidies


def _subsidies(request: SignedInRequest) -> list[scdl.SubsidyRow]:
    if not can_export_subsidies(request.user):
        raise PermissionDenied("Seuls les agents d'un financeur publient ses subventions.")
    return scdl.subsidies_of(request.user.organisation)


def subsidies(request: SignedInRequest) -> HttpResponse:
    rows = _subsidies(request)
    return render(
        request,
        "territory/subsidies.html",
        {
            "rows": rows,
            "organisation": request.user.organisation,
            "columns": scdl.COLUMNS,
            "errors": scdl.validate_csv(scdl.to_csv(rows)),
        },
    )


def subsidies_csv(request: SignedInRequest) -> HttpResponse:
    rows = _subsidies(request)
    response = HttpResponse(scdl.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subventions-scdl.csv"'
    return response
