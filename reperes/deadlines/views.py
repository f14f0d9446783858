from __future__ import annotations

from datetime import date
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from reperes.accounts.http import SignedInRequest
from reperes.conventions import catalogue, clauses
from reperes.conventions.abilities import can_edit_conventions, get_abilities
from reperes.conventions.access import binds
from reperes.conventions.models import Convention
from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.form_fields import DATE_WIDGET
from reperes.core.french import MONTHS
from reperes.core.params import choice_param, year_param

from . import actions
from .enums import ObligationStatus
from .feed import feed
from .models import CalendarFeed, Obligation

# The clauses that date an obligation (listed on a convention's deadlines page).
DATED_KINDS = (catalogue.DOCUMENT, catalogue.REPORT, catalogue.EVALUATION)


class DoneForm(forms.Form):
    done_on = forms.DateField(label="Fait le", widget=DATE_WIDGET)
    evidence = forms.CharField(
        label="Justificatif",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ex. « Rapport transmis par courriel le 28/04 à la DEF ».",
    )


def _rows(
    obligations: list[Obligation], today: date
) -> list[tuple[str, list[tuple[Obligation, str]]]]:
    def month(o: Obligation) -> str:
        return f"{MONTHS[o.due_on.month - 1]} {o.due_on.year}"

    return [
        (label, [(o, o.status(today)) for o in group])
        for label, group in groupby(obligations, key=month)
    ]


def calendar_page(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    queryset = Obligation.objects.visible_to(request.user).select_related(
        "convention", "owner__organisation"
    )
    status = choice_param(request.GET, "statut", ObligationStatus.values)
    parsed_year = year_param(request.GET)
    year = str(parsed_year or "")
    if parsed_year is not None:
        queryset = queryset.filter(due_on__year=parsed_year)
    every = list(queryset)
    obligations = every
    if status in ObligationStatus.values:
        obligations = [o for o in every if o.status(today) == status]
    counts = actions.status_counts(every, today)
    return render(
        request,
        "deadlines/calendar.html",
        {
            "months": _rows(obligations, today),
            "today": today,
            "status": status,
            "year": year,
            "statuses": ObligationStatus.choices,
            "counts": counts,
            "feed": CalendarFeed.objects.filter(user=request.user).first(),
            "abilities": {"amend": can_edit_conventions(request.user)},
        },
    )


def convention_deadlines(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    today = timezone.localdate()
    obligations = list(convention.obligations.select_related("owner__organisation"))
    binding = binds(convention)
    return render(
        request,
        "deadlines/convention.html",
        {
            "convention": convention,
            "months": _rows(obligations, today),
            "today": today,
            "binding": binding,
            "projected": [] if binding else actions.project_obligations(convention, today),
            "clauses": clauses.in_force(convention, today, kinds=DATED_KINDS),
            "abilities": get_abilities(request.user, convention),
        },
    )


@require_http_methods(["GET", "POST"])
def mark_done(request: HttpRequest, pk: str) -> HttpResponse:
    """``pk`` is the obligation's random public identifier."""
    obligation = get_visible_or_404(Obligation, request.user, public_id=pk)
    if not get_abilities(request.user, obligation.convention)["amend"]:
        raise PermissionDenied("Votre rôle ne permet pas cette action.")
    form = DoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    return run_form_action(
        request,
        form,
        lambda: actions.mark_done(request.user, obligation, **form.cleaned_data),
        success="L'échéance est marquée comme faite.",
        redirect_to=reverse("deadlines:convention", args=[obligation.convention_id]),
        page=form_page(request, "deadlines/done.html", form=form, obligation=obligation),
    )


@require_http_methods(["GET", "POST"])
def subscription(request: SignedInRequest) -> HttpResponse:
    """Create or replace the secret address of the user's calendar feed."""
    current = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        actions.renew_calendar_feed(request.user)
        messages.success(request, "Nouvelle adresse créée ; l'ancienne ne fonctionne plus.")
        return redirect("deadlines:subscription")
    url = (
        request.build_absolute_uri(reverse("deadlines:feed", kwargs={"token": current.token}))
        if current
        else ""
    )
    return render(request, "deadlines/subscription.html", {"feed": current, "url": url})


@login_not_required
@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public by design: the unguessable token is the credential (calendar clients cannot log
    in). It carries titles and dates only, never personal data of youths."""
    subscription = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if subscription is None or not subscription.user.is_active:
        raise Http404("Calendrier introuvable")
    obligations = Obligation.objects.visible_to(subscription.user).select_related("convention")
    body = feed(obligations, stamp=timezone.now(), host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reperes-echeances.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
