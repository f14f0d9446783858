"""The guided set-up of a convention, without code: a funder agent starts a draft (from scratch,
from a model convention or by copying an earlier one), then fills it in step by step — parties,
period, money, clauses, bodies, reports — and sees the calendar it would generate before
anything is signed. Each step is saved as it goes; a draft grants nothing (access follows the
operator's consent, ``reperes.conventions.access``). Server-rendered, works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.locking import show_refusal

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


def _after_saving(request: HttpRequest, convention: Convention, step: str) -> str:
    """A saved step stays on its page, or goes on to the next one (« Enregistrer et
    continuer »)."""
    return reverse(_next(step) if "continuer" in request.POST else step, args=[convention.pk])


def _save_step(
    request: HttpRequest,
    convention: Convention,
    step: str,
    form: Any,
    action: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    page: Callable[[], HttpResponse],
    **options: Any,
) -> HttpResponse:
    """Run one step's action (``run_form_action``), then stay on the step or go on."""
    return run_form_action(
        request,
        form,
        action,
        success=success,
        redirect_to=_after_saving(request, convention, step),
        page=page,
        **options,
    )


def _remove(
    request: HttpRequest,
    convention: Convention,
    step: str,
    remove: Callable[[], Any],
    **options: Any,
) -> HttpResponse:
    """A step's « Retirer » button: it carries no field, so its form is valid when posted;
    ``remove()`` runs as any step's action (``_save_step``). A refusal (a record of another
    convention, one already removed) is said above the page: the step's own form was not
    posted, so it has no field to carry it."""
    form = forms.Form(request.POST if request.method == "POST" else None)
    return _save_step(
        request,
        convention,
        step,
        form,
        remove,
        refused=lambda exc: messages.error(request, " ".join(exc.messages)),
        **options,
    )


# --- Step 1 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup_start(request: HttpRequest) -> HttpResponse:
    if not can_set_up(request.user):
        raise PermissionDenied("Seul l'agent d'un financeur met en place une convention.")
    form = StartForm(request.POST or None, user=request.user)
    return run_form_action(
        request,
        form,
        lambda: actions.start_convention(
            request.user,
            origin=form.cleaned_data["origin"],
            title=form.cleaned_data["title"],
            short_title=form.cleaned_data["short_title"],
            service=form.cleaned_data["service"],
            template=form.cleaned_data.get("template"),
            source=form.cleaned_data.get("source"),
        ),
        success="Le projet de convention est créé. Il n'ouvre aucune donnée du service tant que "
        "l'opérateur ne l'a pas acceptée.",
        redirect_to=lambda convention: reverse("conventions:setup_parties", args=[convention.pk]),
        page=form_page(request, "conventions/setup_start.html", form=form),
    )


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
    return _save_step(
        request,
        convention,
        step,
        service_form,
        lambda: actions.save_parties(
            request.user,
            convention,
            service=service_form.cleaned_data["service"],
            parties=parties.party_inputs(),
        ),
        with_forms=[parties],
        refused=lambda exc: show_refusal(parties, exc),
        success="Les parties sont enregistrées.",
        page=lambda: _render(
            request,
            "conventions/setup_parties.html",
            convention,
            step,
            form=service_form,
            parties=parties,
        ),
    )


# --- Step 3 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup_terms(request: HttpRequest, pk: int) -> HttpResponse:
    step = "conventions:setup_terms"
    convention = _draft(request, pk)
    form = TermsForm(request.POST or None, instance=Convention.objects.get(pk=convention.pk))
    return _save_step(
        request,
        convention,
        step,
        form,
        lambda: actions.save_terms(
            request.user,
            convention,
            {name: form.cleaned_data[name] for name in form.Meta.fields},
        ),
        success="La période est enregistrée.",
        page=lambda: _render(request, "conventions/setup_terms.html", convention, step, form=form),
    )


# --- Step 4 ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def setup_money(request: HttpRequest, pk: int) -> HttpResponse:
    step = "conventions:setup_money"
    convention = _draft(request, pk)
    start, end, note = span(convention, timezone.localdate())
    years = actions.period_years(start, end)
    form = PaymentsForm(
        request.POST if request.POST.get("action") == "add" else None, convention=convention
    )

    def page() -> HttpResponse:
        # money's schedules, through the relation money declares (conventions never imports it)
        schedules = convention.payment_schedules.select_related(
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

    if request.POST.get("action") == "remove":
        return _remove(
            request,
            convention,
            step,
            lambda: actions.remove_payments(
                request.user, convention, _int(request.POST, "schedule")
            ),
            success="L'échéancier est retiré.",
            page=page,
        )

    def save() -> Any:
        data = form.cleaned_data
        return actions.save_payments(
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

    return _save_step(
        request, convention, step, form, save, success="L'échéancier est enregistré.", page=page
    )


def _int(data: Any, name: str) -> int:
    try:
        return int(data.get(name, ""))
    except ValueError as exc:
        raise ValidationError("Élément introuvable.") from exc


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
    form = context["form"]

    def page() -> HttpResponse:
        extra: dict[str, Any] = {"secrecy": secrecy}
        if step == "conventions:setup_reports":
            extra["preview"] = preview(convention, timezone.localdate())
        return _render(request, template, convention, step, **context, **extra)

    if action == "remove":
        return _remove(
            request,
            convention,
            step,
            lambda: actions.remove_clause(request.user, convention, request.POST.get("clause", "")),
            success="La clause est retirée.",
            page=page,
        )
    if action == "secrecy":
        return _save_step(
            request,
            convention,
            step,
            secrecy,
            lambda: actions.save_secrecy(
                request.user,
                convention,
                threshold=secrecy.cleaned_data["secrecy_threshold"],
                zone_floor=secrecy.cleaned_data["secrecy_zone_floor"],
            ),
            success="Le secret statistique est enregistré.",
            page=page,
        )
    if action == "add" and form is not None:
        return _save_step(
            request,
            convention,
            step,
            form,
            lambda: actions.add_clause(
                request.user,
                convention,
                kind=form.kind.code,
                params=form.params,
                article=form.cleaned_data["article"],
            ),
            success=lambda clause: f"Clause ajoutée : {clause}.",
            page=page,
        )
    return page()


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

    def page() -> HttpResponse:
        return _render(
            request,
            "conventions/setup_bodies.html",
            convention,
            step,
            form=form,
            bodies=convention.bodies.select_related("organiser__organisation"),
        )

    if request.POST.get("action") == "remove":
        return _remove(
            request,
            convention,
            step,
            lambda: actions.remove_body(request.user, convention, _int(request.POST, "body")),
            success="L'instance est retirée.",
            page=page,
        )
    return _save_step(
        request,
        convention,
        step,
        form,
        lambda: actions.add_body(
            request.user,
            convention,
            {
                **form.cleaned_data,
                "minimum": bool(form.cleaned_data["minimum"]),
                "regular_interval": bool(form.cleaned_data["regular_interval"]),
            },
        ),
        success=lambda body: f"Instance ajoutée : {body}.",
        page=page,
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
