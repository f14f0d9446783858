from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.db.models import Count, Q
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from reperes.conventions.models import Convention
from reperes.core.access import get_visible_or_404
from reperes.core.files import private_download
from reperes.core.form_actions import Text, run_form_action
from reperes.core.params import choice_param, year_param
from reperes.core.views import reference_date

from . import actions, agenda, mail
from .abilities import governance_abilities, require_edit
from .compliance import (
    COVERAGE_LABELS,
    STATE_CLASSES,
    BodyRow,
    ComplianceCalculator,
    body_rows,
    with_related,
    year_choices,
)
from .forms import (
    AttendanceFormSet,
    BodyForm,
    CancelForm,
    DocumentAddForm,
    DocumentReceiveForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    RequirementFormSet,
    SeatFormSet,
)
from .models import Body, Meeting, MeetingDocument
from .rules import DOCUMENT_STATE_LABELS, STATE_LABELS, State

Crumbs = list[tuple[str, str]]


def _year(request: HttpRequest, default: int) -> int:
    return year_param(request.GET, default=default) or default


def _crumbs(
    convention: Convention | None = None, body: Body | None = None, meeting: Meeting | None = None
) -> Crumbs:
    crumbs = [("Instances", reverse("governance:list"))]
    if convention is not None:
        crumbs.append((str(convention), reverse("governance:convention", args=[convention.pk])))
    if body is not None:
        crumbs.append((body.name, reverse("governance:body", args=[body.pk])))
    if meeting is not None:
        crumbs.append(
            (
                f"Réunion du {meeting.day:%d/%m/%Y}",
                reverse("governance:meeting", args=[meeting.public_id]),
            )
        )
    return crumbs


def _meeting(request: HttpRequest, pk: UUID, *, edit: bool = False) -> Meeting:
    """The meeting when the user sees it (404 otherwise); with ``edit``, when they may also
    change its body's convention (403 otherwise)."""
    meeting = get_visible_or_404(Meeting, request.user, public_id=pk)
    meeting = Meeting.objects.select_related(
        "body__convention", "body__organiser__organisation"
    ).get(pk=meeting.pk)
    if edit:
        require_edit(request.user, meeting.body.convention)
    return meeting


def _action_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    heading: str,
    crumbs: Crumbs,
    back: str,
    submit: str = "Enregistrer",
    intro: str = "",
    multipart: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "governance/action_form.html",
        {
            "form": form,
            "heading": heading,
            "crumbs": crumbs,
            "back": back,
            "submit": submit,
            "intro": intro,
            "multipart": multipart,
        },
        status=status,
    )


# Reading -------------------------------------------------------------------------------------


def body_list(request: HttpRequest) -> HttpResponse:
    """Every body the user can see, with what it owes for the chosen year."""
    today = reference_date(request)
    year = _year(request, today.year)
    state = choice_param(request.GET, "etat", State.__members__.values())
    bodies = with_related(
        Body.objects.visible_to(request.user).order_by("convention__title", "kind", "name")
    )
    rows = body_rows(bodies, year, today)
    if state in State.__members__.values():
        rows = [r for r in rows if r.compliance.state == state]
    else:
        state = ""
    return render(
        request,
        "governance/list.html",
        {
            "rows": rows,
            "year": year,
            "years": year_choices(year, today),
            "today": today,
            "state": state,
            "states": list(STATE_LABELS.items()),
        },
    )


def convention_governance(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    today = reference_date(request)
    year = _year(request, today.year)
    calculate = ComplianceCalculator(year, today)
    bodies = with_related(Body.objects.filter(convention=convention)).prefetch_related(
        "document_requirements"
    )
    rows = [BodyRow(body, calculate(body)) for body in bodies]
    coverage = calculate.coverage(convention)
    return render(
        request,
        "governance/convention.html",
        {
            "convention": convention,
            "rows": rows,
            "year": year,
            "years": year_choices(year, today),
            "today": today,
            "coverage_label": COVERAGE_LABELS[coverage].format(year=year),
            "abilities": governance_abilities(request.user, convention),
            "crumbs": _crumbs(),
        },
    )


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visible = get_visible_or_404(Body, request.user, pk=pk)
    body = with_related(Body.objects.filter(pk=visible.pk)).prefetch_related(
        "document_requirements"
    )[0]
    today = reference_date(request)
    year = _year(request, today.year)
    compliance = ComplianceCalculator(year, today)(body)
    meetings = body.meetings.annotate(
        present_count=Count("attendances", filter=Q(attendances__present=True)),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-starts_at")
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "convention": body.convention,
            "compliance": compliance,
            "compliance_class": STATE_CLASSES[compliance.state],
            "meetings": meetings,
            "year": year,
            "years": year_choices(year, today),
            "today": today,
            "abilities": governance_abilities(request.user, body.convention),
            "crumbs": _crumbs(body.convention),
        },
    )


