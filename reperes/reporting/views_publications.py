"""Publications in the report pages: the list of what a service has published, the director's
« Publier » action, and the page a funder gets when it asks for a report that is not published
(a 404 that lists the published periods instead of computing the range it asked for)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from reperes.accounts.enums import Role
from reperes.core import access, params

from .access import is_service_staff, service_or_404
from .indicators import Period
from .models import Publication
from .obligations import (
    Owed,
    by_model,
    default_period,
    owed_periods,
    period_label,
    report_obligations,
)
from .publications import PublicationRefused, publish_report, visible_publications
from .reports import MODELS


def publication_url(publication: Publication) -> str:
    return reverse("reporting:report", kwargs={"pk": publication.service_id}) + (
        f"?modele={publication.model_key}&periode={publication.period_key}"
        f"&version={publication.version}"
    )


def listing(user: Any, service: Any, model_key: str | None = None) -> list[dict[str, Any]]:
    """The publications ``user`` reads, newest period first, each with its versions."""
    found = visible_publications(user, service)
    if model_key:
        found = found.filter(model_key=model_key)
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for publication in found.order_by("model_key", "-period_end", "-period_start", "-version"):
        key = (publication.model_key, publication.period_key)
        if key not in entries:
            entries[key] = {
                "model": MODELS[publication.model_key],
                "label": period_label(
                    publication.period_kind,
                    Period(publication.period_start, publication.period_end),
                ),
                "latest": publication,
                "url": publication_url(publication),
                "versions": [],
            }
        entries[key]["versions"].append(
            {"publication": publication, "url": publication_url(publication)}
        )
    return list(entries.values())


def publications_context(request: HttpRequest, asked: Any) -> dict[str, Any]:
    user, service = request.user, asked.service
    context: dict[str, Any] = {
        "publication": asked.publication,
        "published": listing(user, service, asked.model_key),
        "can_publish": False,
    }
    if asked.publication is None and _is_director(user, service):
        offers = owed_periods(service, asked.model_key, access.today())
        context["can_publish"] = bool(offers)
        context["publish_periods"] = [{"key": o.key, "label": o.label} for o in reversed(offers)]
        context["publish_url"] = reverse("reporting:report_publish", kwargs={"pk": service.pk})
    return context


def _is_director(user: Any, service: Any) -> bool:
    return is_service_staff(user, service) and user.role == Role.SERVICE_DIRECTOR


def or_not_published(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 404 with the list of the published periods when a funder asks for a report
    that is not published, and a French 404 when no convention binding the service asks for
    the report at all."""
    from .views_reports import NotOwed, NotPublished

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except NotPublished as missing:
            return render(
                request,
                "reporting/not_published.html",
                {
                    "service": missing.service,
                    "model": MODELS[missing.model_key],
                    "published": listing(request.user, missing.service),
                },
                status=404,
            )
        except NotOwed as missing:
            return render(
                request,
                "reporting/not_owed.html",
                {
                    "service": missing.service,
                    "model": MODELS.get(missing.model_key),
                    "message": str(missing),
                    "published": listing(request.user, missing.service),
                },
                status=404,
            )

    return wrapped


def home_models(user: Any, service: Any, today: date) -> list[dict[str, Any]]:
    """The reports ``service`` owes under the conventions binding it today (their report
    clauses, each with its source): a live link for its staff, the latest publication for
    anyone else. A model no binding clause asks for is not listed."""
    owed = by_model(report_obligations(service, today))
    if is_service_staff(user, service):
        result = []
        earlier: Owed = {}  # the obligations of a past period, read once for all the models
        for model_key, obligations in owed.items():
            period = default_period(obligations[0], today, service, earlier)
            result.append(
                {
                    "model": MODELS[model_key],
                    "obligations": obligations,
                    "label": period.label,
                    "url": reverse("reporting:report", kwargs={"pk": service.pk})
                    + f"?modele={model_key}&periode={period.key}",
                }
            )
        return result
    latest = {entry["model"].key: entry for entry in reversed(listing(user, service))}
    result = []
    # A report published under a clause that has since changed stays listed: a binding
    # clause asked for it then.
    for model_key in [k for k in MODELS if k in owed or k in latest]:
        entry = latest.get(model_key)
        result.append(
            {
                "model": MODELS[model_key],
                "obligations": owed.get(model_key, []),
                "label": f"publié : {entry['label']}" if entry else "pas encore publié",
                "url": entry["url"] if entry else "",
            }
        )
    return result


def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The director publishes the report (model, period) shown on the page (POST only)."""
    service = service_or_404(request.user, pk)
    if not _is_director(request.user, service):
        raise PermissionDenied("Seule la direction du service publie ses rapports.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    model_key = params.choice_param(request.POST, "modele", MODELS)
    raw = params.text_param(request.POST, "periode")
    back = reverse("reporting:report", kwargs={"pk": service.pk}) + f"?modele={model_key}"
    try:
        period = Period.parse(raw)
    except ValueError:
        messages.error(request, "Choisissez une période de publication.")
        return redirect(back)
    reason = params.text_param(request.POST, "motif", max_length=1000)
    try:
        publication = publish_report(service, model_key, period, request.user, reason)
    except PublicationRefused as refused:
        messages.error(request, str(refused))
        return redirect(back + f"&periode={period.key}")
    messages.success(
        request,
        f"Rapport publié pour {period_label(publication.period_kind, period)} (version "
        f"{publication.version}) : les financeurs de la convention le voient désormais.",
    )
    return redirect(publication_url(publication))
