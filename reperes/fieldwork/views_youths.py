"""Pages of the per-youth records: youths, identity, accompaniments, families, lists.

Only the educators and the director of the youth's service see these pages; everybody else
gets a 404 (``visible_to``). Every read and change of a youth record writes an access-log
entry in the same transaction; lists show pseudonymous data only, never an identity.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from reperes.accounts.enums import Role
from reperes.accounts.models import User
from reperes.core.access import get_visible_or_404
from reperes.core.locking import save_unless_changed
from reperes.core.params import id_param, text_param
from reperes.partners.models import Quartier, Service

from . import actions_youths as actions
from .enums import (
    AccessAction,
    AgeBand,
    ChoiceKind,
    EntryMode,
    Gender,
    Situation,
)
from .forms_youths import (
    AccompanimentForm,
    CloseAccompanimentForm,
    FamilyForm,
    FamilyLinkForm,
    IdentityForm,
    IdentitySearchForm,
    InterventionForm,
    ListItemForm,
    YouthForm,
)
from .lists import current_convention, has_own_list, list_items
from .models import (
    FIELD_ROLES,
    AccessLogEntry,
    Accompaniment,
    Family,
    Youth,
    field_service_id,
    new_pseudonym,
)

PAGE_SIZE = 50
LOG_SIZE = 50


# ---------------------------------------------------------------- helpers
def _service(request: HttpRequest) -> Service:
    """The user's own service for field work; 404 for anyone without one."""
    service_id = field_service_id(request.user)
    if service_id is None:
        raise Http404("Page introuvable")
    return Service.objects.get(pk=service_id)


def _youth(request: HttpRequest, pk: Any) -> Youth:
    return get_visible_or_404(Youth, request.user, public_id=pk)


def _refused(request: HttpRequest, youth: Youth) -> HttpResponse | None:
    """Back to the record, with the reason, when it is anonymised: nothing of it changes any
    more (the actions refuse it too, ``actions_youths.anonymised_message``)."""
    if youth.anonymised_on is None:
        return None
    messages.error(request, actions.anonymised_message(youth))
    return redirect(_youth_url(youth))


def _accompaniment(request: HttpRequest, pk: Any) -> Accompaniment:
    accompaniment = get_visible_or_404(Accompaniment, request.user, public_id=pk)
    return Accompaniment.objects.select_related("youth", "service", "orienting_partner").get(
        pk=accompaniment.pk
    )


def _opened_accompaniment(request: HttpRequest, pk: Any) -> Accompaniment:
    """The accompaniment a form is about; showing the form reads the youth's record (logged in
    the same transaction)."""
    with transaction.atomic():
        accompaniment = _accompaniment(request, pk)
        if request.method == "GET" and accompaniment.youth.anonymised_on is None:
            actions.read_youth(
                request.user,
                accompaniment.youth,
                record="accompaniment",
                record_id=str(accompaniment.public_id),
            )
    return accompaniment


def _data_protection_sources(service: Any) -> list[str]:
    """The binding data-protection clauses that let the service hold a youth's identity, cited
    beside the identity pages (none when no binding convention says so)."""
    from reperes.conventions import catalogue, clauses
    from reperes.core.access import today

    return [
        bound.source
        for bound in clauses.for_service(service, today(), kinds=[catalogue.DATA_PROTECTION])
        if bound.params.get("nominative")
    ]


def _youth_url(youth: Youth) -> str:
    return reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id})


def _accompaniment_url(accompaniment: Accompaniment) -> str:
    return reverse("fieldwork:accompaniment_detail", kwargs={"pk": accompaniment.public_id})


def _family_url(family: Family) -> str:
    return reverse("fieldwork:family_detail", kwargs={"pk": family.public_id})


def _form_page(request: HttpRequest, form: Any, heading: str, cancel: str, **extra: Any) -> Any:
    context = {
        "form": form,
        "heading": heading,
        "cancel_url": cancel,
        "intro": "",
        "youth": None,
        "accompaniment": None,
        "family": None,
        "danger": False,
        "submit": "Enregistrer",
        **extra,
    }
    return render(request, "fieldwork/youth_form.html", context)


