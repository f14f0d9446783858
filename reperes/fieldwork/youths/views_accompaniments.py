"""Pages of the individual accompaniments and their interventions; each read and change is
written to the youth's access log in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from reperes.core.form_actions import run_form_action
from reperes.core.params import id_param
from reperes.fieldwork.enums import ChoiceKind, EntryMode
from reperes.fieldwork.pages import field_service, page_of
from reperes.fieldwork.youths import actions
from reperes.fieldwork.youths.forms import (
    AccompanimentForm,
    CloseAccompanimentForm,
    InterventionForm,
)
from reperes.fieldwork.youths.lists import current_convention, list_items
from reperes.fieldwork.youths.models import Accompaniment, Youth
from reperes.fieldwork.youths.pages import (
    PAGE_SIZE,
    _accompaniment,
    _accompaniment_url,
    _form_page,
    _opened_accompaniment,
    _refused,
    _youth_url,
)
from reperes.fieldwork.youths.views import (
    _filters_context,
    _list_filters,
    _log_conflict_read,
    _on_youth,
)


# ---------------------------------------------------------------- accompaniments
def _accompaniment_values(form: AccompanimentForm) -> dict[str, Any]:
    return {
        k: form.cleaned_data[k] for k in (*actions.ACCOMPANIMENT_FIELDS, *actions.ACCOMPANIMENT_M2M)
    }


@require_http_methods(["GET", "POST"])
@_on_youth(actions.read_youth, record="accompaniment")
def accompaniment_create(request: HttpRequest, youth: Youth) -> HttpResponse:
    form = AccompanimentForm(
        request.POST or None,
        service=youth.service,
        youth=youth,
        initial={"started_on": timezone.localdate()},
    )
    return run_form_action(
        request,
        form,
        lambda: actions.create_accompaniment(request.user, youth, **_accompaniment_values(form)),
        success="L'accompagnement a été ouvert.",
        redirect_to=_accompaniment_url,
        page=lambda: _form_page(
            request,
            form,
            f"Nouvel accompagnement de {youth.pseudonym}",
            _youth_url(youth),
            youth=youth,
        ),
    )


@require_GET
def accompaniment_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    with transaction.atomic():
        accompaniment = _accompaniment(request, pk)
        actions.read_youth(
            request.user,
            accompaniment.youth,
            record="accompaniment",
            record_id=str(accompaniment.public_id),
        )
        interventions = list(
            accompaniment.interventions.select_related("partner", "staff").order_by(
                "-occurred_on", "-pk"
            )
        )
    context = {
        "accompaniment": accompaniment,
        "youth": accompaniment.youth,
        "days": accompaniment.duration_days(),
        "problems": list(accompaniment.problems.all()),
        "responses": list(accompaniment.responses.all()),
        "referents": list(accompaniment.referents.all()),
        "interventions": interventions,
    }
    return render(request, "fieldwork/accompaniment_detail.html", context)


def _accompaniment_form(
    request: HttpRequest,
    accompaniment: Accompaniment,
    form: Any,
    run: Callable[[int | None], Any],
    success: str,
    heading: str,
    fresh: Callable[[Accompaniment], Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """A form about one accompaniment: on a valid POST run the action (given the version the
    form was opened on, if it edits the accompaniment), then back to the accompaniment;
    otherwise (or when the action refuses, a stale edit included) the form again, nothing
    lost. ``fresh`` builds the form on the accompaniment as it is now."""

    def page() -> HttpResponse:
        if fresh is not None:
            record = {"record": "accompaniment", "record_id": str(accompaniment.public_id)}
            _log_conflict_read(request, accompaniment.youth, form, **record)
        return _form_page(
            request,
            form,
            heading,
            _accompaniment_url(accompaniment),
            youth=accompaniment.youth,
            accompaniment=accompaniment,
            **extra,
        )

    def now() -> Any:
        assert fresh is not None
        return fresh(Accompaniment.objects.get(pk=accompaniment.pk))

    return run_form_action(
        request,
        form,
        run if fresh else lambda: run(None),
        fresh=now if fresh else None,
        success=success,
        redirect_to=_accompaniment_url(accompaniment),
        page=page,
    )


def _on_opened_accompaniment(
    view: Callable[[HttpRequest, Accompaniment], HttpResponse],
) -> Callable[[HttpRequest, Any], HttpResponse]:
    """A form page on an accompaniment still open, given it found from the URL's ``pk``; back
    to the youth's record instead when the record is anonymised."""

    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def page(request: HttpRequest, pk: Any) -> HttpResponse:
        accompaniment = _opened_accompaniment(request, pk)
        if refusal := _refused(request, accompaniment.youth):
            return refusal
        return view(request, accompaniment)

    return page


