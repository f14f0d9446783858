"""Pages of the youths and their identity.

Only the educators and the director of the youth's service see these pages; everybody else
gets a 404 (``visible_to``). Every read and change of a youth record writes an access-log
entry in the same transaction; lists show pseudonymous data only, never an identity."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from reperes.accounts.enums import FIELD_ROLES
from reperes.accounts.models import User
from reperes.core.form_actions import run_form_action
from reperes.core.params import id_param, text_param
from reperes.fieldwork.enums import AccessAction, AgeBand, Gender, Situation
from reperes.fieldwork.pages import field_service, page_of
from reperes.fieldwork.youths import actions
from reperes.fieldwork.youths.access_log import AccessLogEntry
from reperes.fieldwork.youths.forms import (
    IdentityForm,
    IdentitySearchForm,
    YouthForm,
)
from reperes.fieldwork.youths.models import Accompaniment, Youth, new_pseudonym
from reperes.fieldwork.youths.pages import (
    LOG_SIZE,
    PAGE_SIZE,
    _age_label,
    _band_filter,
    _data_protection_sources,
    _form_page,
    _refused,
    _youth,
    _youth_url,
)
from reperes.partners.models import Quartier


# ---------------------------------------------------------------- youths
def _list_filters(get: Any, *names: str) -> dict[str, str]:
    """A list's filters as the query string gives them, each "" when absent."""
    return {name: get.get(name, "") for name in names}


def _filters_context(filters: dict[str, str]) -> dict[str, Any]:
    """What a filtered list's template needs: the filters, the query string that keeps those
    set from page to page, and whether any is set."""
    query = {k: v for k, v in filters.items() if v}
    return {"filters": filters, "query": urlencode(query), "filtered": bool(query)}


@require_http_methods(["GET", "POST"])
def youth_list(request: HttpRequest) -> HttpResponse:
    """The service's youths, filtered by non-identifying criteria in the query string; the
    identity search (name, phone) comes by POST only, so that no name ever reaches a URL, an
    access log or the browser's history (issue 9 point 6)."""
    service = field_service(request)
    today = timezone.localdate()
    open_accompaniment = Accompaniment.objects.filter(youth=OuterRef("pk"), ended_on__isnull=True)
    youths = (
        Youth.objects.visible_to(request.user)
        .filter(anonymised_on__isnull=True)
        .defer(*Youth.IDENTITY_FIELDS)
        .select_related("commune", "quartier", "family")
        .annotate(open_accompaniment=Exists(open_accompaniment))
        .order_by("pseudonym", "pk")
    )
    get = request.GET
    filters = _list_filters(get, "genre", "age", "quartier", "situation", "accompagnement")
    filters["q"] = text_param(get, "q")
    if filters["genre"] in Gender.values:
        youths = youths.filter(gender=filters["genre"])
    if filters["age"] in AgeBand.values:
        youths = youths.filter(_band_filter(filters["age"], today))
    if (quartier := id_param(get, "quartier")) is not None:
        youths = youths.filter(quartier_id=quartier)
    if filters["situation"] in Situation.values:
        youths = youths.filter(situation=filters["situation"])
    if filters["accompagnement"] == "oui":
        youths = youths.filter(open_accompaniment=True)
    elif filters["accompagnement"] == "non":
        youths = youths.filter(open_accompaniment=False)
    if filters["q"]:
        youths = youths.filter(pseudonym__icontains=filters["q"])

    search = IdentitySearchForm(request.POST if request.method == "POST" else None)
    searching = search.is_bound and search.is_valid() and bool(search.keys(service.pk))
    if searching:
        keys = search.keys(service.pk)
        with transaction.atomic():
            found = list(youths.filter(**keys)[:PAGE_SIZE])
            for youth in found:
                actions.read_youth(request.user, youth, AccessAction.SEARCH, fields=sorted(keys))
        page = Paginator(found, PAGE_SIZE).get_page(1)
    else:
        page = page_of(request, youths, PAGE_SIZE)

    rows = [{"youth": y, "age": _age_label(y, today)} for y in page.object_list]
    context = {
        "service": service,
        "page": page,
        "rows": rows,
        **_filters_context(filters),
        "search": search,
        "searching": searching,
        "genders": Gender.choices,
        "bands": AgeBand.choices,
        "situations": Situation.choices,
        "quartiers": Quartier.objects.filter(commune__services=service).select_related("commune"),
    }
    return render(request, "fieldwork/youth_list.html", context)


