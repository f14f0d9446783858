"""The operator's consent: accepting or refusing a convention, agreeing to an avenant that
lowers the statistical secrecy. Recorded by the operator's own service director, or by a
platform administrator on the evidence of the signed document (``reperes.conventions.access``)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reperes.accounts.enums import Role
from reperes.accounts.http import SignedInRequest
from reperes.core.access import can_record_operator_consent, get_visible_or_404
from reperes.core.form_actions import form_page, run_form_action

from . import actions
from .enums import AmendmentStatus, OperatorDecision
from .forms import ConventionDecisionForm, OperatorDecisionForm
from .models import Amendment, Convention
from .preview import preview

Decided = TypeVar("Decided", Convention, Amendment)

REFUSED = "Seule la direction du service de l'opérateur enregistre son accord ou son refus."


def _for_decision(
    request: HttpRequest, model: type[Decided], pk: int, service_path: str
) -> Decided:
    """The object for its decision page: the platform administrator reaches any convention on
    a service (to record a decision on evidence); everyone else reaches what they see, and is
    refused (403) unless they are the operator's director."""
    if getattr(request.user, "role", None) == Role.PLATFORM_ADMIN:
        try:
            return model.objects.get(pk=pk, **{f"{service_path}__isnull": False})
        except (model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("Page introuvable") from exc
    obj = get_visible_or_404(model, request.user, pk=pk)
    convention = obj if isinstance(obj, Convention) else obj.convention
    if not can_record_operator_consent(request.user, convention):
        raise PermissionDenied(REFUSED)
    return obj


@require_http_methods(["GET", "POST"])
def convention_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    convention = _for_decision(request, Convention, pk, "service")
    form = ConventionDecisionForm(
        request.POST or None,
        request.FILES or None,
        initial={"decided_on": timezone.localdate()},
    )
    pending = convention.operator_decision == OperatorDecision.PENDING

    def page() -> HttpResponse:
        return render(
            request,
            "conventions/decide.html",
            {
                "form": form,
                "convention": convention,
                "pending": pending,
                "amendment": None,
                # The same calendar the funder saw when setting the convention up.
                "preview": preview(convention, timezone.localdate()),
            },
        )

    if not pending:
        return page()
    return run_form_action(
        request,
        form,
        lambda: _decide_convention(request, convention, form.cleaned_data),
        success="La décision de l'opérateur a été enregistrée.",
        redirect_to=_after_decision(request, "conventions:decide", convention.pk, convention),
        page=page,
    )


def _decide_convention(request: HttpRequest, convention: Convention, data: dict[str, Any]) -> Any:
    if data["decision"] == "accept":
        return actions.accept_convention(
            request.user,
            convention,
            accepted_on=data["decided_on"],
            evidence=data["evidence"],
            note=data["reason"],
            document=data.get("document"),
        )
    return actions.refuse_convention(
        request.user, convention, refused_on=data["decided_on"], reason=data["reason"]
    )


def _after_decision(request: SignedInRequest, back: str, pk: int, convention: Convention) -> str:
    """Where a recorded decision leads: the platform administrator, who records decisions on
    evidence, back to the decision page; the operator's director to the convention."""
    if request.user.role == Role.PLATFORM_ADMIN:
        return reverse(back, args=[pk])
    return reverse("conventions:detail", args=[convention.pk])


@require_http_methods(["GET", "POST"])
def amendment_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    amendment = _for_decision(request, Amendment, pk, "convention__service")
    convention = amendment.convention
    form = OperatorDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    pending = amendment.status == AmendmentStatus.PENDING
    page = form_page(
        request,
        "conventions/decide.html",
        form=form,
        convention=convention,
        pending=pending,
        amendment=amendment,
    )
    if not pending:
        return page()
    return run_form_action(
        request,
        form,
        lambda: actions.decide_amendment(
            request.user,
            amendment,
            agree=form.cleaned_data["decision"] == "accept",
            decided_on=form.cleaned_data["decided_on"],
            evidence=form.cleaned_data["evidence"] or form.cleaned_data["reason"],
        ),
        success="La décision de l'opérateur sur l'avenant a été enregistrée.",
        redirect_to=_after_decision(
            request, "conventions:amendment_decide", amendment.pk, convention
        ),
        page=page,
    )