@_on_opened_accompaniment
def accompaniment_edit(request: HttpRequest, accompaniment: Accompaniment) -> HttpResponse:
    def edit_form(instance: Accompaniment, data: Any = None) -> AccompanimentForm:
        return AccompanimentForm(
            data, instance=instance, service=accompaniment.service, youth=accompaniment.youth
        )

    form = edit_form(accompaniment, request.POST or None)
    return _accompaniment_form(
        request,
        accompaniment,
        form,
        lambda version: actions.update_accompaniment(
            request.user, accompaniment, version=version, **_accompaniment_values(form)
        ),
        "L'accompagnement a été mis à jour.",
        f"Modifier l'accompagnement de {accompaniment.youth.pseudonym}",
        fresh=edit_form,
    )


def _accompaniment_page(
    form_class: Callable[..., Any],
    action: Callable[..., Any],
    success: str,
    heading: str,
    *,
    locked: bool = False,
    intro: str = "",
    **extra: Any,
) -> Callable[[HttpRequest, Any], HttpResponse]:
    """The page of a form about an accompaniment still open, ``form_class(data,
    accompaniment=...)``: a valid POST runs ``action(user, accompaniment, **cleaned_data)``,
    given the ``version`` the form was opened on when it is ``locked`` (``_accompaniment_form``).
    ``heading`` and ``intro`` are formatted with the accompaniment, ``{a}``."""

    @_on_opened_accompaniment
    def view(request: HttpRequest, accompaniment: Accompaniment) -> HttpResponse:
        form = form_class(request.POST or None, accompaniment=accompaniment)

        def run(version: int | None) -> Any:
            options = {"version": version} if locked else {}
            return action(request.user, accompaniment, **options, **form.cleaned_data)

        return _accompaniment_form(
            request,
            accompaniment,
            form,
            run,
            success,
            heading.format(a=accompaniment),
            fresh=(lambda now: form_class(accompaniment=now)) if locked else None,
            intro=intro.format(a=accompaniment),
            **extra,
        )

    return view


accompaniment_close = _accompaniment_page(
    CloseAccompanimentForm,
    actions.close_accompaniment,
    "L'accompagnement est terminé.",
    "Terminer l'accompagnement de {a.youth.pseudonym}",
    locked=True,
    intro="Commencé le {a.started_on:%d/%m/%Y}. La fin demande un motif.",
    submit="Terminer l'accompagnement",
)
intervention_add = _accompaniment_page(
    InterventionForm,
    actions.add_intervention,
    "L'intervention a été ajoutée.",
    "Ajouter une intervention — {a.youth.pseudonym}",
)


@require_GET
def accompaniment_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    today = timezone.localdate()
    accompaniments = (
        Accompaniment.objects.visible_to(request.user)
        .filter(youth__anonymised_on__isnull=True)
        .select_related("orienting_partner")
        .prefetch_related(
            Prefetch("youth", queryset=Youth.objects.only("public_id", "pseudonym")),
            "problems",
            "referents",
        )
        .order_by("-started_on", "-pk")
    )
    get = request.GET
    filters = _list_filters(get, "statut", "entree", "problematique")
    if filters["statut"] == "en-cours":
        accompaniments = accompaniments.filter(ended_on__isnull=True)
    elif filters["statut"] == "termines":
        accompaniments = accompaniments.filter(ended_on__isnull=False)
    if filters["entree"] in EntryMode.values:
        accompaniments = accompaniments.filter(entry_mode=filters["entree"])
    if (problem := id_param(get, "problematique")) is not None:
        accompaniments = accompaniments.filter(problems__pk=problem)
    page = page_of(request, accompaniments, PAGE_SIZE)
    context = {
        "service": service,
        "page": page,
        "rows": [{"a": a, "days": a.duration_days(today)} for a in page.object_list],
        **_filters_context(filters),
        "entry_modes": EntryMode.choices,
        "problems": list(list_items(current_convention(service), ChoiceKind.PROBLEM)),
    }
    return render(request, "fieldwork/accompaniment_list.html", context)
