from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.conventions import duties
from reperes.conventions.clause_display import visible_disagreements
from reperes.core import access
from reperes.core.access import get_visible_or_404
from reperes.core.files import private_download
from reperes.core.form_actions import run_form_action
from reperes.core.params import choice_param, year_param

from . import actions, rules, terms
from .abilities import get_abilities
from .enums import ChangeRequestStatus, DocumentKind, StaffCategory
from .forms import (
    ChangeRequestForm,
    DecisionForm,
    DepartureForm,
    FinancialDocumentForm,
    StaffingTableForm,
    StaffMemberForm,
)
from .models import (
    ChangeRequest,
    FinancialDocument,
    StaffedService,
    StaffingLine,
    StaffMember,
)


@dataclass(frozen=True)
class RegisterRow:
    member: StaffMember
    vae: rules.VaeStatus | None
    in_post: bool
    vae_source: str = ""


def _require(request: HttpRequest, ability: str, service: Any) -> dict[str, bool]:
    abilities = get_abilities(request.user, service)
    if not abilities[ability]:
        raise PermissionDenied("Votre rôle ne permet pas cette action.")
    return abilities


def _service_for(request: HttpRequest, pk: int, ability: str) -> StaffedService:
    """The service ``pk`` when the user sees it (404 otherwise) and may ``ability`` on it."""
    service = get_visible_or_404(StaffedService, request.user, pk=pk)
    _require(request, ability, service)
    return service


def _service_url(service_id: int, year: int | None = None) -> str:
    url = reverse("people:service", kwargs={"pk": service_id})
    return f"{url}?annee={year}" if year else url


def _chosen_year(request: HttpRequest, years: list[int], today: date) -> int:
    """``?annee=``, or this year when its table is set, or else the latest table before it."""
    asked = year_param(request.GET)
    if asked is not None:
        return asked
    if not years or today.year in years:
        return today.year
    past = [y for y in years if y <= today.year]
    return max(past) if past else min(years)


def _reference_date(year: int, today: date) -> date:
    """The date "in post" is read on: today for this year, else the year's last or first day."""
    if year == today.year:
        return today
    return date(year, 12, 31) if year < today.year else date(year, 1, 1)


def _vae(
    record: rules.StaffRecord,
    qualification: list[terms.QualificationRule],
    convention_start: date | None,
    on: date,
) -> tuple[rules.VaeStatus | None, str]:
    """The earliest deadline among the qualification clauses that concern the person, with the
    source of the clause that sets it."""
    found = []
    for rule in qualification:
        status = rules.vae_status(
            record, convention_start, on, delay=rule.delay, category=rule.category
        )
        if status is not None:
            found.append((status.deadline, status, rule.source))
    if not found:
        return None, ""
    _deadline, status, source = min(found, key=lambda f: f[0])
    return status, source


def _documents(
    service: Any,
    year: int,
    today: date,
    received: list[FinancialDocument],
    bindings: duties.Bindings,
) -> list[dict[str, Any]]:
    """The documents due in ``year`` under the document clauses of the conventions binding the
    service (the deadlines page holds the same), with what was received for each."""
    rows = []
    for item in duties.documents_due_in(service, year, today, bindings):
        matching = sorted(
            (
                d
                for d in received
                if d.kind == item.what
                and d.year == item.period.year
                and (item.period.key == str(item.period.year) or d.received_on >= item.period.start)
            ),
            key=lambda d: d.received_on,
        )
        first = matching[0].received_on if matching else None
        state = rules.document_state(item.due_on, first, today)
        rows.append(
            {
                "label": item.title,
                "due": item.due_on,
                "source": item.source,
                "received": matching,
                "state": state.value,
                "state_label": rules.DOCUMENT_STATE_LABELS[state],
            }
        )
    return rows


