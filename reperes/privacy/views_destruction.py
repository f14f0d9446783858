"""Pages of the end of a convention: the request, the restitution, the destruction, its proof.

Who sees what: the director of the service follows and performs the request; the DPO of its
operator (the controller) and the platform administrator read it; the agents of the
convention's funders (pilot, co-funders) read the proof once the destruction is performed —
counts and digest, never a record. Anybody else learns nothing exists (404).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from reperes.accounts.enums import Role
from reperes.accounts.http import SignedInRequest
from reperes.core import access

from . import destruction as ends
from . import responsible
from .forms_destruction import ReturnForm
from .models import Destruction, DestructionStatus


def visible_requests(user: Any) -> QuerySet[Destruction]:
    """The requests ``user`` follows: all for the platform administrator, the controller's for
    its DPO, the service's for its director."""
    qs = Destruction.objects.select_related("convention", "service__operator", "performed_by")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return responsible.scope(user, qs, controller="service__operator_id", service="service_id")


def pending_requests(user: Any) -> QuerySet[Destruction]:
    """The requests not yet performed that ``user`` sees (for the DPO's desk)."""
    return visible_requests(user).filter(status=DestructionStatus.REQUESTED)


def received_proofs(user: Any) -> QuerySet[Destruction]:
    """The proofs of the conventions a funder agent's organisation funds, once performed."""
    if not access.is_funder_agent(user):
        return Destruction.objects.none()
    return Destruction.objects.filter(
        status=DestructionStatus.PERFORMED,
        convention__parties__organisation_id=user.organisation_id,
        convention__parties__role__in=ends.FUNDER_ROLES,
    ).select_related("convention", "service__operator", "performed_by")


def _get(user: Any, pk: int) -> Destruction:
    try:
        return visible_requests(user).get(pk=pk)
    except Destruction.DoesNotExist as exc:
        raise Http404("Aucune demande") from exc


def _for_director(user: Any, pk: int) -> Destruction:
    """The request, for its service's director; 403 for its other readers."""
    destruction = _get(user, pk)
    if not access.is_service_director(user, destruction.service):
        raise PermissionDenied("Seule la direction du service réalise la fin de convention.")
    return destruction


def _proof(user: Any, pk: int) -> Destruction:
    found = (
        visible_requests(user).filter(pk=pk).first() or received_proofs(user).filter(pk=pk).first()
    )
    if found is None or found.status != DestructionStatus.PERFORMED:
        raise Http404("Aucune preuve")
    return found


