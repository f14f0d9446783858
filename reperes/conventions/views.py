from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.accounts.http import SignedInRequest
from reperes.core.access import get_visible_or_404
from reperes.core.files import private_download
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.models import DataWarning
from reperes.core.params import choice_param, text_param
from reperes.core.views import reference_date
from reperes.partners.models import Commune, Organisation

from . import actions
from .abilities import can_edit_conventions, get_abilities
from .clause_display import clause_context
from .dates import dates_of, simulate_signature
from .enums import PartyRole
from .forms import (
    AmendmentForm,
    ConventionForm,
    DocumentForm,
    EventForm,
    InstantiateForm,
    PartyFormSet,
    SignatureForm,
)
from .models import Convention, ConventionEvent, ConventionTemplate, Party
from .overview import rows_for, search
from .rules_text import clause_readings

STATUS_FILTERS = [
    ("", "Tous les statuts"),
    ("draft", "Projet"),
    ("signed", "Signée, pas encore en vigueur"),
    ("in_force", "En vigueur"),
    ("renewed", "Reconduite"),
    ("withdrawn", "Dénoncée"),
    ("terminated", "Résiliée"),
    ("expired", "Échue"),
]


def convention_list(request: SignedInRequest) -> HttpResponse:
    on = reference_date(request)
    visible = Convention.objects.visible_to(request.user)
    status = choice_param(request.GET, "statut", [code for code, _label in STATUS_FILTERS])
    rows = rows_for(search(visible, request.GET), on, status)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    partner_ids = Party.objects.filter(convention__in=visible).values("organisation")
    context = {
        "page": page,
        "on": on,
        "status": status,
        "status_filters": STATUS_FILTERS,
        "q": text_param(request.GET, "q"),
        "partenaire": request.GET.get("partenaire", ""),
        "commune": request.GET.get("commune", ""),
        "partners": Organisation.objects.filter(pk__in=partner_ids).order_by("name"),
        "communes": Commune.objects.filter(conventions__in=visible).distinct().order_by("name"),
        "can_create": can_edit_conventions(request.user),
        "can_set_up": get_abilities(request.user)["set_up"],
    }
    template = "conventions/_list_results.html" if request.htmx else "conventions/list.html"
    return render(request, template, context)


def convention_detail(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    # Read once for the page: its dates, its clauses and its template all go through them.
    prefetch_related_objects(
        [convention],
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation").prefetch_related(
                "signatories__deliberation", "commitments"
            ),
        ),
        Prefetch("events", queryset=ConventionEvent.objects.select_related("party__organisation")),
        "amendments",
    )
    on = reference_date(request)
    dates = dates_of(convention, on)
    simulation = simulate_signature(convention, on) if not convention.is_signed else None
    abilities = get_abilities(request.user, convention)
    context = {
        "convention": convention,
        "on": on,
        "dates": dates,
        "simulation": simulation,
        "parties": convention.parties.all(),
        "articles": convention.articles.all(),
        "legal_bases": convention.legal_bases.all(),
        "annexes": convention.annexes.all(),
        "amendments": convention.amendments.all(),
        "events": convention.events.all(),
        "warnings": DataWarning.for_object(convention),
        "history": convention.history.select_related("history_user")[:20],
        "followers": convention.followers.visible_to(request.user),
        "readings": clause_readings(convention),
        "abilities": abilities,
        "today": timezone.localdate(),
        **clause_context(request.user, convention, on, abilities),
    }
    return render(request, "conventions/detail.html", context)


def _require(request: HttpRequest, ability: str, convention: Convention | None = None) -> None:
    if not get_abilities(request.user, convention)[ability]:
        raise PermissionDenied("Votre rôle ne permet pas cette action.")


@require_http_methods(["GET", "POST"])
def convention_create(request: SignedInRequest) -> HttpResponse:
    _require(request, "create")
    form = ConventionForm(request.POST or None, request.FILES or None)
    parties = PartyFormSet(
        request.POST or None,
        prefix="parties",
        creator_organisation_id=request.user.organisation_id,
    )
    return run_form_action(
        request,
        form,
        lambda: actions.create_convention(
            request.user,
            {k: v for k, v in form.cleaned_data.items() if k != "communes"},
            parties.party_inputs(),
            form.cleaned_data["communes"],
        ),
        with_forms=[parties],
        success="La convention a été créée. Elle n'ouvre aucune donnée du service tant que "
        "l'opérateur ne l'a pas acceptée.",
        redirect_to=_detail_url,
        page=form_page(request, "conventions/form.html", form=form, parties=parties),
    )


def _detail_url(convention: Convention) -> str:
    return reverse("conventions:detail", args=[convention.pk])


def _action_page(
    request: HttpRequest, form: Any, convention: Convention, heading: str, **options: Any
) -> Callable[[], HttpResponse]:
    """The page of an action on one convention: its heading, the form, the way back to it."""
    return form_page(
        request,
        "conventions/action_form.html",
        form=form,
        convention=convention,
        heading=heading,
        **options,
    )