def service_list(request: HttpRequest) -> HttpResponse:
    services = (
        StaffedService.objects.visible_to(request.user)
        .select_related("operator")
        .annotate(
            pending=Count(
                "change_requests",
                filter=Q(change_requests__status=ChangeRequestStatus.PENDING),
                distinct=True,
            ),
            in_post=Count(
                "staff_members",
                filter=Q(staff_members__departure__isnull=True)
                | Q(staff_members__departure__gte=timezone.localdate()),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    return render(request, "people/service_list.html", {"services": services})


def service_staffing(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_visible_or_404(StaffedService, request.user, pk=pk)
    today = timezone.localdate()
    lines = list(StaffingLine.objects.filter(service=service))
    years = sorted({line.year for line in lines})
    year = _chosen_year(request, years, today)
    on = _reference_date(year, today)
    year_lines = [line for line in lines if line.year == year]
    planned = {line.category: line.planned_fte for line in year_lines}

    start, end = rules.year_bounds(year)
    members = list(StaffMember.objects.filter(service=service))
    records = [m.record() for m in members]
    rows = rules.compare(planned, records, year, on)
    convention_start = terms.first_convention_start(service)
    bindings = duties.Bindings()
    staffing_terms = terms.staffing_terms(service, year, access.today(), bindings)
    qualification = staffing_terms.qualification

    register = []
    for member, record in zip(members, records, strict=True):
        if record.present_during(start, end):
            vae, source = _vae(record, qualification, convention_start, on)
            register.append(RegisterRow(member, vae, record.spell().in_post(on), source))
    register.sort(key=lambda r: (not r.in_post, r.member.category, r.member.display_name))

    requests = list(ChangeRequest.objects.filter(service=service).select_related("decided_by"))
    pending_changes: dict[str, list[ChangeRequest]] = defaultdict(list)
    for r in requests:
        if r.is_pending and r.year == year and r.category:
            pending_changes[r.category].append(r)

    documents = list(FinancialDocument.objects.filter(service=service))
    obligations = _documents(service, year, today, documents, bindings)
    approvals = staffing_terms.approvals

    social_planned = planned.get(StaffCategory.SOCIAL_WORKER)
    presence = None
    presence_sources = staffing_terms.presence_sources
    if (
        presence_sources
        and register
        and (social_planned or any(r.category == StaffCategory.SOCIAL_WORKER for r in rows))
    ):
        real = rules.real_presence(records, year)
        expected = rules.planned_presence(social_planned or Decimal(0), year)
        presence = {
            "real": real,
            "planned": expected,
            "ratio": (real / expected * 100) if expected else None,
            "sources": presence_sources,
        }

    labels = dict(StaffCategory.choices)
    context = {
        "service": service,
        "abilities": get_abilities(request.user, service),
        "year": year,
        "days": rules.days_in_year(year),
        "years": sorted(set(years) | {today.year}),
        "on": on,
        "today": today,
        "table": [
            {"row": r, "label": labels[r.category], "pending": pending_changes.get(r.category, [])}
            for r in rows
        ],
        "total": rules.total(rows) if rows else None,
        "sources": sorted({line.source for line in year_lines if line.source}),
        "table_is_set": bool(year_lines),
        "register": register,
        "has_register": bool(register),
        "vae_overdue": [r for r in register if r.vae and r.vae.overdue],
        "vae_uncertain": any(r.vae and not r.vae.certain for r in register),
        "vae_upcoming": [r for r in register if r.vae and not r.vae.overdue],
        "convention_start": convention_start,
        "qualification": qualification,
        "approvals": approvals,
        "presence": presence,
        "pending": [r for r in requests if r.is_pending],
        "decided": [r for r in requests if not r.is_pending][:10],
        "obligations": obligations,
        "documents": documents,
        # Two binding conventions that say different things of the same duty (none hidden).
        "disagreements": visible_disagreements(service, request.user, start, until=end),
    }
    return render(request, "people/service.html", context)


def _form_page(
    request: HttpRequest, form: Any, service: Any, heading: str, **extra: Any
) -> HttpResponse:
    context = {"intro": "", "change": None, "multipart": False, **extra}
    return render(
        request,
        "people/form.html",
        {"form": form, "service": service, "heading": heading, **context},
    )


@require_http_methods(["GET", "POST"])
def staffing_set(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for(request, pk, "set_staffing")
    form = StaffingTableForm(
        request.POST or None,
        initial={"year": year_param(request.GET, default=timezone.localdate().year)},
    )
    return run_form_action(
        request,
        form,
        lambda: actions.set_staffing_table(request.user, service, **form.inputs()),
        success="Le tableau des effectifs a été enregistré.",
        redirect_to=lambda _table: _service_url(service.pk, form.cleaned_data["year"]),
        page=lambda: _form_page(
            request,
            form,
            service,
            "Fixer le tableau des effectifs d'une année",
            intro="Saisissez l'effectif prévu par la convention ou le budget approuvé, en ETP "
            "(ex. 3,83). Une fois fixé, le tableau ne change que par une demande d'accord écrit "
            "préalable.",
        ),
    )


@require_http_methods(["GET", "POST"])
def staff_add(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for(request, pk, "manage_register")
    form = StaffMemberForm(
        request.POST or None,
        initial={"category": StaffCategory.SOCIAL_WORKER, "fte": "1", "counts_for_presence": True},
    )
    return run_form_action(
        request,
        form,
        lambda: actions.add_staff_member(request.user, service, **_staff_fields(form)),
        success="La personne a été ajoutée au registre.",
        redirect_to=lambda member: _service_url(service.pk, member.arrival.year),
        page=lambda: _form_page(request, form, service, "Ajouter une personne au registre"),
    )


def _staff_fields(form: StaffMemberForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in actions.STAFF_FIELDS}


@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    member = get_visible_or_404(StaffMember, request.user, public_id=pk)
    service = member.service
    _require(request, "manage_register", service)
    form = StaffMemberForm(request.POST or None, instance=StaffMember.objects.get(pk=member.pk))
    return run_form_action(
        request,
        form,
        lambda version: actions.update_staff_member(
            request.user, member, version=version, **_staff_fields(form)
        ),
        fresh=lambda: StaffMemberForm(instance=StaffMember.objects.get(pk=member.pk)),
        success="La fiche a été mise à jour.",
        redirect_to=_service_url(service.pk),
        page=lambda: _form_page(
            request, form, service, f"Modifier la fiche de {member.display_name}"
        ),
    )


@require_http_methods(["GET", "POST"])
def staff_close(request: HttpRequest, pk: Any) -> HttpResponse:
    member = get_visible_or_404(StaffMember, request.user, public_id=pk)
    service = member.service
    _require(request, "manage_register", service)
    form = DepartureForm(request.POST or None, member=member)
    return run_form_action(
        request,
        form,
        lambda version: actions.close_staff_member(
            request.user, member, departure=form.cleaned_data["departure"], version=version
        ),
        fresh=lambda: DepartureForm(member=StaffMember.objects.get(pk=member.pk)),
        success="Le départ a été enregistré.",
        redirect_to=lambda _closed: _service_url(service.pk, form.cleaned_data["departure"].year),
        page=lambda: _form_page(
            request,
            form,
            service,
            f"Enregistrer le départ de {member.display_name}",
            intro=f"Arrivée le {member.arrival:%d/%m/%Y}. Le départ est le dernier jour travaillé.",
        ),
    )


@require_http_methods(["GET", "POST"])
def request_add(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for(request, pk, "request")
    approvals = terms.prior_approvals(service, access.today())
    kinds = terms.requestable_kinds(approvals)
    if not kinds:
        messages.error(
            request,
            "Aucune convention qui lie ce service ne soumet d'engagement à l'accord écrit "
            "préalable d'une partie : il n'y a pas de demande à faire.",
        )
        return redirect(_service_url(service.pk))
    form = ChangeRequestForm(request.POST or None, kinds=kinds)
    return run_form_action(
        request,
        form,
        lambda: actions.submit_change_request(
            request.user, service, requested_on=timezone.localdate(), **form.cleaned_data
        ),
        success="La demande a été transmise. Elle ne compte qu'une fois l'accord écrit donné.",
        redirect_to=_service_url(service.pk),
        page=lambda: _form_page(
            request,
            form,
            service,
            "Demander un accord écrit préalable",
            intro=" ".join(_approval_sentence(bound) for bound in approvals),
        ),
    )


def _approval_sentence(bound: Any) -> str:
    consequence = str(bound.params.get("consequence", "")).strip()
    return f"{bound.text}{(' — ' + consequence) if consequence else ''} ({bound.source})."


@require_http_methods(["GET", "POST"])
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_visible_or_404(ChangeRequest, request.user, pk=pk)
    service = change.service
    _require(request, "decide", service)
    if not change.is_pending:
        messages.info(request, "Cette demande a déjà été décidée.")
        return redirect(_service_url(service.pk))
    form = DecisionForm(request.POST or None, request.FILES or None, request_obj=change)
    return run_form_action(
        request,
        form,
        lambda: actions.decide_change_request(request.user, change, **form.inputs()),
        success="La décision a été enregistrée.",
        redirect_to=lambda _decided: _service_url(service.pk, change.year),
        page=lambda: _form_page(
            request, form, service, f"Décider : {change.title}", change=change, multipart=True
        ),
    )


def request_decision_file(request: HttpRequest, pk: int) -> FileResponse:
    change = get_visible_or_404(ChangeRequest, request.user, pk=pk)
    if not change.written_decision:
        raise Http404("Aucune décision écrite")
    return private_download(change.written_decision, f"decision-demande-{change.pk}.pdf")


@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_for(request, pk, "upload")
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    if kind := choice_param(request.GET, "nature", DocumentKind.values):
        initial["kind"] = kind
    if (year := year_param(request.GET)) is not None:
        initial["year"] = year
    form = FinancialDocumentForm(request.POST or None, request.FILES or None, initial=initial)
    return run_form_action(
        request,
        form,
        lambda: actions.upload_financial_document(request.user, service, **form.cleaned_data),
        success="Le document a été déposé.",
        redirect_to=lambda document: _document_year_url(service, document),
        page=lambda: _form_page(
            request, form, service, "Déposer un document budgétaire ou comptable", multipart=True
        ),
    )


def _document_year_url(service: StaffedService, document: FinancialDocument) -> str:
    """The service's page on the year the document is due for."""
    due = duties.document_due_on(service, document.kind, document.year, timezone.localdate())
    return _service_url(service.pk, due.year if due else document.year)


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_visible_or_404(FinancialDocument, request.user, pk=pk)
    return private_download(document.file, f"{document.kind}-{document.year}.pdf".replace("_", "-"))
