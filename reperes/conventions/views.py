from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.accounts.http import SignedInRequest
from reperes.core.access import get_visible_or_404
from reperes.core.files import private_download
from reperes.core.models import DataWarning, audit
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
from .models import Convention, ConventionTemplate, Party
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
    on = reference_date(request)
    dates = dates_of(convention, on)
    simulation = simulate_signature(convention, on) if not convention.is_signed else None
    parties = convention.parties.select_related("organisation").prefetch_related(
        "signatories__deliberation", "commitments"
    )
    context = {
        "convention": convention,
        "on": on,
        "dates": dates,
        "simulation": simulation,
        "parties": parties,
        "articles": convention.articles.all(),
        "legal_bases": convention.legal_bases.all(),
        "annexes": convention.annexes.all(),
        "amendments": convention.amendments.all(),
        "events": convention.events.select_related("party__organisation"),
        "warnings": DataWarning.for_object(convention),
        "history": convention.history.select_related("history_user")[:20],
        "followers": convention.followers.visible_to(request.user),
        "readings": clause_readings(convention),
        "abilities": get_abilities(request.user, convention),
        "today": timezone.localdate(),
        **clause_context(request.user, convention, on),
    }
    return render(request, "conventions/detail.html", context)


def _require(request: HttpRequest, ability: str, convention: Convention | None = None) -> None:
    if not get_abilities(request.user, convention)[ability]:
        raise PermissionDenied("Votre rôle ne permet pas cette action.")


@require_http_methods(["GET", "POST"])
def convention_create(request: HttpRequest) -> HttpResponse:
    _require(request, "create")
    form = ConventionForm(request.POST or None, request.FILES or None)
    parties = PartyFormSet(request.POST or None, prefix="parties")
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        inputs = parties.party_inputs()
        if request.user.organisation_id not in {p.organisation_id for p in inputs}:  # type: ignore[union-attr]
            parties._non_form_errors = parties.error_class(  # type: ignore[attr-defined]
                ["Votre organisation doit être partie à la convention que vous créez."]
            )
        else:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "communes"}
            try:
                convention = actions.create_convention(
                    request.user, fields, inputs, form.cleaned_data["communes"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    "La convention a été créée. Elle n'ouvre aucune donnée du service tant que "
                    "l'opérateur ne l'a pas acceptée.",
                )
                return redirect("conventions:detail", pk=convention.pk)
    return render(request, "conventions/form.html", {"form": form, "parties": parties})


@require_http_methods(["GET", "POST"])
def convention_amend(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "amend", convention)
    next_number = convention.amendments.count() + 1
    form = AmendmentForm(request.POST or None, instance=convention, initial={"number": next_number})
    if request.method == "POST" and form.is_valid():
        try:
            amendment = actions.amend_convention(
                request.user,
                Convention.objects.get(pk=convention.pk),
                number=form.cleaned_data["number"],
                title=form.cleaned_data["amendment_title"],
                signed_on=form.cleaned_data["signed_on"],
                effective_on=form.cleaned_data["effective_on"],
                summary=form.cleaned_data["summary"],
                changes=form.changes(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if amendment.status == "pending":
                messages.warning(
                    request,
                    "L'avenant est enregistré ; il abaisse le secret statistique et ne "
                    "s'appliquera qu'avec l'accord de l'opérateur du service.",
                )
            else:
                messages.success(request, "L'avenant a été enregistré.")
            return redirect("conventions:detail", pk=convention.pk)
    return render(request, "conventions/amend.html", {"form": form, "convention": convention})


@require_http_methods(["GET", "POST"])
def convention_sign(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "sign", convention)
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign_convention(request.user, convention, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "La signature a été enregistrée. Les données du service ne s'ouvrent aux "
                "financeurs qu'avec l'accord enregistré de l'opérateur.",
            )
            return redirect("conventions:detail", pk=convention.pk)
    return render(
        request,
        "conventions/action_form.html",
        {"form": form, "convention": convention, "heading": "Enregistrer la signature"},
    )


@require_http_methods(["GET", "POST"])
def convention_event(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "record_event", convention)
    form = EventForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_event(request.user, convention, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'événement a été enregistré ; le statut est recalculé.")
            return redirect("conventions:detail", pk=convention.pk)
    return render(
        request,
        "conventions/action_form.html",
        {
            "form": form,
            "convention": convention,
            "heading": "Enregistrer une dénonciation, une mise en demeure ou une résiliation",
        },
    )


@require_http_methods(["GET", "POST"])
def convention_upload(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    _require(request, "upload", convention)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            convention.signed_document = form.cleaned_data["document"]
            convention.save(update_fields=["signed_document", "updated_at"])
            audit(request.user, "convention.upload", convention, "Dépôt de la convention signée")
        messages.success(request, "Le document a été déposé.")
        return redirect("conventions:detail", pk=convention.pk)
    return render(
        request,
        "conventions/action_form.html",
        {
            "form": form,
            "convention": convention,
            "heading": "Déposer la convention signée",
            "multipart": True,
        },
    )


def convention_document(request: HttpRequest, pk: int) -> FileResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    if not convention.signed_document:
        raise Http404("Aucun document")
    return private_download(convention.signed_document, f"convention-{convention.pk}.pdf")


def _instantiate_abilities(request: HttpRequest, template: ConventionTemplate) -> bool:
    return can_edit_conventions(request.user) and request.user.organisation_id == template.owner_id  # type: ignore[union-attr]


@require_http_methods(["GET", "POST"])
def template_instantiate(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_visible_or_404(ConventionTemplate, request.user, pk=pk)
    if not _instantiate_abilities(request, template):
        raise PermissionDenied("Seule l'organisation pilote décline sa convention type.")
    form = InstantiateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        parties = [
            actions.PartyInput(template.owner_id, PartyRole.PILOT),
            actions.PartyInput(service.operator_id, PartyRole.OPERATOR),
            *(actions.PartyInput(c.pk, PartyRole.CO_FUNDER) for c in form.cleaned_data["communes"]),
        ]
        try:
            convention = actions.instantiate_template(
                request.user,
                template,
                title=form.cleaned_data["title"],
                service=service,
                parties=parties,
                communes=[c.commune for c in form.cleaned_data["communes"] if c.commune],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "La convention a été créée à partir du modèle ; enregistrez sa signature quand elle interviendra.",
            )
            return redirect("conventions:detail", pk=convention.pk)
    return render(
        request, "conventions/template_instantiate.html", {"form": form, "template": template}
    )


def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
