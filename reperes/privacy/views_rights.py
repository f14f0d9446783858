"""Pages of the register of rights requests (GDPR art. 15 to 22).

Who sees what: the director of the service records a request, reads the requester and the
youth, exports, decides, answers and erases; the DPO of the controller and the platform
administration read the register — rights, dates, deadlines, state — never the requester, the
youth nor the export (a request page shows them the same without those). Nobody else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from reperes.core.form_actions import form_page, run_form_action
from reperes.fieldwork.enums import AccessAction
from reperes.fieldwork.youths.access_log import log_access

from . import export, responsible, rights
from .forms_rights import DecisionForm, ExtendForm, RequestForm, SentForm
from .models import RequestStatus, RightKind, RightsRequest


def _get(user: Any, pk: Any) -> RightsRequest:
    try:
        return rights.visible_requests(user).select_related("youth").get(public_id=pk)
    except RightsRequest.DoesNotExist as exc:
        raise Http404("Aucune demande") from exc


def _handled(user: Any, pk: Any) -> RightsRequest:
    request = _get(user, pk)
    if not rights.handles(user, request):
        raise PermissionDenied("Seule la direction du service traite la demande.")
    return request


def _read_requester(user: Any, request: RightsRequest) -> None:
    """The requester's name and address are read: logged on the youth's record, if any."""
    if request.youth is not None:
        log_access(
            user,
            request.youth,
            AccessAction.VIEW_IDENTITY,
            record="rights_request",
            record_id=str(request.public_id),
            fields=["requester_name", "requester_address"],
        )


def _pdf(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    from reperes.money.pdf import render_pdf

    response = HttpResponse(
        render_pdf(render_to_string(template, context)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def rights_list(request: HttpRequest) -> HttpResponse:
    if not responsible.reads_desk(request.user):
        raise PermissionDenied("Votre rôle ne donne pas accès aux demandes d'exercice des droits.")
    on = rights.today()
    found = rights.visible_requests(request.user)
    rows = sorted(
        ((r, rights.clock(r, on)) for r in found),
        key=lambda row: (row[0].status != RequestStatus.OPEN, row[1].deadline, row[0].pk),
    )
    return render(
        request,
        "privacy/rights_list.html",
        {"rows": rows, "can_record": responsible.director_service(request.user) is not None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rights_new(request: HttpRequest) -> HttpResponse:
    service = responsible.directed_service(
        request.user, "Seule la direction du service enregistre une demande."
    )
    form = RequestForm(request.POST or None, service=service, today=rights.today())
    return run_form_action(
        request,
        form,
        lambda: rights.record(
            request.user,
            service,
            {
                **{f: form.cleaned_data[f] for f in form.Meta.fields},
                "youth": form.cleaned_data["pseudonym"],
            },
        ),
        success="",  # the request's page shows it recorded
        redirect_to=_detail_url,
        page=form_page(
            request,
            "privacy/rights_form.html",
            form=form,
            service=service,
            pseudonyms=form.youths.values_list("pseudonym", flat=True),
        ),
    )


def _detail_url(found: RightsRequest) -> str:
    return reverse("privacy:rights_detail", args=[found.public_id])


@login_required
def rights_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    found = _get(request.user, pk)
    handles = rights.handles(request.user, found)
    if handles:
        with transaction.atomic():
            _read_requester(request.user, found)
    erasure = rights.erasure_record(found) if found.erased_at else None
    return render(
        request,
        "privacy/rights_detail.html",
        {
            "item": found,
            "clock": rights.clock(found),
            "handles": handles,
            "latest_extension": rights.latest_extension(found),
            "is_access": found.kind == RightKind.ACCESS,
            "is_erasure": found.kind == RightKind.ERASURE,
            "erasure_blocker": rights.erasure_blocker(found),
            "erasure": erasure,
            "citation": rights.CITATION,
        },
    )


def _action(
    form_class: type[forms.Form],
    title: str,
    apply: Callable[[Any, RightsRequest, dict[str, Any]], Any],
) -> Callable[[HttpRequest, Any], HttpResponse]:
    """The page of a form on a request: GET shows it, a valid POST applies the rule
    (``apply(user, request, cleaned_data)``, from ``rights``); a refusal of the rule is shown
    on the form, with what was typed."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: Any) -> HttpResponse:
        found = _handled(request.user, pk)
        form = form_class(request.POST or None)
        return run_form_action(
            request,
            form,
            lambda: apply(request.user, found, form.cleaned_data),
            success="",  # the request's page shows what changed
            redirect_to=_detail_url(found),
            page=form_page(
                request, "privacy/rights_action.html", item=found, form=form, title=title
            ),
        )

    return view