def _band_filter(band: str, today: date) -> Q:
    """Youths in ``band`` today: by birth year when known, else by the band recorded."""
    recorded = Q(birth_year__isnull=True, age_band=band)
    if band == AgeBand.UNKNOWN:
        return recorded
    if band == AgeBand.OVER_25:
        return recorded | Q(birth_year__lte=today.year - 26)
    low, high = (int(x) for x in band.split("-"))
    return recorded | Q(birth_year__gte=today.year - high, birth_year__lte=today.year - low)


def _age_label(youth: Youth, today: date) -> str:
    if youth.birth_year:
        return f"{today.year - youth.birth_year} ans"
    return AgeBand(youth.age_band).label


# ---------------------------------------------------------------- youths
@require_http_methods(["GET", "POST"])
def youth_list(request: HttpRequest) -> HttpResponse:
    """The service's youths, filtered by non-identifying criteria in the query string; the
    identity search (name, phone) comes by POST only, so that no name ever reaches a URL, an
    access log or the browser's history (issue 9 point 6)."""
    service = _service(request)
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
    filters = {
        "genre": get.get("genre", ""),
        "age": get.get("age", ""),
        "quartier": get.get("quartier", ""),
        "situation": get.get("situation", ""),
        "accompagnement": get.get("accompagnement", ""),
        "q": text_param(get, "q"),
    }
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
        page = Paginator(youths, PAGE_SIZE).get_page(get.get("page"))

    query = {k: v for k, v in filters.items() if v}
    rows = [{"youth": y, "age": _age_label(y, today)} for y in page.object_list]
    context = {
        "service": service,
        "page": page,
        "rows": rows,
        "filters": filters,
        "query": urlencode(query),
        "filtered": bool(query),
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
    service = _service(request)
    form = YouthForm(
        request.POST or None,
        service=service,
        initial={"pseudonym": new_pseudonym(), "first_met_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            youth = actions.create_youth(request.user, service, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"La fiche de {youth.pseudonym} a été créée.")
            return redirect(_youth_url(youth))
    return _form_page(
        request,
        form,
        "Nouveau jeune",
        reverse("fieldwork:youth_list"),
        intro="Le jeune est enregistré sous un pseudonyme. Son identité ne peut être ajoutée "
        "ensuite qu'avec son accord.",
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


@require_http_methods(["GET", "POST"])
def youth_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    with transaction.atomic():
        youth = _youth(request, pk)
        if refusal := _refused(request, youth):
            return refusal
        if request.method == "GET":
            actions.read_youth(request.user, youth, fields=actions.YOUTH_FIELDS)
    form = YouthForm(request.POST or None, instance=youth, service=youth.service)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in actions.YOUTH_FIELDS}
        if save_unless_changed(
            form,
            lambda version: actions.update_youth(request.user, youth, version=version, **fields),
            lambda: YouthForm(instance=Youth.objects.get(pk=youth.pk), service=youth.service),
        ):
            messages.success(request, "La fiche a été mise à jour.")
            return redirect(_youth_url(youth))
        _log_conflict_read(request, youth, form)
    return _form_page(
        request,
        form,
        f"Modifier la fiche de {Youth.objects.get(pk=youth.pk).pseudonym}",
        _youth_url(youth),
        youth=youth,
    )


@never_cache
@require_GET
def youth_identity(request: HttpRequest, pk: Any) -> HttpResponse:
    """The identity, shown on a page of its own, each time logged (« Afficher l'identité »)."""
    with transaction.atomic():
        youth = _youth(request, pk)
        if refusal := _refused(request, youth):
            return refusal
        present = [name for name in Youth.IDENTITY_FIELDS if getattr(youth, name)]
        actions.read_youth(request.user, youth, AccessAction.VIEW_IDENTITY, fields=present)
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
def youth_identity_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    with transaction.atomic():
        youth = _youth(request, pk)
        if refusal := _refused(request, youth):
            return refusal
        if request.method == "GET":
            present = [name for name in Youth.IDENTITY_FIELDS if getattr(youth, name)]
            actions.read_youth(request.user, youth, AccessAction.VIEW_IDENTITY, fields=present)
    form = _identity_form(youth, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_unless_changed(
            form,
            lambda version: actions.set_identity(
                request.user,
                youth,
                consent_on=data["identity_consent_on"],
                version=version,
                **{name: data[name] for name in Youth.IDENTITY_FIELDS},
            ),
            lambda: _identity_form(Youth.objects.get(pk=youth.pk)),
        ):
            messages.success(request, "L'identité a été enregistrée, chiffrée.")
            return redirect(_youth_url(youth))
        _log_conflict_read(request, youth, form, AccessAction.VIEW_IDENTITY)
    return _form_page(
        request,
        form,
        f"Identité de {youth.pseudonym}",
        _youth_url(youth),
        youth=youth,
        intro="Seulement avec l'accord du jeune : nom, prénom, adresse postale et téléphone"
        + "".join(f" ({source})" for source in _data_protection_sources(youth.service))
        + ". Ces données sont chiffrées ; chaque consultation est inscrite au journal des accès "
        "de la fiche.",
    )


@require_http_methods(["GET", "POST"])
def youth_identity_erase(request: HttpRequest, pk: Any) -> HttpResponse:
    with transaction.atomic():
        youth = _youth(request, pk)
        if refusal := _refused(request, youth):
            return refusal
        if request.method == "GET":
            actions.read_youth(request.user, youth)
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


# ---------------------------------------------------------------- accompaniments
def _accompaniment_values(form: AccompanimentForm) -> dict[str, Any]:
    return {
        k: form.cleaned_data[k] for k in (*actions.ACCOMPANIMENT_FIELDS, *actions.ACCOMPANIMENT_M2M)
    }


@require_http_methods(["GET", "POST"])
def accompaniment_create(request: HttpRequest, pk: Any) -> HttpResponse:
    with transaction.atomic():
        youth = _youth(request, pk)
        if refusal := _refused(request, youth):
            return refusal
        if request.method == "GET":
            actions.read_youth(request.user, youth, record="accompaniment")
    form = AccompanimentForm(
        request.POST or None,
        service=youth.service,
        youth=youth,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            accompaniment = actions.create_accompaniment(
                request.user, youth, **_accompaniment_values(form)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'accompagnement a été ouvert.")
            return redirect(_accompaniment_url(accompaniment))
    return _form_page(
        request,
        form,
        f"Nouvel accompagnement de {youth.pseudonym}",
        _youth_url(youth),
        youth=youth,
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
    if request.method == "POST" and form.is_valid():
        now = (lambda: fresh(Accompaniment.objects.get(pk=accompaniment.pk))) if fresh else None
        if save_unless_changed(form, run, now):
            messages.success(request, success)
            return redirect(_accompaniment_url(accompaniment))
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


@require_http_methods(["GET", "POST"])
def accompaniment_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    accompaniment = _opened_accompaniment(request, pk)
    if refusal := _refused(request, accompaniment.youth):
        return refusal

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


@require_http_methods(["GET", "POST"])
def accompaniment_close(request: HttpRequest, pk: Any) -> HttpResponse:
    accompaniment = _opened_accompaniment(request, pk)
    if refusal := _refused(request, accompaniment.youth):
        return refusal
    form = CloseAccompanimentForm(request.POST or None, accompaniment=accompaniment)
    return _accompaniment_form(
        request,
        accompaniment,
        form,
        lambda version: actions.close_accompaniment(
            request.user, accompaniment, version=version, **form.cleaned_data
        ),
        "L'accompagnement est terminé.",
        f"Terminer l'accompagnement de {accompaniment.youth.pseudonym}",
        fresh=lambda now: CloseAccompanimentForm(accompaniment=now),
        intro=f"Commencé le {accompaniment.started_on:%d/%m/%Y}. La fin demande un motif.",
        submit="Terminer l'accompagnement",
    )


@require_http_methods(["GET", "POST"])
def intervention_add(request: HttpRequest, pk: Any) -> HttpResponse:
    accompaniment = _opened_accompaniment(request, pk)
    if refusal := _refused(request, accompaniment.youth):
        return refusal
    form = InterventionForm(request.POST or None, accompaniment=accompaniment)
    return _accompaniment_form(
        request,
        accompaniment,
        form,
        lambda _version: actions.add_intervention(request.user, accompaniment, **form.cleaned_data),
        "L'intervention a été ajoutée.",
        f"Ajouter une intervention — {accompaniment.youth.pseudonym}",
    )


@require_GET
def accompaniment_list(request: HttpRequest) -> HttpResponse:
    service = _service(request)
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
    filters = {
        "statut": get.get("statut", ""),
        "entree": get.get("entree", ""),
        "problematique": get.get("problematique", ""),
    }
    if filters["statut"] == "en-cours":
        accompaniments = accompaniments.filter(ended_on__isnull=True)
    elif filters["statut"] == "termines":
        accompaniments = accompaniments.filter(ended_on__isnull=False)
    if filters["entree"] in EntryMode.values:
        accompaniments = accompaniments.filter(entry_mode=filters["entree"])
    if (problem := id_param(get, "problematique")) is not None:
        accompaniments = accompaniments.filter(problems__pk=problem)
    page = Paginator(accompaniments, PAGE_SIZE).get_page(get.get("page"))
    query = {k: v for k, v in filters.items() if v}
    context = {
        "service": service,
        "page": page,
        "rows": [{"a": a, "days": a.duration_days(today)} for a in page.object_list],
        "filters": filters,
        "query": urlencode(query),
        "filtered": bool(query),
        "entry_modes": EntryMode.choices,
        "problems": list(list_items(current_convention(service), ChoiceKind.PROBLEM)),
    }
    return render(request, "fieldwork/accompaniment_list.html", context)


# ---------------------------------------------------------------- families
def _engaged_now(today: date) -> Q:
    return Q(engaged_since__isnull=False, engaged_since__lte=today) & (
        Q(engaged_until__isnull=True) | Q(engaged_until__gte=today)
    )


@require_GET
def family_list(request: HttpRequest) -> HttpResponse:
    service = _service(request)
    today = timezone.localdate()
    families = Family.objects.visible_to(request.user)
    counts = families.aggregate(known=Count("pk"), engaged=Count("pk", filter=_engaged_now(today)))
    kept = Q(youths__anonymised_on__isnull=True)
    rows = families.annotate(youth_count=Count("youths", filter=kept)).order_by("code")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "fieldwork/family_list.html",
        {"service": service, "page": page, "counts": counts, "today": today},
    )


@require_http_methods(["GET", "POST"])
def family_create(request: HttpRequest) -> HttpResponse:
    service = _service(request)
    form = FamilyForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        try:
            family = actions.create_family(request.user, service, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "La famille a été enregistrée.")
            return redirect(_family_url(family))
    return _form_page(
        request,
        form,
        "Nouvelle famille",
        reverse("fieldwork:family_list"),
        intro="Une famille est enregistrée sous un code, jamais sous son nom.",
    )


@require_GET
def family_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    family = get_visible_or_404(Family, request.user, public_id=pk)
    youths = list(
        family.youths.filter(anonymised_on__isnull=True).only(
            "public_id", "pseudonym", "gender", "birth_year", "age_band"
        )
    )
    today = timezone.localdate()
    return render(
        request,
        "fieldwork/family_detail.html",
        {
            "family": family,
            "youths": [{"youth": y, "age": _age_label(y, today)} for y in youths],
            "engaged": Family.objects.filter(pk=family.pk).filter(_engaged_now(today)).exists(),
            "link_form": FamilyLinkForm(family=family),
        },
    )


@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    family = get_visible_or_404(Family, request.user, public_id=pk)
    form = FamilyForm(request.POST or None, instance=family, service=family.service)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_unless_changed(
            form,
            lambda version: actions.update_family(
                request.user, family, version=version, **form.cleaned_data
            ),
            lambda: FamilyForm(instance=Family.objects.get(pk=family.pk), service=family.service),
        )
    ):
        messages.success(request, "La famille a été mise à jour.")
        return redirect(_family_url(family))
    return _form_page(
        request,
        form,
        f"Modifier la famille {Family.objects.get(pk=family.pk).code}",
        _family_url(family),
        family=family,
    )


@require_http_methods(["GET", "POST"])
def family_link(request: HttpRequest, pk: Any) -> HttpResponse:
    """Attach a youth to the family by pseudonym (``POST``), or detach one (``retirer``)."""
    family = get_visible_or_404(Family, request.user, public_id=pk)
    if request.method == "POST" and request.POST.get("retirer"):
        youth = get_visible_or_404(Youth, request.user, public_id=request.POST["retirer"])
        try:
            actions.unlink_youth(request.user, family, youth)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"{youth.pseudonym} n'est plus rattaché à la famille.")
        return redirect(_family_url(family))
    form = FamilyLinkForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        assert form.youth is not None
        try:
            actions.link_youth(request.user, family, form.youth)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{form.youth.pseudonym} est rattaché à la famille.")
            return redirect(_family_url(family))
    return _form_page(
        request,
        form,
        f"Rattacher un jeune à la famille {family.code}",
        _family_url(family),
        family=family,
    )


# ---------------------------------------------------------------- lists per convention
def _director_service(request: HttpRequest) -> Service:
    service = _service(request)
    if request.user.role != Role.SERVICE_DIRECTOR:  # type: ignore[union-attr]
        raise PermissionDenied("Seule la direction du service adapte les listes.")
    return service


@require_http_methods(["GET", "POST"])
def lists_config(request: HttpRequest) -> HttpResponse:
    """The problems and responses proposed in the service's accompaniments, per convention."""
    service = _director_service(request)
    convention = current_convention(service)
    add_forms = {
        kind: ListItemForm(prefix=kind) for kind in (ChoiceKind.PROBLEM, ChoiceKind.RESPONSE)
    }
    if request.method == "POST":
        if convention is None:
            raise Http404("Aucune convention")
        kind = request.POST.get("liste", "")
        if kind not in ChoiceKind.values:
            messages.error(request, "Liste inconnue.")
            return redirect("fieldwork:lists")
        op = request.POST.get("op", "")
        item = request.POST.get("entree", "")
        try:
            if op == "copier":
                actions.copy_default_list(request.user, convention, kind)
                messages.success(request, "La convention a maintenant sa propre liste.")
            elif op == "ajouter":
                form = ListItemForm(request.POST, prefix=kind)
                add_forms[kind] = form
                if form.is_valid():
                    actions.add_list_item(
                        request.user, convention, kind, form.cleaned_data["label"]
                    )
                    messages.success(request, "L'entrée a été ajoutée.")
                    return redirect("fieldwork:lists")
            elif op == "basculer":
                entry = actions.toggle_list_item(request.user, convention, kind, int(item or 0))
                verb = "de nouveau proposée" if entry.active else "n'est plus proposée"
                messages.success(request, f"« {entry.label} » {verb}.")
            elif op in ("monter", "descendre"):
                actions.move_list_item(
                    request.user, convention, kind, int(item or 0), up=op == "monter"
                )
            else:
                messages.error(request, "Action inconnue.")
        except (ValidationError, ValueError) as exc:
            text = exc.messages[0] if isinstance(exc, ValidationError) else "Entrée inconnue."
            if op == "ajouter":
                add_forms[kind].add_error("label", text)
            else:
                messages.error(request, text)
        if op != "ajouter" or not add_forms[kind].errors:
            return redirect("fieldwork:lists")
    lists = []
    for kind in (ChoiceKind.PROBLEM, ChoiceKind.RESPONSE):
        items = list(list_items(convention, kind))
        lists.append(
            {
                "kind": kind,
                "label": "Problématiques" if kind == ChoiceKind.PROBLEM else "Réponses apportées",
                "own": has_own_list(convention, kind),
                "items": items,
                "form": add_forms[kind],
            }
        )
    return render(
        request,
        "fieldwork/lists_config.html",
        {"service": service, "convention": convention, "lists": lists},
    )
