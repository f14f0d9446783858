"""Import of the accompaniment table: upload → preview → confirm (the stages are described in ``importing/columns.py``).

Only the educators and the director of a service import, into their own service; everybody
else gets a 404. Between the preview and the confirmation the file waits in private storage
under a random name known only to the session (never in a URL), and is deleted once imported,
cancelled, replaced, or an hour old."""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from reperes.fieldwork.importing.columns import COLUMNS, ImportRefused
from reperes.fieldwork.importing.forms import ImportUploadForm
from reperes.fieldwork.importing.plan import build_plan
from reperes.fieldwork.importing.read import check_upload
from reperes.fieldwork.importing.template import template_workbook as make_template
from reperes.fieldwork.importing.write import apply_plan
from reperes.fieldwork.pages import field_service
from reperes.partners.models import Service

SESSION_KEY = "fieldwork_import"
UPLOAD_DIR = "imports"
MAX_AGE = timedelta(hours=1)
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# ---------------------------------------------------------------- the file waiting for confirmation
def _path(token: str) -> str:
    return f"{UPLOAD_DIR}/{token}.xlsx"


def _discard(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and TOKEN_RE.match(str(pending.get("token", ""))):
        default_storage.delete(_path(pending["token"]))


def purge_stale_uploads() -> int:
    """Delete the files of imports left unconfirmed for more than an hour."""
    if not default_storage.exists(UPLOAD_DIR):
        return 0
    limit = timezone.now() - MAX_AGE
    removed = 0
    for name in default_storage.listdir(UPLOAD_DIR)[1]:
        path = f"{UPLOAD_DIR}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
            removed += 1
    return removed


def _keep(request: HttpRequest, service: Service, content: bytes) -> None:
    _discard(request)
    purge_stale_uploads()
    token = secrets.token_urlsafe(32)
    default_storage.save(_path(token), ContentFile(content))
    request.session[SESSION_KEY] = {"token": token, "service": service.pk, "at": time.time()}


def _pending(request: HttpRequest, service: Service) -> bytes | None:
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return None
    token = str(pending.get("token", ""))
    fresh = time.time() - float(pending.get("at", 0)) < MAX_AGE.total_seconds()
    if (
        not TOKEN_RE.match(token)
        or pending.get("service") != service.pk
        or not fresh
        or not default_storage.exists(_path(token))
    ):
        _discard(request)
        messages.warning(
            request, "L'import en attente a expiré (une heure) : déposez à nouveau le fichier."
        )
        return None
    with default_storage.open(_path(token), "rb") as file:
        return bytes(file.read())


# ---------------------------------------------------------------- pages
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _keep(request, service, form.content)
        return redirect("fieldwork:import_preview")
    return render(
        request,
        "fieldwork/import_start.html",
        {"service": service, "form": form, "columns": COLUMNS},
    )


@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    response = HttpResponse(make_template(service), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="modele-accompagnements.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    content = _pending(request, service)
    if content is None:
        if request.method == "GET" and SESSION_KEY not in request.session:
            messages.info(request, "Aucun import en attente : déposez d'abord un fichier.")
        return redirect("fieldwork:import")
    if request.method == "POST" and "annuler" in request.POST:
        _discard(request)
        messages.info(request, "Import annulé : rien n'a été enregistré.")
        return redirect("fieldwork:import")
    try:
        rows = check_upload("import.xlsx", content)
    except ImportRefused as stale:  # the rules changed since the upload (size, rows…)
        _discard(request)
        messages.error(request, str(stale))
        return redirect("fieldwork:import")
    refusal = ""
    if request.method == "POST":
        try:
            result = apply_plan(request.user, service, rows)
        except ImportRefused as error:
            refusal = str(error)
        else:
            _discard(request)
            messages.success(request, _summary_sentence(result.summary))
            return redirect("fieldwork:import")
    plan = build_plan(service, rows)
    return render(
        request,
        "fieldwork/import_preview.html",
        {"service": service, "plan": plan, "summary": plan.summary, "refusal": refusal},
        status=200,
    )


def _summary_sentence(summary: dict[str, Any]) -> str:
    return (
        "Import enregistré : "
        f"{summary['youth_create']} jeune(s) créé(s), {summary['youth_update']} mis à jour ; "
        f"{summary['accompaniment_create']} accompagnement(s) créé(s), "
        f"{summary['accompaniment_update']} mis à jour, "
        f"{summary['accompaniment_unchanged']} inchangé(s)"
        + (
            f" ; {summary['partner_create']} partenaire(s) ajouté(s)"
            if summary["partner_create"]
            else ""
        )
        + "."
    )
