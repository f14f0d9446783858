"""The register of processing (GDPR art. 30) and the pre-filled DPIA, as pages and PDF.

Read by the DPO, the platform administration and the direction of a service (the operator
keeps the register of what its service records): a register of fields and rules, never a
record's content. The retention that a convention sets is read from its data-protection clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from reperes.accounts.enums import Role
from reperes.accounts.http import SignedInRequest
from reperes.conventions.access import party_conventions
from reperes.core import access
from reperes.core.access import staff_service_id
from reperes.core.form_actions import form_page, run_form_action

from . import dpia, register
from .forms_dpia import DpiaCompletionForm
from .models import DpiaCompletion


def can_read_register(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role in (Role.DPO, Role.PLATFORM_ADMIN):
        return True
    return user.role == Role.SERVICE_DIRECTOR and staff_service_id(user) is not None


def _require_reader(request: HttpRequest) -> None:
    if not can_read_register(request.user):
        raise PermissionDenied(
            "Le registre des traitements est tenu par le délégué à la protection des données, "
            "l'administration de la plateforme et la direction des services."
        )


@dataclass(frozen=True)
class ConventionRetention:
    convention: str
    source: str
    retention: str  # as the clause says, or the stated default
    breach: str
    end: str


def _conventions(user: Any) -> Any:
    """The conventions whose data-protection clause the reader may cite: the service's own
    for its director, those of the reader's organisation for a DPO, all for the platform."""
    from reperes.conventions.models import Convention

    service_id = staff_service_id(user)
    if service_id is not None:
        return Convention.objects.filter(service_id=service_id)
    if user.role == Role.PLATFORM_ADMIN:
        return Convention.objects.all()
    return party_conventions(user)


def retention_by_convention(user: Any) -> list[ConventionRetention]:
    from reperes.conventions import catalogue, clauses
    from reperes.conventions.access import binding_conventions

    kind = catalogue.KINDS[catalogue.DATA_PROTECTION]
    units: dict[Any, str] = dict(kind.param("retention_unit").options())  # looked up as stored
    ends = dict(kind.param("end").options())
    rows = []
    day = access.today()
    for convention in binding_conventions(_conventions(user), day).order_by("title"):
        for bound in clauses.in_force(convention, day, kinds=[catalogue.DATA_PROTECTION]):
            params = bound.params
            value, unit = params.get("retention_value"), params.get("retention_unit")
            rows.append(
                ConventionRetention(
                    convention=clauses.convention_label(convention),
                    source=bound.source,
                    retention=(
                        f"{value} {units.get(unit, unit or '')}".strip()
                        if value
                        else "non fixée : durée par défaut du registre"
                    ),
                    breach=(f"{params['breach_hours']} h" if params.get("breach_hours") else "—"),
                    end=ends.get(params.get("end", ""), "—"),
                )
            )
    return rows


def _context(request: HttpRequest) -> dict[str, Any]:
    reg = register.build()
    sections = [
        {
            "processing": processing,
            "entries": entries,
            "originals": [e for e in entries if not e.history_of],
            "history_count": sum(1 for e in entries if e.history_of),
            "subjects": reg.subjects(entries),
            "categories": reg.categories(entries),
            "measures": reg.measures(entries),
        }
        for processing, entries in reg.by_processing()
    ]
    return {
        "register": reg,
        "sections": sections,
        "personal_count": len(reg.originals),
        "history_count": len(reg.entries) - len(reg.originals),
        "retentions": retention_by_convention(request.user),
        "day": access.today(),
        "organisation": getattr(request.user, "organisation", None),
    }


def _pdf(html: str, name: str) -> HttpResponse:
    from reperes.core.pdf import write_pdf

    # No network and no file: the stylesheet is in the page.
    content = write_pdf(html, allowed_protocols={"data"})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def register_page(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(request, "privacy/register.html", _context(request))


def register_pdf(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    html = render_to_string("privacy/register_pdf.html", _context(request), request=request)
    return _pdf(html, f"registre-des-traitements-{slugify(str(access.today()))}.pdf")


def dpia_controller(user: Any) -> Any:
    """Whose DPIA the reader reads: a DPO's organisation, a director's operator; none for the
    platform administration (it reads the pre-filled document only)."""
    from reperes.partners.models import Service

    if user.role == Role.DPO:
        return user.organisation
    service_id = staff_service_id(user)
    if service_id is not None:
        return Service.objects.select_related("operator").get(pk=service_id).operator
    return None


def _dpia_context(request: SignedInRequest) -> dict[str, Any]:
    context = _context(request)
    controller = dpia_controller(request.user)
    completions = (
        list(
            DpiaCompletion.objects.filter(controller=controller).select_related("completed_by")[:20]
        )
        if controller is not None
        else []
    )
    completion = completions[0] if completions else None
    answers = completion.answers if completion else {}
    context.update(
        measures_in_place=dpia.measures_in_place(),
        controller=controller,
        completion=completion,
        completions=completions,
        answers=answers,
        risk_answers=dpia.risk_answers(answers),
        can_complete=request.user.role == Role.DPO and controller is not None,
    )
    return context


def dpia_page(request: SignedInRequest) -> HttpResponse:
    _require_reader(request)
    return render(request, "privacy/dpia.html", _dpia_context(request))


@require_http_methods(["GET", "POST"])
def dpia_complete(request: SignedInRequest) -> HttpResponse:
    """The DPO completes and dates the DPIA of their organisation; each completion is kept."""
    _require_reader(request)
    controller = dpia_controller(request.user)
    if request.user.role != Role.DPO or controller is None:
        raise PermissionDenied(
            "L'analyse d'impact est complétée par le délégué à la protection des données du "
            "responsable de traitement."
        )
    day = access.today()
    if request.method == "POST":
        form = DpiaCompletionForm(request.POST, today=day)
    else:
        latest = DpiaCompletion.objects.filter(controller=controller).first()
        initial: dict[str, Any] = dict(latest.answers) if latest else {}
        initial["completed_on"] = day
        form = DpiaCompletionForm(initial=initial, today=day)
    return run_form_action(
        request,
        form,
        lambda: dpia.complete(
            request.user, controller, form.answers(), form.cleaned_data["completed_on"]
        ),
        success="Analyse d'impact enregistrée.",
        redirect_to=reverse("privacy:dpia"),
        page=form_page(
            request,
            "privacy/dpia_complete.html",
            form=form,
            controller=controller,
            risks=dpia.RISKS,
        ),
    )


def dpia_pdf(request: SignedInRequest) -> HttpResponse:
    _require_reader(request)
    html = render_to_string("privacy/dpia_pdf.html", _dpia_context(request), request=request)
    return _pdf(html, f"aipd-{slugify(str(access.today()))}.pdf")
