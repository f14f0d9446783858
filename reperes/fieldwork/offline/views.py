"""Street sessions without network: the page an educator's phone keeps (a progressive web
app: manifest and service worker), and the endpoint the phone sends its queue to.

The phone keeps only the anonymous session — nature, date, duration, where, contact counts by
gender and age band — never a name, a pseudonym or an identifier of a person: the page that
is kept has no such field, and the endpoint refuses any field that is not one of these."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reperes.fieldwork.enums import AgeBand, Gender, SessionKind
from reperes.fieldwork.offline.actions import ReceiptOfAnotherAccount, record_street_session_once
from reperes.fieldwork.pages import field_service, staff_of
from reperes.fieldwork.street.forms import (
    GENDER_PLURAL,
    StreetSessionForm,
    count_field_name,
    format_duration,
)
from reperes.fieldwork.street.views import _contacts_message, _default_where, _session_fields

SESSION_FIELDS = ("kind", "date", "duration", "where", "place")
COUNT_FIELDS = tuple(
    count_field_name(gender, band) for gender in GENDER_PLURAL for band in AgeBand.values
)
# Everything a queued session may hold: nothing else is accepted.
ALLOWED_FIELDS = frozenset(SESSION_FIELDS + COUNT_FIELDS)
# What the phone keeps for the page to open without network.
OFFLINE_ASSETS = (
    "css/reperes.css",
    "css/offline.css",
    "js/fieldwork.js",
    "js/offline.js",
    "img/reperes-icon.svg",
)


def _error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"message": message, **extra}, status=status)


@never_cache
@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """The street-session form that works without network, and what waits on the phone."""
    service = field_service(request)
    today = timezone.localdate()
    staff = staff_of(request.user)
    initial = {
        "kind": SessionKind.STREET_WORK,
        "date": today,
        "duration": format_duration(120),
        "where": _default_where(service, request.user, staff),
    }
    form = StreetSessionForm(
        initial=initial,
        service=service,
        on=today,
    )
    context = {
        "form": form,
        "genders": [GENDER_PLURAL[Gender.GIRL], GENDER_PLURAL[Gender.BOY]],
        "sync_url": reverse("fieldwork:session_sync"),
        "sw_url": reverse("fieldwork:service_worker"),
        "scope": reverse("fieldwork:home"),
        "no_staff": staff is None,
    }
    return render(request, "fieldwork/offline.html", context)


@never_cache
def session_sync(request: HttpRequest) -> HttpResponse:
    """Receive one queued session (JSON): 201 when recorded, 200 with the same session when
    this client identifier was already received, 400 with French messages per field."""
    service = field_service(request)
    if request.method != "POST":
        return _error("Envoyez la séance avec POST.", 405)
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return _error("La séance envoyée est illisible.", 400)
    if not isinstance(payload, dict) or not isinstance(payload.get("fields"), dict):
        return _error("La séance envoyée est illisible.", 400)
    try:
        client_id = uuid.UUID(str(payload.get("client_id", "")))
    except ValueError:
        return _error("L'identifiant de la séance sur le téléphone est illisible.", 400)
    fields = payload["fields"]
    unexpected = sorted(set(fields) - ALLOWED_FIELDS)
    if unexpected:
        return _error(
            "La séance contient des champs qui n'ont rien à faire dans une séance anonyme : "
            + ", ".join(unexpected)
            + ".",
            400,
            errors={"__all__": ["Champs refusés : " + ", ".join(unexpected) + "."]},
        )
    data: dict[str, str | list[str]] = {
        name: str(value) for name, value in fields.items() if value is not None
    }
    staff = staff_of(request.user)
    if staff is not None:
        data["educators"] = [str(staff.pk)]
    form = StreetSessionForm(data, service=service, on=timezone.localdate())
    if not form.is_valid():
        return _refused(form)
    try:
        received = record_street_session_once(
            request.user, service, client_id, **_session_fields(form)
        )
    except ReceiptOfAnotherAccount:
        return _error("Cette séance a déjà été reçue d'un autre compte.", 409)
    except ValidationError as exc:
        return _error(" ".join(exc.messages), 400, errors={"__all__": exc.messages})
    session = received.session
    if received.created:
        message = _contacts_message(sum(form.counts().values()))
    else:
        message = "Cette séance avait déjà été reçue : elle n'est pas comptée deux fois."
    return JsonResponse(
        {
            "client_id": str(client_id),
            "id": session.pk if session is not None else None,
            "created": received.created,
            "message": message,
        },
        status=201 if received.created else 200,
    )


def _refused(form: StreetSessionForm) -> JsonResponse:
    errors = {
        name: [str(m) for m in messages]
        for name, messages in form.errors.items()
        if name != "educators"
    }
    if "educators" in form.errors:
        errors.setdefault("__all__", []).extend(str(m) for m in form.errors["educators"])
    return _error(
        "Le serveur a refusé la séance : corrigez-la puis renvoyez-la.", 400, errors=errors
    )


def _asset_urls() -> list[str]:
    return [static(path) for path in OFFLINE_ASSETS]


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from /terrain/ so that its scope covers the field pages. It
    holds no data: the list of files to keep and the offline page's address."""
    assets = _asset_urls()
    offline_url = reverse("fieldwork:session_offline")
    version = hashlib.sha256(json.dumps([offline_url, *assets]).encode()).hexdigest()[:12]
    context = {
        "cache_name": f"reperes-terrain-{version}",
        "assets": json.dumps(assets),
        "offline_url": json.dumps(offline_url),
        "scope": json.dumps(reverse("fieldwork:home")),
    }
    response = render(
        request, "fieldwork/sw.js", context, content_type="application/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("fieldwork:home")
    return response


@login_not_required
@require_GET
def manifest(_request: HttpRequest) -> JsonResponse:
    """The web app manifest: Repères installs on the phone and opens on the offline form."""
    icon = static("img/reperes-icon.svg")
    data = {
        "name": "Repères — Terrain",
        "short_name": "Repères",
        "lang": "fr",
        "description": "Séances de travail de rue, même sans réseau.",
        "start_url": reverse("fieldwork:session_offline"),
        "scope": reverse("fieldwork:home"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f6c",
        "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response
