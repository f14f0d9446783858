"""Money pages: thin views over ``overview`` (reads) and ``actions`` (writes).

Reading and printing: everyone who sees the convention; outsiders get 404. Writing: see
``abilities`` (403 for the convention's read-only members)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from reperes.conventions.models import Convention
from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import run_form_action
from reperes.core.params import year_param
from reperes.core.views import reference_date
from reperes.partners.models import Deliberation
from reperes.rules.allocation import format_eur

from . import actions, pdf
from .abilities import can_issue_call, can_manage_funding, can_manage_schedule
from .forms import (
    CallForFundsForm,
    EvolutionForm,
    GenerateForm,
    PaymentForm,
    RestitutionForm,
)
from .models import CallForFunds, Funding, Instalment, PaymentSchedule
from .overview import money_page, schedule_queryset, schedule_view


def _page_url(convention_id: int, anchor: str = "") -> str:
    url = reverse("money:convention", kwargs={"pk": convention_id})
    return f"{url}#{anchor}" if anchor else url


def convention_money(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    on = reference_date(request)
    asked = year_param(request.GET)
    page = money_page(convention, request.user, on, None if asked is None else str(asked))
    forms = {
        sv.schedule.pk: PaymentForm(schedule=sv.schedule, auto_id=f"p{sv.schedule.pk}_%s")
        for sv in page.schedules
        if sv.abilities["record_payment"] and sv.open_instalments
    }
    for sv in page.schedules:
        sv.payment_form = forms.get(sv.schedule.pk)
    return render(
        request, "money/convention.html", {"page": page, "convention": convention, "on": on}
    )


def _schedule(request: HttpRequest, pk: int) -> PaymentSchedule:
    get_visible_or_404(PaymentSchedule, request.user, pk=pk)
    return schedule_queryset().get(pk=pk)


def _funding_years(convention_id: int) -> list[int]:
    return list(
        Funding.objects.filter(convention_id=convention_id)
        .order_by("year")
        .values_list("year", flat=True)
    )


@require_http_methods(["GET", "POST"])
def record_payment(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = _schedule(request, pk)
    if not can_manage_schedule(request.user, schedule):
        raise PermissionDenied(
            "Seuls les agents du financeur qui verse enregistrent ses versements."
        )
    form = PaymentForm(request.POST or None, schedule=schedule, auto_id=f"p{schedule.pk}_%s")
    return run_form_action(
        request,
        form,
        lambda: actions.record_payment(
            form.cleaned_data["instalment"],
            form.cleaned_data["paid_on"],
            form.cleaned_data["amount"],
            form.cleaned_data["reference"],
            actor=request.user,
        ),
        success=lambda instalment: (
            f"Versement de {format_eur(form.cleaned_data['amount'])} enregistré : "
            f"{instalment.label}."
        ),
        redirect_to=_schedule_url(schedule),
        page=lambda: render(
            request,
            "money/payment.html",
            {"form": form, "schedule": schedule, "convention": schedule.convention},
        ),
        partial=lambda **shown: _schedule_partial(request, schedule, **shown),
    )


def _schedule_url(schedule: PaymentSchedule) -> str:
    return _page_url(schedule.convention_id, f"echeancier-{schedule.pk}")


def _schedule_partial(
    request: HttpRequest,
    schedule: PaymentSchedule,
    *,
    form: PaymentForm | None = None,
    notice: str = "",
) -> HttpResponse:
    schedule = schedule_queryset().get(pk=schedule.pk)
    on = reference_date(request)
    sv = schedule_view(schedule, request.user, on)
    if form is None and sv.open_instalments:
        form = PaymentForm(schedule=schedule, auto_id=f"p{schedule.pk}_%s")
    sv.payment_form = form
    return render(
        request,
        "money/_schedule.html",
        {"sv": sv, "convention": schedule.convention, "on": on, "notice": notice},
    )


def _schedule_form(
    form_class: Callable[..., Any],
    allowed: Callable[[Any, PaymentSchedule], bool],
    refusal: str,
    action: Callable[[Any, PaymentSchedule, dict[str, Any]], Any],
    *,
    success: Callable[[Any, dict[str, Any]], str],
    heading: str,
    intro: str,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The page of a form acting on a payment schedule for a year the convention funds:
    refused (403, ``refusal``) to whom ``allowed(user, schedule)`` is false; a valid POST runs
    ``action(user, schedule, cleaned_data)`` and says ``success(result, cleaned_data)``;
    ``heading`` is formatted with the ``schedule``."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        schedule = _schedule(request, pk)
        if not allowed(request.user, schedule):
            raise PermissionDenied(refusal)
        form = form_class(request.POST or None, years=_funding_years(schedule.convention_id))
        return run_form_action(
            request,
            form,
            lambda: action(request.user, schedule, form.cleaned_data),
            success=lambda result: success(result, form.cleaned_data),
            redirect_to=_schedule_url(schedule),
            page=_action_page(
                request, form, schedule.convention, heading.format(schedule=schedule), intro
            ),
        )

    return view


generate = _schedule_form(
    GenerateForm,
    can_manage_schedule,
    "Seuls les agents du financeur qui verse établissent ses échéances.",
    lambda user, schedule, data: actions.generate_instalments(schedule, data["year"], actor=user),
    success=lambda rows, data: (
        f"Échéances {data['year']} établies ({len(rows)}) ; les versements "
        "déjà enregistrés sont conservés."
    ),
    heading="Établir les échéances — {schedule}",
    intro="Les échéances sont calculées par les règles de la convention ; relancer le calcul met "
    "à jour les échéances non versées et conserve celles qui sont versées.",
)
call_create = _schedule_form(
    CallForFundsForm,
    can_issue_call,
    "Seuls le payeur et le bénéficiaire émettent un appel de fonds.",
    lambda user, schedule, data: actions.issue_call_for_funds(
        schedule, data["year"], data["issued_on"], number=data["number"], actor=user
    ),
    success=lambda call, _data: (
        f"Appel de fonds n° {call.number} émis ({format_eur(call.amount)})."
    ),
    heading="Émettre un appel de fonds — {schedule.payer.organisation}",
    intro="Le montant appelé est la participation de l'année restant due ; la lettre est "
    "disponible en PDF une fois l'appel émis.",
)


def _convention_for_funding_write(request: HttpRequest, pk: int) -> Convention:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    if not can_manage_funding(request.user, convention.parties.all()):
        raise PermissionDenied(
            "Seuls les agents des financeurs de la convention modifient ses financements."
        )
    return convention


@require_http_methods(["GET", "POST"])
def evolution(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention_for_funding_write(request, pk)
    deliberations = Deliberation.objects.filter(
        organisation__in=convention.parties.values("organisation")
    ).select_related("organisation")
    form = EvolutionForm(
        request.POST or None, years=_funding_years(convention.pk), deliberations=deliberations
    )
    return run_form_action(
        request,
        form,
        lambda: actions.apply_evolution_rate(
            Funding.objects.get(convention=convention, year=form.cleaned_data["year"]),
            form.cleaned_data["rate_percent"],
            deliberation=form.cleaned_data["deliberation"],
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
        success=lambda revised: f"Financement {revised.year} révisé par le taux voté.",
        redirect_to=_page_url(convention.pk, "financements"),
        page=_action_page(
            request,
            form,
            convention,
            "Appliquer un taux d'évolution",
            "Le taux voté par l'assemblée s'applique au financement de l'année choisie et donne "
            "celui de l'année suivante (créé, ou révisé : l'historique garde les anciennes valeurs).",
        ),
    )


@require_http_methods(["GET", "POST"])
def restitution(request: HttpRequest, pk: int) -> HttpResponse:
    convention = _convention_for_funding_write(request, pk)
    form = RestitutionForm(request.POST or None, years=_funding_years(convention.pk))
    return run_form_action(
        request,
        form,
        lambda: actions.record_restitution(
            convention,
            form.cleaned_data["year"],
            form.cleaned_data["amount"],
            form.cleaned_data["reason"],
            form.cleaned_data["requested_on"],
            received_on=form.cleaned_data["received_on"],
            actor=request.user,
        ),
        success="La restitution a été enregistrée.",
        redirect_to=_page_url(convention.pk, "restitutions"),
        page=_action_page(
            request,
            form,
            convention,
            "Enregistrer une restitution",
            "Une somme versée et non utilisée conformément aux engagements est restituée à la "
            "demande du financeur, dans les termes de la convention.",
        ),
    )


def _action_page(
    request: HttpRequest, form: Any, convention: Convention, heading: str, intro: str
) -> Callable[[], HttpResponse]:
    return lambda: render(
        request,
        "money/action_form.html",
        {"form": form, "convention": convention, "heading": heading, "intro": intro},
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def call_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_visible_or_404(CallForFunds, request.user, pk=pk)
    call = CallForFunds.objects.select_related(
        "convention", "schedule__payee__organisation__commune", "addressee__organisation"
    ).get(pk=call.pk)
    return _pdf_response(pdf.call_for_funds_pdf(call), f"appel-de-fonds-{call.number}.pdf")


@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    instalment = get_visible_or_404(Instalment, request.user, pk=pk)
    if instalment.paid_on is None:
        raise Http404("Aucun versement enregistré sur cette échéance.")
    instalment = Instalment.objects.select_related(
        "schedule__convention",
        "schedule__payer__organisation__commune",
        "schedule__payee__organisation",
    ).get(pk=instalment.pk)
    return _pdf_response(
        pdf.payment_notice_pdf(instalment),
        f"avis-de-versement-{instalment.year}-{instalment.slot}.pdf",
    )
