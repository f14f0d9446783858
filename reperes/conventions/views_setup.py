"""The guided set-up of a convention, without code: a funder agent starts a draft (from scratch,
from a model convention or by copying an earlier one), then fills it in step by step — parties,
period, money, clauses, bodies, reports — and sees the calendar it would generate before
anything is signed. Each step is saved as it goes; a draft grants nothing (access follows the
operator's consent, ``reperes.core.access``). Server-rendered, works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.core.access import get_visible_or_404

from . import actions_setup as actions
from . import catalogue, clauses
from .actions_setup import can_set_up, is_editable
from .forms_setup import (
    BodyForm,
    ClauseForm,
    PaymentsForm,
    SecrecyForm,
    ServiceForm,
    SetupPartyFormSet,
    StartForm,
    TermsForm,
)
from .models import Convention
from .preview import preview, span

STEPS = [
    ("conventions:setup_parties", "Parties et signataires"),
    ("conventions:setup_terms", "Période et reconduction"),
    ("conventions:setup_money", "Financement et versements"),
    ("conventions:setup_clauses", "Clauses"),
    ("conventions:setup_bodies", "Instances"),
    ("conventions:setup_reports", "Rapports et secret statistique"),
]
REFUSED = "Seul l'agent d'un financeur partie à la convention la met en place."


def _draft(request: HttpRequest, pk: int) -> Convention:
    """The convention being set up: 404 when the user does not see it, 403 when they may not
    set it up (not a funder party's agent, or the convention is signed or decided)."""
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    if not is_editable(convention):
        raise PermissionDenied(actions.LOCKED)
    if not can_set_up(request.user, convention):
        raise PermissionDenied(REFUSED)
    return convention


def _steps(convention: Convention, current: str) -> list[dict[str, Any]]:
    return [
        {
            "number": index + 2,
            "label": label,
            "url": reverse(name, kwargs={"pk": convention.pk}),
            "current": name == current,
        }
        for index, (name, label) in enumerate(STEPS)
    ]


def _next(current: str) -> str:
    names = [name for name, _label in STEPS]
    index = names.index(current)
    return names[index + 1] if index + 1 < len(names) else "conventions:setup_preview"


def _render(
    request: HttpRequest, template: str, convention: Convention, step: str, **context: Any
) -> HttpResponse:
    number = [name for name, _label in STEPS].index(step)
    return render(
        request,
        template,
        {
            "convention": convention,
            "steps": _steps(convention, step),
            "step_label": STEPS[number][1],
            "step_number": number + 2,
            "next_url": reverse(_next(step), kwargs={"pk": convention.pk}),
            **context,
        },
    )


def _saved(request: HttpRequest, convention: Convention, step: str, text: str) -> HttpResponse:
    messages.success(request, text)
    if "continuer" in request.POST:
        return redirect(_next(step), pk=convention.pk)
    return redirect(step, pk=convention.pk)


# --- Step 1 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup_start(request: HttpRequest) -> HttpResponse:
    if not can_set_up(request.user):
        raise PermissionDenied("Seul l'agent d'un financeur met en place une convention.")
    form = StartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            convention = actions.start_convention(
                request.user,
                origin=data["origin"],
                title=data["title"],
                short_title=data["short_title"],
                service=data["service"],
                template=data.get("template"),
                source=data.get("source"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "Le projet de convention est créé. Il n'ouvre aucune donnée du service tant que "
                "l'opérateur ne l'a pas acceptée.",
            )
            return redirect("conventions:setup_parties", pk=convention.pk)
    return render(request, "conventions/setup_start.html", {"form": form})


# --- Step 2 ---------------------------------------------------------------------------------


def _party_initial(convention: Convention) -> list[dict[str, Any]]:
    rows = []
    for party in convention.parties.select_related("organisation").prefetch_related("signatories"):
        signatory = party.signatories.first()
        rows.append(
            {
                "organisation": party.organisation_id,
                "role": party.role,
                "designation": party.designation,
                "signatory_name": signatory.full_name if signatory else "",
                "signatory_title": signatory.title if signatory else "",
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
def setup_parties(request: HttpRequest, pk: int) -> HttpResponse:
    step = "conventions:setup_parties"
    convention = _draft(request, pk)
    data = request.POST or None
    service_form = ServiceForm(data, initial={"service": convention.service_id})
    parties = SetupPartyFormSet(data, prefix="parties", initial=_party_initial(convention))
    if request.method == "POST" and service_form.is_valid() and parties.is_valid():
        try:
            actions.save_parties(
                request.user,
                convention,
                service=service_form.cleaned_data["service"],
                parties=parties.party_inputs(),
            )
        except ValidationError as exc:
            parties._non_form_errors = parties.error_class(exc.messages)  # type: ignore[attr-defined]
        else:
            return _saved(request, convention, step, "Les parties sont enregistrées.")
    return _render(
        request,
        "conventions/setup_parties.html",
        convention,
        step,
        form=service_form,
        parties=parties,
    )


# --- Step 3 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup_terms(request: HttpRequest, pk: int) -> HttpResponse:
    step = "conventions:setup_terms"
    convention = _draft(request, pk)
    form = TermsForm(request.POST or None, instance=Convention.objects.get(pk=convention.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            actions.save_terms(request.user, convention, fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _saved(request, convention, step, "La période est enregistrée.")
    return _render(request, "conventions/setup_terms.html", convention, step, form=form)


# --- Step 4 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup_money(request: HttpRequest, pk: int) -> HttpResponse:
    from reperes.money.models import PaymentSchedule

    step = "conventions:setup_money"
    convention = _draft(request, pk)
    start, end, note = span(convention, timezone.localdate())
    years = actions.period_years(start, end)
    form = PaymentsForm(
        request.POST if request.POST.get("action") == "add" else None, convention=convention
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                actions.remove_payments(request.user, convention, _int(request.POST, "schedule"))
                return _saved(request, convention, step, "L'échéancier est retiré.")
            if form.is_valid():
                data = form.cleaned_data
                actions.save_payments(
                    request.user,
                    convention,
                    payer=data["payer"],
                    payee=data["payee"],
                    annual=data["annual"],
                    kind=data["kind"],
                    years=years,
                    period_months=data.get("period_months") if data["kind"] == "periodic" else None,
                    due_day=data["due_day"],
                    article=data["article"],
                )
                return _saved(request, convention, step, "L'échéancier est enregistré.")
        except ValidationError as exc:
            _add_errors(form, exc)
    schedules = PaymentSchedule.objects.filter(convention=convention).select_related(
        "payer__organisation", "payee__organisation"
    )
    return _render(
        request,
        "conventions/setup_money.html",
        convention,
        step,
        form=form,
        schedules=[(s, s.instalments.order_by("year", "due_on")) for s in schedules],
        years=years,
        period_note=note,
    )


def _int(data: Any, name: str) -> int:
    try:
        return int(data.get(name, ""))
    except ValueError as exc:
        raise ValidationError("Élément introuvable.") from exc


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


# --- Steps 5 and 7: clauses -----------------------------------------------------------------

CLAUSE_KINDS = [code for code in catalogue.KINDS if code != catalogue.REPORT]


def _clause_context(
    request: HttpRequest, convention: Convention, kinds: list[str]
) -> dict[str, Any]:
    """The clauses already there (own and inherited), the kind picked and its form, its
    suggestions (each citing its source); a POST that fails keeps what was typed."""
    posted = request.method == "POST" and request.POST.get("action") == "add"
    source = request.POST if posted else request.GET
    code = source.get("nature", "") if len(kinds) > 1 else kinds[0]
    kind = catalogue.KINDS.get(code) if code in kinds else None
    form = None
    suggestion = None
    if kind is not None:
        initial: dict[str, Any] = {}
        index = request.GET.get("suggestion", "")
        if not posted and index.isdigit() and int(index) < len(kind.suggestions):
            suggestion = kind.suggestions[int(index)]
            initial = ClauseForm.initial_from(suggestion.params)
            initial["article"] = ""
        form = ClauseForm(request.POST if posted else None, kind=kind, initial=initial)
    on = timezone.localdate()
    start, _end, _note = span(convention, on)
    day = start or on
    existing = [
        history[-1]
        for history in clauses.versions(convention).values()
        if history[-1].kind in kinds
    ]
    return {
        "kinds": [(c, catalogue.KINDS[c].label) for c in kinds],
        "kind": kind,
        "form": form,
        "suggestion": suggestion,
        "suggestions": list(enumerate(kind.suggestions)) if kind else [],
        "existing": sorted(existing, key=lambda b: (b.clause.order, b.key)),
        "in_force_day": day,
    }


def _clauses_step(
    request: HttpRequest, pk: int, step: str, kinds: list[str], template: str
) -> HttpResponse:
    convention = _draft(request, pk)
    context = _clause_context(request, convention, kinds)
    secrecy = SecrecyForm(
        request.POST if request.POST.get("action") == "secrecy" else None,
        initial={
            "secrecy_threshold": convention.secrecy_threshold,
            "secrecy_zone_floor": convention.secrecy_zone_floor,
        },
    )
    action = request.POST.get("action")
    if request.method == "POST":
        form = context["form"]
        try:
            if action == "remove":
                actions.remove_clause(request.user, convention, request.POST.get("clause", ""))
                return _saved(request, convention, step, "La clause est retirée.")
            if action == "secrecy" and secrecy.is_valid():
                actions.save_secrecy(
                    request.user,
                    convention,
                    threshold=secrecy.cleaned_data["secrecy_threshold"],
                    zone_floor=secrecy.cleaned_data["secrecy_zone_floor"],
                )
                return _saved(request, convention, step, "Le secret statistique est enregistré.")
            if action == "add" and form is not None and form.is_valid():
                clause = actions.add_clause(
                    request.user,
                    convention,
                    kind=form.kind.code,
                    params=form.params,
                    article=form.cleaned_data["article"],
                )
                return _saved(request, convention, step, f"Clause ajoutée : {clause}.")
        except ValidationError as exc:
            target = secrecy if action == "secrecy" else form
            if target is not None:
                _add_errors(target, exc)
            else:
                messages.error(request, " ".join(exc.messages))
    extra: dict[str, Any] = {"secrecy": secrecy}
    if step == "conventions:setup_reports":
        extra["preview"] = preview(convention, timezone.localdate())
    return _render(request, template, convention, step, **context, **extra)


@require_http_methods(["GET", "POST"])
def setup_clauses(request: HttpRequest, pk: int) -> HttpResponse:
    return _clauses_step(
        request, pk, "conventions:setup_clauses", CLAUSE_KINDS, "conventions/setup_clauses.html"
    )


@require_http_methods(["GET", "POST"])
def setup_reports(request: HttpRequest, pk: int) -> HttpResponse:
    return _clauses_step(
        request,
        pk,
        "conventions:setup_reports",
        [catalogue.REPORT],
        "conventions/setup_reports.html",
    )


# --- Step 6 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup_bodies(request: HttpRequest, pk: int) -> HttpResponse:
    step = "conventions:setup_bodies"
    convention = _draft(request, pk)
    adding = request.POST.get("action") == "add"
    form = BodyForm(request.POST if adding else None, convention=convention)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                actions.remove_body(request.user, convention, _int(request.POST, "body"))
                return _saved(request, convention, step, "L'instance est retirée.")
            if adding and form.is_valid():
                data = form.cleaned_data
                body = actions.add_body(
                    request.user,
                    convention,
                    {
                        **data,
                        "minimum": bool(data["minimum"]),
                        "regular_interval": bool(data["regular_interval"]),
                    },
                )
                return _saved(request, convention, step, f"Instance ajoutée : {body}.")
        except ValidationError as exc:
            _add_errors(form, exc)
    bodies = convention.bodies.select_related("organiser__organisation")
    return _render(
        request, "conventions/setup_bodies.html", convention, step, form=form, bodies=bodies
    )


# --- Preview --------------------------------------------------------------------------------


def setup_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The calendar the convention would generate, readable by every member of its parties
    (the operator reviews it before accepting)."""
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    editable = is_editable(convention) and can_set_up(request.user, convention)
    return render(
        request,
        "conventions/setup_preview.html",
        {
            "convention": convention,
            "preview": preview(convention, timezone.localdate()),
            "steps": _steps(convention, "") if editable else [],
            "step_label": "",
            "editable": editable,
        },
    )