@require_http_methods(["GET", "POST"])
def youth_create(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    form = YouthForm(
        request.POST or None,
        service=service,
        initial={"pseudonym": new_pseudonym(), "first_met_on": timezone.localdate()},
    )
    return run_form_action(
        request,
        form,
        lambda: actions.create_youth(request.user, service, **form.cleaned_data),
        success=lambda youth: f"La fiche de {youth.pseudonym} a été créée.",
        redirect_to=_youth_url,
        page=lambda: _form_page(
            request,
            form,
            "Nouveau jeune",
            reverse("fieldwork:youth_list"),
            intro="Le jeune est enregistré sous un pseudonyme. Son identité ne peut être "
            "ajoutée ensuite qu'avec son accord.",
        ),
    )


def _who_can_see(service_id: int) -> QuerySet[User]:
    # Staff of the service only: an account naming the service but employed by another
    # organisation sees nothing (reperes.core.access.staff_service_id).
    return User.objects.filter(
        service_id=service_id,
        role__in=FIELD_ROLES,
        is_active=True,
        organisation_id=F("service__operator_id"),
    ).order_by("full_name")


@require_GET
def youth_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    today = timezone.localdate()
    with transaction.atomic():
        youth = _youth(request, pk)
        youth = Youth.objects.select_related("commune", "quartier", "family").get(pk=youth.pk)
        actions.read_youth(request.user, youth)
        accompaniments = list(
            youth.accompaniments.select_related("orienting_partner")
            .prefetch_related("problems", "responses", "referents")
            .annotate(intervention_count=Count("interventions"))
            .order_by("-started_on", "-pk")
        )
        collective = list(youth.collective_actions.order_by("-started_on"))
        log = list(AccessLogEntry.objects.filter(youth=youth).select_related("user")[:LOG_SIZE])
    readers = list(_who_can_see(youth.service_id))
    context = {
        "youth": youth,
        "age": _age_label(youth, today),
        "band": AgeBand(youth.band_on(today)).label,
        "accompaniments": [{"a": a, "days": a.duration_days(today)} for a in accompaniments],
        "collective": collective,
        "has_identity": youth.has_identity,
        "readers": readers,
        "log": log,
    }
    return render(request, "fieldwork/youth_detail.html", context)


YouthPage = Callable[[HttpRequest, Youth], HttpResponse]


def _on_youth(
    read: Callable[..., Any], **options: Any
) -> Callable[[YouthPage], Callable[[HttpRequest, Any], HttpResponse]]:
    """A page about the youth of the URL's ``pk``, given the youth found in a transaction with
    the read that showing it logs (``read(user, youth, **options)``, on a GET only: a POST
    logs its change); back to the record instead when it is anonymised."""

    def decorate(view: YouthPage) -> Callable[[HttpRequest, Any], HttpResponse]:
        @wraps(view)
        def page(request: HttpRequest, pk: Any) -> HttpResponse:
            with transaction.atomic():
                youth = _youth(request, pk)
                if refusal := _refused(request, youth):
                    return refusal
                if request.method == "GET":
                    read(request.user, youth, **options)
            return view(request, youth)

        return page

    return decorate


@require_http_methods(["GET", "POST"])
@_on_youth(actions.read_youth, fields=Youth.RECORD_FIELDS)
def youth_edit(request: HttpRequest, youth: Youth) -> HttpResponse:
    form = YouthForm(request.POST or None, instance=youth, service=youth.service)

    def page() -> HttpResponse:
        _log_conflict_read(request, youth, form)
        heading = f"Modifier la fiche de {Youth.objects.get(pk=youth.pk).pseudonym}"
        return _form_page(request, form, heading, _youth_url(youth), youth=youth)

    return run_form_action(
        request,
        form,
        lambda version: actions.update_youth(
            request.user,
            youth,
            version=version,
            **{k: form.cleaned_data[k] for k in Youth.RECORD_FIELDS},
        ),
        fresh=lambda: YouthForm(instance=Youth.objects.get(pk=youth.pk), service=youth.service),
        success="La fiche a été mise à jour.",
        redirect_to=_youth_url(youth),
        page=page,
    )


@never_cache
@require_GET
@_on_youth(actions.read_identity)
def youth_identity(request: HttpRequest, youth: Youth) -> HttpResponse:
    """The identity, shown on a page of its own, each time logged (« Afficher l'identité »)."""
    return render(request, "fieldwork/youth_identity.html", {"youth": youth})


def _identity_form(youth: Youth, data: Any = None) -> IdentityForm:
    initial: dict[str, Any] = {name: getattr(youth, name) for name in Youth.IDENTITY_FIELDS}
    initial["identity_consent_on"] = youth.identity_consent_on
    return IdentityForm(data, initial=initial, version=youth.version)


def _log_conflict_read(
    request: HttpRequest, youth: Youth, form: Any, action: str = AccessAction.VIEW, **record: str
) -> None:
    """A refused stale edit shows the values recorded since: a read of the record, logged
    (field names only)."""
    if form.conflict:
        fields = [change.field for change in form.conflict]
        actions.read_youth(request.user, youth, action, fields=fields, **record)


@sensitive_post_parameters(*Youth.IDENTITY_FIELDS, "original")
@never_cache
@require_http_methods(["GET", "POST"])
@_on_youth(actions.read_identity)
def youth_identity_edit(request: HttpRequest, youth: Youth) -> HttpResponse:
    form = _identity_form(youth, request.POST or None)

    def page() -> HttpResponse:
        _log_conflict_read(request, youth, form, AccessAction.VIEW_IDENTITY)
        return _form_page(
            request,
            form,
            f"Identité de {youth.pseudonym}",
            _youth_url(youth),
            youth=youth,
            intro="Seulement avec l'accord du jeune : nom, prénom, adresse postale et téléphone"
            + "".join(f" ({source})" for source in _data_protection_sources(youth.service))
            + ". Ces données sont chiffrées ; chaque consultation est inscrite au journal des "
            "accès de la fiche.",
        )

    return run_form_action(
        request,
        form,
        lambda version: actions.set_identity(
            request.user,
            youth,
            consent_on=form.cleaned_data["identity_consent_on"],
            version=version,
            **{name: form.cleaned_data[name] for name in Youth.IDENTITY_FIELDS},
        ),
        fresh=lambda: _identity_form(Youth.objects.get(pk=youth.pk)),
        success="L'identité a été enregistrée, chiffrée.",
        redirect_to=_youth_url(youth),
        page=page,
    )


@require_http_methods(["GET", "POST"])
@_on_youth(actions.read_youth)
def youth_identity_erase(request: HttpRequest, youth: Youth) -> HttpResponse:
    if request.method == "POST":
        actions.erase_identity(request.user, youth)
        messages.success(
            request,
            "L'identité a été effacée. La fiche reste sous pseudonyme, avec ses accompagnements.",
        )
        return redirect(_youth_url(youth))
    return render(
        request,
        "fieldwork/youth_erase.html",
        {"youth": youth, "sources": _data_protection_sources(youth.service)},
    )