def meeting_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    meeting = _meeting(request, pk)
    today = reference_date(request)
    documents = []
    for document in meeting.documents.all():
        document.meeting = meeting  # the loaded meeting: no query per document
        documents.append((document, document.state(today)))
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "convention": meeting.body.convention,
            "invitations": meeting.invitations.select_related("organisation"),
            "attendances": meeting.attendances.select_related("organisation"),
            "decisions": meeting.decisions.all(),
            "agenda_items": agenda.items_for(meeting, request.user),
            "documents": documents,
            "document_labels": DOCUMENT_STATE_LABELS,
            "today": today,
            "abilities": governance_abilities(request.user, meeting.body.convention),
            "crumbs": _crumbs(meeting.body.convention, meeting.body),
        },
    )


def meeting_ics(request: HttpRequest, pk: UUID) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(
        mail.meeting_calendar(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{mail.ICS_FILENAME}"'
    return response


def minutes_file(request: HttpRequest, pk: UUID) -> FileResponse:
    meeting = _meeting(request, pk)
    if not meeting.minutes_file:
        raise Http404("Aucun compte rendu déposé")
    return private_download(meeting.minutes_file, f"compte-rendu-{meeting.day:%Y-%m-%d}.pdf")


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_visible_or_404(MeetingDocument, request.user, pk=pk)
    if not document.file:
        raise Http404("Aucun fichier déposé")
    return private_download(document.file, f"document-{document.pk}.pdf")


# Writing -------------------------------------------------------------------------------------


def _body_form_page(
    request: HttpRequest,
    convention: Convention,
    body: Body | None,
    form: BodyForm,
    seats: Any,
    documents: Any,
) -> HttpResponse:
    return render(
        request,
        "governance/body_form.html",
        {
            "convention": convention,
            "body": body,
            "form": form,
            "seats": seats,
            "documents": documents,
            "crumbs": _crumbs(convention, body),
        },
    )


def _meeting_url(meeting: Meeting) -> str:
    return reverse("governance:meeting", args=[meeting.public_id])


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    require_edit(request.user, convention)
    data = request.POST if request.method == "POST" else None
    form = BodyForm(data, convention=convention)
    seats = SeatFormSet(data, prefix="sieges", form_kwargs={"convention": convention})
    documents = RequirementFormSet(data, prefix="documents")
    return run_form_action(
        request,
        form,
        lambda: actions.create_body(
            request.user, convention, form.body_fields(), seats.inputs(), documents.inputs()
        ),
        with_forms=[seats, documents],
        success="L'instance a été créée.",
        redirect_to=lambda body: reverse("governance:body", args=[body.pk]),
        page=lambda: _body_form_page(request, convention, None, form, seats, documents),
    )


@require_http_methods(["GET", "POST"])
def body_update(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_visible_or_404(Body, request.user, pk=pk)
    convention = body.convention
    require_edit(request.user, convention)
    data = request.POST if request.method == "POST" else None
    form = BodyForm(data, instance=body, convention=convention)
    seats = SeatFormSet(
        data,
        prefix="sieges",
        form_kwargs={"convention": convention},
        initial=[
            {"label": s.label, "organisation": s.organisation_id, "count": s.count}
            for s in body.seats.all()
        ],
    )
    documents = RequirementFormSet(
        data,
        prefix="documents",
        initial=[
            {"title": d.title, "due_days_before": d.due_days_before, "note": d.note}
            for d in body.document_requirements.all()
        ],
    )
    return run_form_action(
        request,
        form,
        lambda version: actions.update_body(
            request.user,
            body,
            form.body_fields(),
            seats.inputs(),
            documents.inputs(),
            version=version,
        ),
        with_forms=[seats, documents],
        fresh=lambda: BodyForm(instance=Body.objects.get(pk=body.pk), convention=convention),
        success="L'instance a été modifiée.",
        redirect_to=reverse("governance:body", args=[body.pk]),
        page=lambda: _body_form_page(request, convention, body, form, seats, documents),
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_visible_or_404(Body, request.user, pk=pk)
    require_edit(request.user, body.convention)
    form = MeetingForm(request.POST or None)
    requirements = list(body.document_requirements.all())
    intro = ""
    if requirements:
        intro = "Documents demandés avant chaque réunion : " + ", ".join(
            f"{r.title} ({r.due_days_before} j avant)" for r in requirements
        )
    return run_form_action(
        request,
        form,
        lambda: actions.plan_meeting(request.user, body, **form.meeting_kwargs()),
        success="La réunion est planifiée ; vous pouvez envoyer les invitations.",
        redirect_to=_meeting_url,
        page=lambda: _action_page(
            request,
            form,
            heading=f"Planifier une réunion — {body.name}",
            crumbs=_crumbs(body.convention, body),
            back=reverse("governance:body", args=[body.pk]),
            submit="Planifier",
            intro=intro,
        ),
    )


def _meeting_action(
    request: HttpRequest,
    meeting: Meeting,
    form: BaseForm,
    action: Callable[[], Any],
    *,
    success: Text,
    heading: str,
    **options: Any,
) -> HttpResponse:
    """``run_form_action`` for an action on a meeting: back to the meeting once done, else
    the form page under the meeting's crumbs (``options``: ``_action_page``'s)."""
    return run_form_action(
        request,
        form,
        action,
        success=success,
        redirect_to=_meeting_url(meeting),
        page=lambda: _action_page(
            request,
            form,
            heading=heading,
            crumbs=_crumbs(meeting.body.convention, meeting.body, meeting),
            back=_meeting_url(meeting),
            **options,
        ),
    )


def _meeting_form(
    form_class: type[BaseForm],
    apply: Callable[[Any, Meeting, dict[str, Any]], Any],
    *,
    success: Text,
    heading: str,
    **options: Any,
) -> Callable[[HttpRequest, UUID], HttpResponse]:
    """The page of a form acting on a meeting that may still be changed: a valid POST runs
    ``apply(user, meeting, cleaned_data)`` (``_meeting_action``); ``heading`` is formatted
    with the meeting's ``day``."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: UUID) -> HttpResponse:
        meeting = _meeting(request, pk, edit=True)
        form = form_class(request.POST or None)
        return _meeting_action(
            request,
            meeting,
            form,
            lambda: apply(request.user, meeting, form.cleaned_data),
            success=success,
            heading=heading.format(day=meeting.day),
            **options,
        )

    return view


def _invitations_sent(sent: list[Any]) -> str:
    count = len(sent)
    return (
        f"{count} invitation{'s' if count > 1 else ''} envoyée{'s' if count > 1 else ''}, "
        "avec la réunion en pièce jointe pour l'agenda."
    )


meeting_invite = _meeting_form(
    InviteForm,
    lambda user, meeting, data: actions.send_invitations(user, meeting, data["addresses"]),
    success=_invitations_sent,
    heading="Inviter à la réunion du {day:%d/%m/%Y}",
    submit="Envoyer les invitations",
    intro="Chaque personne reçoit un courriel séparé avec un fichier d'agenda (.ics).",
)


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: UUID) -> HttpResponse:
    meeting = _meeting(request, pk, edit=True)
    convention = meeting.body.convention
    existing = list(meeting.attendances.all())
    if existing:
        initial = [
            {
                "name": a.name,
                "organisation": a.organisation_id,
                "present": a.present,
                "represented_by": a.represented_by,
            }
            for a in existing
        ]
    else:
        initial = [
            {"name": i.name or i.email, "organisation": i.organisation_id, "present": True}
            for i in meeting.invitations.all()
        ]
    formset = AttendanceFormSet(
        request.POST or None,
        prefix="presences",
        initial=initial,
        form_kwargs={"convention": convention},
    )
    return run_form_action(
        request,
        formset,
        lambda: actions.record_attendance(request.user, meeting, formset.inputs()),
        success="La feuille de présence est enregistrée.",
        redirect_to=_meeting_url(meeting),
        page=lambda: render(
            request,
            "governance/attendance_form.html",
            {
                "meeting": meeting,
                "formset": formset,
                "crumbs": _crumbs(convention, meeting.body, meeting),
            },
        ),
    )


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: UUID) -> HttpResponse:
    meeting = _meeting(request, pk, edit=True)
    form = MinutesForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "minutes": meeting.minutes,
            "decisions": "\n".join(d.text for d in meeting.decisions.all()),
        },
    )
    return _meeting_action(
        request,
        meeting,
        form,
        lambda: actions.record_minutes(request.user, meeting, **form.inputs()),
        success="Le compte rendu et les décisions sont enregistrés.",
        heading=f"Compte rendu de la réunion du {meeting.day:%d/%m/%Y}",
        intro="Enregistrer le compte rendu marque la réunion comme tenue.",
        multipart=True,
    )


meeting_cancel = _meeting_form(
    CancelForm,
    lambda user, meeting, data: actions.cancel_meeting(user, meeting, reason=data["reason"]),
    success="La réunion est annulée ; les personnes invitées sont prévenues.",
    heading="Annuler la réunion du {day:%d/%m/%Y}",
    submit="Annuler la réunion",
    intro="Les personnes déjà invitées reçoivent l'annulation, qui retire la réunion "
    "de leur agenda.",
)


document_add = _meeting_form(
    DocumentAddForm,
    lambda user, meeting, data: actions.add_meeting_document(user, meeting, **data),
    success="Le document attendu est ajouté.",
    heading="Document attendu pour la réunion du {day:%d/%m/%Y}",
)


@require_http_methods(["GET", "POST"])
def document_receive(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_visible_or_404(MeetingDocument, request.user, pk=pk)
    meeting = _meeting(request, document.meeting.public_id, edit=True)
    form = DocumentReceiveForm(
        request.POST or None,
        request.FILES or None,
        initial={"received_on": document.received_on or reference_date(request)},
    )
    return _meeting_action(
        request,
        meeting,
        form,
        lambda: actions.mark_document_received(request.user, document, **form.cleaned_data),
        success=f"« {document.title} » est noté comme reçu.",
        heading=f"Réception : {document.title}",
        multipart=True,
    )
