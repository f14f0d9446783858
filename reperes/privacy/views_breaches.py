"""Pages of the breaches: declare, follow the two clocks, record notifications, draft the letter.

Who sees an incident: the director of its service, the platform administrator and the DPO of
its controller (the operator). Educators and funders do not: an incident page tells about
records, and the funder receives the notification itself, not the case.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.accounts.http import SignedInRequest
from reperes.core.access import is_funder_agent
from reperes.core.form_actions import form_page, run_form_action

from . import breaches, responsible
from .forms_breaches import BreachForm, NotificationForm
from .models import Breach, BreachNotification, BreachStatus, Recipient


def visible_breaches(user: Any) -> QuerySet[Breach]:
    qs = Breach.objects.select_related("service", "controller")
    return responsible.scope(user, qs, controller="controller_id", service="service_id")


def _get(user: Any, pk: int) -> Breach:
    try:
        return visible_breaches(user).get(pk=pk)
    except Breach.DoesNotExist as exc:
        raise Http404("Aucun incident") from exc


@login_required
def breach_list(request: HttpRequest) -> HttpResponse:
    if not responsible.reads_desk(request.user):
        raise PermissionDenied("Votre rôle ne donne pas accès aux violations de données.")
    at = breaches.now()
    rows = [(b, breaches.clocks(b)) for b in visible_breaches(request.user)]
    return render(
        request,
        "privacy/breach_list.html",
        {
            "rows": rows,
            "at": at,
            "can_declare": responsible.director_service(request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def breach_declare(request: HttpRequest) -> HttpResponse:
    service = responsible.directed_service(
        request.user, "Seule la direction du service déclare une violation de données."
    )
    at = breaches.now()
    form = BreachForm(request.POST or None, now=at)
    return run_form_action(
        request,
        form,
        lambda: breaches.declare(
            request.user,
            service,
            {**{f: form.cleaned_data[f] for f in form.Meta.fields}, "declared_at": at},
        ),
        success="",  # the incident's page shows its clocks
        redirect_to=_breach_url,
        page=form_page(request, "privacy/breach_form.html", form=form, service=service),
    )


def _breach_url(breach: Breach) -> str:
    return reverse("privacy:breach_detail", args=[breach.pk])


@login_required
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    breach = _get(request.user, pk)
    at = breaches.now()
    window = None
    readers: list[tuple[Any, int, int]] = []
    if breach.window_start and breach.window_end:
        window = breaches.who_read(breach.service, breach.window_start, breach.window_end)
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.in_bulk([u for u, _, _ in window.by_reader if u])
        readers = [(users.get(u) if u else None, n, e) for u, n, e in window.by_reader]
    clocks = [(c, c.state(at), c.state_label(at), c.remaining(at)) for c in breaches.clocks(breach)]
    return render(
        request,
        "privacy/breach_detail.html",
        {
            "breach": breach,
            "clocks": clocks,
            "has_funder_clock": breaches.funder_clock(breach) is not None,
            "window": window,
            "readers": readers,
            "notifications": breach.notifications.select_related("organisation"),
            "at": at,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def breach_notify(request: HttpRequest, pk: int) -> HttpResponse:
    breach = _get(request.user, pk)
    at = breaches.now()
    form = NotificationForm(request.POST or None, breach=breach, now=at)

    def notify() -> Any:
        data = dict(form.cleaned_data)
        if data["recipient"] == Recipient.FUNDER:
            clock = breaches.funder_clock(breach)
            if clock and clock.organisations:
                data["organisation"] = clock.organisations[0]
        return breaches.notify(request.user, breach, data)

    return run_form_action(
        request,
        form,
        notify,
        success="",  # the incident's page lists the notification
        redirect_to=_breach_url(breach),
        page=form_page(request, "privacy/breach_notify.html", form=form, breach=breach),
    )


def letter_context(breach: Breach, recipient: str) -> dict[str, Any]:
    clock = breaches.funder_clock(breach) if recipient == Recipient.FUNDER else None
    if recipient == Recipient.FUNDER and clock is None:
        raise Http404(
            "Aucune clause de protection des données ne prévoit de notifier un financeur."
        )
    return {
        "breach": breach,
        "recipient": recipient,
        "addressee": clock.label
        if clock
        else "Commission nationale de l'informatique et des libertés",
        "source": clock.source if clock else breaches.rules.CNIL_CITATION,
        "declared": timezone.localtime(breach.declared_at),
        "discovered": timezone.localtime(breach.discovered_at),
    }


@login_required
def breach_letter(request: HttpRequest, pk: int) -> HttpResponse:
    breach = _get(request.user, pk)
    recipient = request.GET.get("destinataire", Recipient.CNIL)
    if recipient not in (Recipient.CNIL, Recipient.FUNDER):
        raise Http404("Destinataire inconnu")
    context = letter_context(breach, recipient)
    if request.GET.get("format") == "pdf":
        from reperes.money.pdf import render_pdf

        pdf = render_pdf(render_to_string("privacy/breach_letter_pdf.html", context))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="violation-{breach.pk}-{recipient}.pdf"'
        )
        return response
    return render(request, "privacy/breach_letter.html", context)


@login_required
def notifications_received(request: SignedInRequest) -> HttpResponse:
    """A funder's agents read the notifications addressed to their organisation: the incident as
    notified (dates, categories, number of people, measures), never a record."""
    if not is_funder_agent(request.user):
        raise PermissionDenied("Cette page est celle des financeurs notifiés.")
    notifications = BreachNotification.objects.filter(
        recipient=Recipient.FUNDER,
        organisation_id=request.user.organisation_id,  # type: ignore[misc]  # a funder agent has an organisation
    ).select_related("breach__service", "breach__controller")
    return render(request, "privacy/breach_received.html", {"notifications": notifications})


@login_required
@require_http_methods(["GET", "POST"])
def breach_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an incident (kept, listed, no more reminders); a closed one is reopened the same way."""
    breach = _get(request.user, pk)
    if request.method == "POST":
        breaches.set_status(request.user, breach, closed=breach.status == BreachStatus.OPEN)
        return redirect("privacy:breach_detail", pk=breach.pk)
    return render(request, "privacy/breach_close.html", {"breach": breach})
