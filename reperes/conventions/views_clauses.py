"""Clause pages: change, add or end a clause by amendment (a signed or accepted convention),
or write a draft's clauses in place. Thin views: every write is an action of
``reperes.conventions.actions_clauses``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.views import reference_date

from . import actions_clauses, catalogue
from . import clauses as resolver
from .abilities import get_abilities
from .actions_draft import is_draft, may_set_up, setup_parties
from .clause_display import clause_groups
from .enums import AmendmentStatus
from .forms_clauses import ClauseAmendmentForm, ClauseKeyForm, ClauseParamsForm
from .models import Convention

PREFIX = "clause"


def _to(name: str, convention: Convention, query: dict[str, str]) -> str:
    url = reverse(name, kwargs={"pk": convention.pk})
    return f"{url}?{urlencode(query)}" if query else url


def _query(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET[k] for k in ("cle", "nature", "fin", "suggestion") if k in request.GET}


def _suggested(kind: catalogue.ClauseKind, request: HttpRequest) -> dict[str, Any]:
    try:
        return dict(kind.suggestions[int(request.GET.get("suggestion", ""))].params)
    except (ValueError, IndexError):
        return {}


def _target(request: HttpRequest, convention: Convention) -> tuple[str, Any, str]:
    """What the page is about: (mode, the clause's history or its kind, key); mode is
    ``change``, ``end``, ``add`` or ``choose``. A clause or kind that does not exist is 404."""
    key, kind = request.GET.get("cle", ""), request.GET.get("nature", "")
    if key:
        history = resolver.versions(convention).get(key)
        if not history:
            raise Http404("Clause introuvable")
        return ("end" if request.GET.get("fin") == "1" else "change"), history, key
    if kind:
        if kind not in catalogue.KINDS:
            raise Http404("Nature de clause inconnue")
        return "add", catalogue.KINDS[kind], ""
    return "choose", None, ""


def _current_and_kind(
    mode: str, target: Any
) -> tuple[resolver.BoundClause | None, catalogue.ClauseKind]:
    """The clause's latest version (None when one is added) and its kind, from ``_target``."""
    current = target[-1] if mode in ("change", "end") else None
    return current, catalogue.KINDS[current.kind] if current is not None else target


def _params_form(
    data: Any,
    request: HttpRequest,
    kind: catalogue.ClauseKind,
    current: resolver.BoundClause | None,
) -> ClauseParamsForm:
    """The clause's parameters, filled from its latest version, or for a clause added from
    the suggestion chosen (``?suggestion=``)."""
    return ClauseParamsForm(
        data,
        kind=kind.code,
        params=current.params if current is not None else _suggested(kind, request),
        article=current.clause.article if current is not None else "",
        prefix=PREFIX,
    )


def _choose(request: HttpRequest, convention: Convention, draft: bool) -> HttpResponse:
    return render(
        request,
        "conventions/clause_choose.html",
        {
            "convention": convention,
            "groups": clause_groups(convention, reference_date(request)),
            "kinds": list(catalogue.KINDS.values()),
            "draft": draft,
            "url_name": "conventions:clause_edit" if draft else "conventions:clause_amend",
        },
    )


def _clauses_url(convention: Convention) -> str:
    return reverse("conventions:detail", kwargs={"pk": convention.pk}) + "#clauses"


def _amendment_saved(amendment: Any) -> str:
    if amendment.status == AmendmentStatus.PENDING:
        return (
            "L'avenant est enregistré ; il ajoute à ce que doit l'opérateur et ne "
            "s'appliquera qu'avec l'accord de l'opérateur du service."
        )
    return "L'avenant a été enregistré ; la clause change à sa date d'effet."


@require_http_methods(["GET", "POST"])
def clause_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """An avenant that changes (``?cle=``), ends (``?cle=…&fin=1``) or adds (``?nature=``) a
    clause from its effective date."""
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    if not get_abilities(request.user, convention)["amend"]:
        raise PermissionDenied("Votre rôle ne permet pas d'enregistrer un avenant.")
    if is_draft(convention):
        messages.info(
            request, "Cette convention est un projet : ses clauses se modifient directement."
        )
        return redirect(_to("conventions:clause_edit", convention, _query(request)))
    mode, target, key = _target(request, convention)
    if mode == "choose":
        return _choose(request, convention, draft=False)
    current, kind = _current_and_kind(mode, target)
    data = request.POST or None
    last = convention.amendments.aggregate(m=Max("number"))["m"] or 0
    header = ClauseAmendmentForm(data, initial={"number": last + 1})
    params_form = _params_form(data, request, kind, current) if mode != "end" else None
    key_form = ClauseKeyForm(data, prefix=PREFIX) if mode == "add" else None

    def amend() -> Any:
        avenant = header.avenant()
        if mode == "end":
            return actions_clauses.end_clause(request.user, convention, avenant, key=key)
        assert params_form is not None
        if mode == "change":
            return actions_clauses.amend_clause(
                request.user,
                convention,
                avenant,
                key=key,
                params=params_form.params,
                article=params_form.cleaned_data["article"],
            )
        assert key_form is not None
        return actions_clauses.add_clause_by_amendment(
            request.user,
            convention,
            avenant,
            kind=kind.code,
            key=key_form.cleaned_data["key"],
            params=params_form.params,
            article=params_form.cleaned_data["article"],
        )

    return run_form_action(
        request,
        header,
        amend,
        with_forms=[f for f in (params_form, key_form) if f is not None],
        success=_amendment_saved,
        level=lambda amendment: (
            messages.WARNING if amendment.status == AmendmentStatus.PENDING else messages.SUCCESS
        ),
        redirect_to=_clauses_url(convention),
        page=form_page(
            request,
            "conventions/clause_form.html",
            convention=convention,
            mode=mode,
            kind=kind,
            current=current,
            history=target if mode in ("change", "end") else [],
            header=header,
            params_form=params_form,
            key_form=key_form,
            draft=False,
            page_errors=[],
        ),
    )


@require_http_methods(["GET", "POST"])
def clause_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft's clause written in place: added (``?nature=``), changed or removed
    (``?cle=``). Once signed or accepted, the page sends to the amendment."""
    convention = get_visible_or_404(Convention, request.user, pk=pk)
    if not may_set_up(request.user, setup_parties(convention)):
        raise PermissionDenied(
            "Seul un agent d'un financeur partie à la convention, comme pilote ou "
            "co-financeur, écrit ses clauses."
        )
    if not is_draft(convention):
        messages.info(
            request,
            "Cette convention est signée ou acceptée par l'opérateur : ses clauses changent "
            "par avenant, à compter de sa date d'effet.",
        )
        return redirect(_to("conventions:clause_amend", convention, _query(request)))
    mode, target, key = _target(request, convention)
    if mode == "choose":
        return _choose(request, convention, draft=True)
    current, kind = _current_and_kind(mode, target)
    removing = request.method == "POST" and "retirer" in request.POST and current is not None
    data = request.POST or None
    params_form = _params_form(None if removing else data, request, kind, current)
    key_form = ClauseKeyForm(data, prefix=PREFIX) if mode == "add" else None

    page_errors: list[str] = []  # an action's refusal, above the page as before
    page = form_page(
        request,
        "conventions/clause_form.html",
        convention=convention,
        mode="change" if current is not None else "add",
        kind=kind,
        current=current,
        history=target if current is not None else [],
        header=None,
        params_form=params_form,
        key_form=key_form,
        draft=True,
        page_errors=page_errors,
    )

    if removing:
        removal = forms.Form(request.POST)  # nothing to fill: the button says it all
        return run_form_action(
            request,
            removal,
            lambda: actions_clauses.remove_clause(request.user, convention, key),
            success="La clause a été retirée du projet.",
            redirect_to=_clauses_url(convention),
            page=page,
            refused=lambda exc: page_errors.extend(exc.messages),
        )

    def save() -> Any:
        article = params_form.cleaned_data["article"]
        if current is not None:
            return actions_clauses.update_clause(
                request.user, convention, key, params=params_form.params, article=article
            )
        assert key_form is not None
        return actions_clauses.add_clause(
            request.user,
            convention,
            kind.code,
            key_form.cleaned_data["key"],
            article,
            params_form.params,
        )

    return run_form_action(
        request,
        params_form,
        save,
        with_forms=[key_form] if key_form is not None else [],
        success="La clause du projet a été enregistrée.",
        redirect_to=_clauses_url(convention),
        page=page,
        refused=lambda exc: page_errors.extend(exc.messages),
    )