@require_http_methods(["GET", "POST"])
def convention_amend(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "amend", convention)
    next_number = convention.amendments.count() + 1
    form = AmendmentForm(request.POST or None, instance=convention, initial={"number": next_number})
    return run_form_action(
        request,
        form,
        lambda: actions.amend_convention(
            request.user,
            Convention.objects.get(pk=convention.pk),
            form.avenant(),
            changes=form.changes(),
        ),
        success=lambda amendment: (
            "L'avenant est enregistré ; il abaisse le secret statistique et ne "
            "s'appliquera qu'avec l'accord de l'opérateur du service."
            if amendment.status == "pending"
            else "L'avenant a été enregistré."
        ),
        level=lambda amendment: (
            messages.WARNING if amendment.status == "pending" else messages.SUCCESS
        ),
        redirect_to=_detail_url(convention),
        page=form_page(request, "conventions/amend.html", form=form, convention=convention),
    )


@require_http_methods(["GET", "POST"])
def convention_sign(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "sign", convention)
    form = SignatureForm(request.POST or None)
    return run_form_action(
        request,
        form,
        lambda: actions.sign_convention(request.user, convention, **form.cleaned_data),
        success="La signature a été enregistrée. Les données du service ne s'ouvrent aux "
        "financeurs qu'avec l'accord enregistré de l'opérateur.",
        redirect_to=_detail_url(convention),
        page=_action_page(request, form, convention, "Enregistrer la signature"),
    )


@require_http_methods(["GET", "POST"])
def convention_event(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "record_event", convention)
    form = EventForm(request.POST or None, convention=convention)
    return run_form_action(
        request,
        form,
        lambda: actions.record_event(request.user, convention, **form.cleaned_data),
        success="L'événement a été enregistré ; le statut est recalculé.",
        redirect_to=_detail_url(convention),
        page=_action_page(
            request,
            form,
            convention,
            "Enregistrer une dénonciation, une mise en demeure ou une résiliation",
        ),
    )


@require_http_methods(["GET", "POST"])
def convention_upload(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "upload", convention)
    form = DocumentForm(request.POST or None, request.FILES or None)
    return run_form_action(
        request,
        form,
        lambda: actions.upload_signed_document(
            request.user, convention, form.cleaned_data["document"]
        ),
        success="Le document a été déposé.",
        redirect_to=_detail_url(convention),
        page=_action_page(
            request, form, convention, "Déposer la convention signée", multipart=True
        ),
    )


def convention_document(request: HttpRequest, pk: int) -> FileResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    if not convention.signed_document:
        raise Http404("Aucun document")
    return private_download(convention.signed_document, f"convention-{convention.pk}.pdf")


def _instantiate_abilities(request: SignedInRequest, template: ConventionTemplate) -> bool:
    return can_edit_conventions(request.user) and request.user.organisation_id == template.owner_id


@require_http_methods(["GET", "POST"])
def template_instantiate(request: SignedInRequest, pk: int) -> HttpResponse:
    template = get_visible_or_404(ConventionTemplate, request.user, pk=pk)
    if not _instantiate_abilities(request, template):
        raise PermissionDenied("Seule l'organisation pilote décline sa convention type.")
    form = InstantiateForm(request.POST or None)
    return run_form_action(
        request,
        form,
        lambda: _instantiate(request, template, form.cleaned_data),
        success="La convention a été créée à partir du modèle ; enregistrez sa signature quand "
        "elle interviendra.",
        redirect_to=_detail_url,
        page=form_page(
            request, "conventions/template_instantiate.html", form=form, template=template
        ),
    )


def _instantiate(
    request: HttpRequest, template: ConventionTemplate, data: dict[str, Any]
) -> Convention:
    """The template's convention for the chosen service: its owner pilots, the service's
    operator operates, the chosen communes co-fund."""
    service = data["service"]
    parties = [
        actions.PartyInput(template.owner_id, PartyRole.PILOT),
        actions.PartyInput(service.operator_id, PartyRole.OPERATOR),
        *(actions.PartyInput(c.pk, PartyRole.CO_FUNDER) for c in data["communes"]),
    ]
    return actions.instantiate_template(
        request.user,
        template,
        title=data["title"],
        service=service,
        parties=parties,
        communes=[c.commune for c in data["communes"] if c.commune],
    )


def template_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    template = get_visible_or_404(ConventionTemplate, request.user, pk=pk)
    on = reference_date(request)
    instances = rows_for(template.instances.visible_to(request.user), on)
    return render(
        request,
        "conventions/template_detail.html",
        {
            "template": template,
            "instances": instances,
            "on": on,
            "simulation": simulate_signature(template, on),
            "articles": template.articles.all(),
            "legal_bases": template.legal_bases.all(),
            "can_instantiate": _instantiate_abilities(request, template),
        },
    )