@login_required
def destruction_list(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if user.role not in (Role.PLATFORM_ADMIN, Role.DPO) and not (
        user.role == Role.SERVICE_DIRECTOR and access.staff_service_id(user)
    ):
        raise PermissionDenied("Votre rôle ne donne pas accès aux fins de convention.")
    rows = [(d, ends.no_longer_applies(d)) for d in visible_requests(user)]
    return render(request, "privacy/destruction_list.html", {"rows": rows, "modes": ends.MODES})


def _context(destruction: Destruction) -> dict[str, Any]:
    return {
        "destruction": destruction,
        "mode_label": ends.MODES.get(destruction.mode, destruction.mode),
        "source": ends.source_of(destruction),
        "is_default": not destruction.article,
        "restitution": destruction.mode in ends.RESTITUTION_MODES,
        "resumes_on": destruction.ended_on + timedelta(days=1),
    }


@login_required
def destruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    destruction = _get(request.user, pk)
    performed = destruction.status == DestructionStatus.PERFORMED
    context = _context(destruction)
    if not performed:
        concerned = ends.youths_concerned(destruction)
        context.update(
            concerned=concerned.count(),
            identities=concerned.exclude(identity_consent_on__isnull=True).count(),
            held=len(ends.held_ids(destruction)),
        )
    context.update(
        successors=ends.no_longer_applies(destruction),
        is_director=access.is_service_director(request.user, destruction.service),
    )
    return render(request, "privacy/destruction_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def destruction_return(request: HttpRequest, pk: int) -> HttpResponse:
    destruction = _for_director(request.user, pk)
    if destruction.mode not in ends.RESTITUTION_MODES:
        raise Http404("La clause ne prévoit pas de restitution.")
    form = ReturnForm(request.POST or None, destruction=destruction, today=access.today())
    if request.method == "POST" and form.is_valid():
        try:
            ends.record_return(
                request.user,
                destruction,
                form.cleaned_data["returned_on"],
                form.cleaned_data["returned_how"],
            )
        except ends.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("privacy:destruction_detail", pk=destruction.pk)
    return render(
        request, "privacy/destruction_return.html", {**_context(destruction), "form": form}
    )


@never_cache
@login_required
def destruction_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The records concerned as JSON, to hand over to the funder; every record read is logged."""
    destruction = _for_director(request.user, pk)
    if (
        destruction.mode not in ends.RESTITUTION_MODES
        or destruction.status == DestructionStatus.PERFORMED
    ):
        raise Http404("Aucune restitution à préparer.")
    response = HttpResponse(
        ends.restitution_export(request.user, destruction), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="restitution-{destruction.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def destruction_perform(request: HttpRequest, pk: int) -> HttpResponse:
    destruction = _for_director(request.user, pk)
    if destruction.status == DestructionStatus.PERFORMED:
        return redirect("privacy:destruction_proof", pk=destruction.pk)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "oui":
            error = "Cochez la case pour confirmer la destruction : elle est irréversible."
        else:
            try:
                ends.perform(request.user, destruction)
            except ends.Refused as refusal:
                error = str(refusal)
            else:
                return redirect("privacy:destruction_proof", pk=destruction.pk)
    concerned = ends.youths_concerned(destruction)
    return render(
        request,
        "privacy/destruction_perform.html",
        {
            **_context(destruction),
            "concerned": concerned.count(),
            "held": len(ends.held_ids(destruction)),
            "successors": ends.no_longer_applies(destruction),
            "error": error,
        },
        status=400 if error else 200,
    )


def proof_context(destruction: Destruction) -> dict[str, Any]:
    counts = destruction.counts
    return {
        **_context(destruction),
        "performed": timezone.localtime(destruction.performed_at),
        "youths": counts.get("youths", 0),
        "identities": counts.get("identities", 0),
        "families": counts.get("families", 0),
        "kept": counts.get("kept_under_hold", 0),
        "funders": ends.funder_organisations(destruction),
        "controller": destruction.service.operator,
        "performer": destruction.performed_by,
    }


def _proof_pdf(destruction: Destruction) -> bytes:
    from reperes.money.pdf import render_pdf

    html = render_to_string("privacy/destruction_proof_pdf.html", proof_context(destruction))
    return render_pdf(html)


@login_required
def destruction_proof(request: HttpRequest, pk: int) -> HttpResponse:
    destruction = _proof(request.user, pk)
    context = proof_context(destruction)
    context["is_director"] = access.is_service_director(request.user, destruction.service)
    return render(request, "privacy/destruction_proof.html", context)


@login_required
def destruction_proof_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    destruction = _proof(request.user, pk)
    response = HttpResponse(_proof_pdf(destruction), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="preuve-destruction-{destruction.pk}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def destruction_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the proof to the funders' agents (the PDF attached), once; a second send is possible
    and moves the date."""
    destruction = _proof(request.user, pk)
    if not access.is_service_director(request.user, destruction.service):
        raise PermissionDenied("Seule la direction du service envoie la preuve.")
    error = ""
    if request.method == "POST":
        try:
            to = ends.send_proof(request.user, destruction, _proof_pdf(destruction))
        except ends.Refused as refusal:
            error = str(refusal)
        else:
            messages.success(request, f"Preuve envoyée à {len(to)} destinataire(s).")
            return redirect("privacy:destruction_proof", pk=destruction.pk)
    return render(
        request,
        "privacy/destruction_send.html",
        {
            **_context(destruction),
            "funders": ends.funder_organisations(destruction),
            "recipients": len(ends.funder_recipients(destruction)),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def destruction_received(request: HttpRequest) -> HttpResponse:
    if not access.is_funder_agent(request.user):
        raise PermissionDenied("Cette page est celle des financeurs des conventions.")
    proofs = received_proofs(request.user).distinct()
    return render(
        request,
        "privacy/destruction_received.html",
        {"proofs": proofs, "modes": ends.MODES},
    )