rights_extend = _action(
    ExtendForm,
    "Prolonger le délai de réponse",
    lambda user, r, d: rights.extend(user, r, d["extended_to"], d["extension_reason"]),
)
rights_decide = _action(
    DecisionForm,
    "Enregistrer la décision",
    lambda user, r, d: rights.decide(user, r, d["decision"], d["decision_reason"], d["decided_on"]),
)
rights_sent = _action(
    SentForm,
    "Enregistrer l'envoi de la réponse",
    lambda user, r, d: rights.mark_sent(user, r, d["letter_sent_on"]),
)


@login_required
def rights_letter(request: HttpRequest, pk: Any) -> HttpResponse:
    found = _handled(request.user, pk)
    with transaction.atomic():
        _read_requester(request.user, found)
    context = {
        "item": found,
        "citation": rights.CITATION,
        "controller": found.controller,
        "right": rights.RIGHTS[found.kind],
        # The day it left, or today for a draft.
        "dated": found.letter_sent_on or rights.today(),
    }
    if request.GET.get("format") == "pdf":
        return _pdf("privacy/rights_letter_pdf.html", context, f"reponse-demande-{found.pk}.pdf")
    return render(request, "privacy/rights_letter.html", context)


@login_required
def rights_export(request: HttpRequest, pk: Any) -> HttpResponse:
    """The export of the youth concerned: a page, the PDF for the person, the JSON."""
    found = _handled(request.user, pk)
    if found.youth_id is None:
        raise Http404("Aucune fiche n'est rattachée à la demande.")
    data = export.read_for(request.user, found)
    name = f"donnees-demande-{found.pk}"
    fmt = request.GET.get("format")
    if fmt == "json":
        response = HttpResponse(export.as_json(data), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    context = {"item": found, "data": data, **export.readable(data), "withheld": export.WITHHELD}
    if fmt == "pdf":
        return _pdf("privacy/rights_export_pdf.html", context, f"{name}.pdf")
    return render(request, "privacy/rights_export.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rights_erase(request: HttpRequest, pk: Any) -> HttpResponse:
    found = _handled(request.user, pk)
    shown = {"item": found, "error": rights.erasure_blocker(found)}
    if shown["error"]:
        return render(request, "privacy/rights_erase.html", shown)
    return run_form_action(
        request,
        forms.Form(request.POST if request.method == "POST" else None),  # the button only
        lambda: rights.erase(request.user, found),
        success="",  # the certificate says what was erased
        redirect_to=reverse("privacy:rights_certificate", args=[found.public_id]),
        page=lambda: render(request, "privacy/rights_erase.html", shown),
        refused=lambda exc: shown.update(error=exc.messages[0]),
    )


@login_required
def rights_certificate(request: HttpRequest, pk: Any) -> HttpResponse:
    found = _handled(request.user, pk)
    erasure = rights.erasure_record(found)
    if not found.erased_at or erasure is None:
        raise Http404("L'effacement n'a pas été réalisé.")
    context = {"item": found, "erasure": erasure, "counts": erasure.data.get("counts", {})}
    if request.GET.get("format") == "pdf":
        return _pdf(
            "privacy/rights_certificate_pdf.html", context, f"certificat-effacement-{found.pk}.pdf"
        )
    return render(request, "privacy/rights_certificate.html", context)
