"""The report pages: the list of reports a user may open, each report as a web page with its
charts and data tables, as PDF, XLSX, ODS and CSV.

Who sees what (BRIEF « Who uses it »): the staff of a service see its reports with exact
figures; the agents of the funders party to the service's convention see them under
statistical secrecy; everyone else gets a 404. Every table goes through
``secrecy.publish`` before any output, whatever the format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from reperes.conventions.models import Convention
from reperes.core import access, csv_exports, params
from reperes.core.replica import reading_replica
from reperes.partners.models import Service

from . import charts, export_notes, exports, publication_files, secrecy
from .access import convention_for, is_service_staff, service_or_404, visible_services
from .indicators import Period, Scope
from .models import Publication
from .narratives import NarrativesForm, narratives_for, parts_of, save_narratives
from .obligations import (
    Obligation,
    by_model,
    default_period,
    obligations_for,
    report_obligations,
    sources,
)
from .publications import as_report, visible_publications
from .reports import MODELS, Report, build
from .views_publications import home_models, or_not_published, publications_context


def publish(report: Report, user: Any, service: Service, convention: Convention | None) -> Report:
    """The report with every table under statistical secrecy for ``user`` (exact for the
    service's own staff)."""
    tables = secrecy.publish(report.tables, viewer=user, service=service, convention=convention)
    return report.with_tables(tables)


@dataclass(frozen=True)
class AskedReport:
    """The report a page or download asks for: service, model, period, the convention it is
    read under and, for a funder, the publication that answers it."""

    service: Service
    model_key: str
    period: Period
    convention: Convention | None
    publication: Publication | None = None
    # The report clauses asking for it (live reports of the staff).
    obligations: tuple[Obligation, ...] = ()

    @property
    def query(self) -> str:
        query = f"?modele={self.model_key}&periode={self.period.key}"
        if self.publication is not None:
            query += f"&version={self.publication.version}"
        return query


class NotPublished(Exception):
    """A funder asked for a report that its service has not published (for this period or
    version): the page lists what is published instead."""

    def __init__(self, service: Service, model_key: str) -> None:
        super().__init__("Rapport non publié")
        self.service = service
        self.model_key = model_key


class NotOwed(Exception):
    """No convention binding the service asks for this report (for this period): there is
    nothing to compute nor to read (a French 404)."""

    def __init__(self, service: Service, model_key: str, message: str) -> None:
        super().__init__(message)
        self.service = service
        self.model_key = model_key


def _model_key(request: HttpRequest) -> str:
    """The ``modele`` asked for ("" when none is): one of Repères' models, else a French 400."""
    return params.choice_param(request.GET, "modele", MODELS)


def _not_owed(service: Service, model_key: str, period: Period | None = None) -> NotOwed:
    if not model_key:
        return NotOwed(
            service, model_key, "Aucune convention qui lie ce service ne prévoit de rapport."
        )
    when = f" pour la période {period.label}" if period is not None else ""
    return NotOwed(
        service,
        model_key,
        f"Aucune convention qui lie ce service ne prévoit le rapport « {MODELS[model_key].title} »"
        f"{when}.",
    )


def _period(request: HttpRequest) -> Period | None:
    """The ``periode`` asked for, or None; a malformed one is a French 400."""
    raw = params.text_param(request.GET, "periode")
    if not raw:
        return None
    try:
        period = Period.parse(raw)
    except ValueError as exc:
        raise params.BadParameter(str(exc), "periode") from exc
    if not (period.start >= params.MIN_DATE and period.end <= params.MAX_DATE):
        raise params.BadParameter(
            f"La période doit être comprise entre {params.MIN_YEAR} et {params.MAX_YEAR}.",
            "periode",
        )
    return period


def _read(request: HttpRequest, pk: int) -> AskedReport:
    """What is asked: the service's own staff explore any period (exact figures); anyone
    else reads a publication (``NotPublished`` when there is none), never a computed range.
    The staff read a publication too when they name its ``version``."""
    service = service_or_404(request.user, pk)
    model_key = _model_key(request)
    period = _period(request)
    version = params.int_param(request.GET, "version", minimum=1, maximum=32767)
    today = access.today()
    if is_service_staff(request.user, service) and version is None:
        if not model_key or period is None:
            owed = by_model(report_obligations(service, today))
            if not model_key:
                if not owed:
                    raise _not_owed(service, model_key)
                model_key = next(iter(owed))
            if period is None:
                if model_key not in owed:
                    raise _not_owed(service, model_key)
                period = default_period(owed[model_key][0], today, service)
        obligations = obligations_for(service, model_key, period)
        if not obligations:
            raise _not_owed(service, model_key, period)
        return AskedReport(
            service,
            model_key,
            period,
            _convention(request.user, service, period, obligations),
            obligations=tuple(obligations),
        )
    found = visible_publications(request.user, service)
    if model_key:
        found = found.filter(model_key=model_key)
    if period is not None:
        found = found.filter(period_start=period.start, period_end=period.end)
    if version is not None:
        found = found.filter(version=version)
    publication = found.order_by("-period_end", "-period_start", "-version").first()
    if publication is None:
        owed = by_model(report_obligations(service, today))
        published = visible_publications(request.user, service)
        if model_key and published.filter(model_key=model_key).exists() or model_key in owed:
            raise NotPublished(service, model_key)
        if not model_key and owed:
            raise NotPublished(service, next(iter(owed)))
        raise _not_owed(service, model_key)
    published_period = Period(publication.period_start, publication.period_end)
    return AskedReport(
        service, publication.model_key, published_period, publication.convention, publication
    )


def _convention(
    user: Any, service: Service, period: Period, obligations: list[Obligation]
) -> Convention:
    """The convention a live report is addressed under: one whose clause asks for it, the
    reader's own when it is among them."""
    preferred = convention_for(user, service, period.end)
    conventions = [o.convention for o in obligations]
    if preferred is not None and preferred.pk in {c.pk for c in conventions}:
        return preferred
    return conventions[-1]


def make_report(request: HttpRequest, pk: int) -> tuple[AskedReport, Report]:
    asked = _read(request, pk)
    return asked, report_for(request, asked)


def live_report(asked: AskedReport) -> Report:
    """The asked report computed now, before statistical secrecy: its figures read from the
    read replica when there is one (``core/replica.py``), its narratives — which the director
    may have just written — from the primary."""
    narratives = narratives_for(asked.service, asked.model_key, asked.period)
    with reading_replica():
        return build(
            asked.model_key,
            scope=Scope.for_service(asked.service),
            period=asked.period,
            service=asked.service,
            convention=asked.convention,
            narratives=narratives,
            source=sources(asked.obligations),
        )


def report_for(request: HttpRequest, asked: AskedReport) -> Report:
    if asked.publication is not None:
        return as_report(asked.publication)
    return publish(live_report(asked), request.user, asked.service, asked.convention)


def chart_images(report: Report) -> dict[str, dict[str, str]]:
    """Each chart as an SVG data URI (``charts.report_images``); a publication's are drawn
    once and stored (``publication_files.stored_images``)."""
    return charts.report_images(report)


def _images(asked: AskedReport, report: Report) -> dict[str, dict[str, str]]:
    """A publication's charts as stored, a live report's drawn now."""
    if asked.publication is not None:
        return publication_files.stored_images(asked.publication)
    return chart_images(report)


def view_sections(report: Report, images: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Sections as the templates read them: each table with the chart drawn from it just
    before it (the table is the chart's accessible alternative)."""
    result = []
    for section in report.sections:
        charted = {spec.table: spec for spec in section.charts}
        blocks = []
        for table in section.tables:
            spec = charted.get(table.key)
            image = None
            if spec is not None:
                image = {**images[spec.key], "title": spec.title}
            blocks.append(
                {
                    "table": table,
                    "body": list(zip(table.rows, table.cells, strict=True)),
                    "image": image,
                    "linked": None,  # the page's figures link to their provenance (views_provenance)
                }
            )
        result.append(
            {
                "title": section.title,
                "intro": section.intro,
                "items": section.items,
                "narratives": section.narratives,
                "level": section.level,
                "blocks": blocks,
            }
        )
    return result


def _exact(request: HttpRequest, asked: AskedReport) -> bool:
    """The service's own staff, outside a publication, read the exact figures."""
    return asked.publication is None and is_service_staff(request.user, asked.service)


def _context(request: HttpRequest, asked: AskedReport, report: Report) -> dict[str, Any]:
    base = reverse("reporting:report", kwargs={"pk": asked.service.pk})
    query = asked.query
    return {
        "report": report,
        "asked": asked,
        "models": _models(asked),
        "sections": view_sections(report, _images(asked, report)),
        "exact": _exact(request, asked),
        "policy": secrecy.policy_for(asked.convention),
        "withheld": any(
            secrecy.is_withheld(value) for t in report.tables for line in t.cells for value in line
        ),
        "legend": secrecy.LEGEND,
        "query": query,
        **publications_context(request, asked),
        "links": {
            "pdf": reverse("reporting:report_pdf", kwargs={"pk": asked.service.pk}) + query,
            "xlsx": reverse("reporting:report_xlsx", kwargs={"pk": asked.service.pk}) + query,
            "ods": reverse("reporting:report_ods", kwargs={"pk": asked.service.pk}) + query,
            "csv": reverse("reporting:report_csv", kwargs={"pk": asked.service.pk}) + query,
            "csv_machine": reverse("reporting:report_csv", kwargs={"pk": asked.service.pk})
            + f"{query}&{csv_exports.PARAMETER}={csv_exports.MACHINE.name}",
            "page": base,
        },
    }


def _models(asked: AskedReport) -> list[dict[str, Any]]:
    """The models the staff may switch to: those the conventions binding the service ask for
    over the period shown."""
    if asked.publication is not None:
        return []
    owed = by_model(report_obligations(asked.service, asked.period.start, until=asked.period.end))
    return [
        {"key": key, "title": MODELS[key].title, "source": sources(obligations)}
        for key, obligations in owed.items()
    ]


def home(request: HttpRequest) -> HttpResponse:
    today = access.today()
    services = list(visible_services(request.user).order_by("name"))
    entries = [
        {"service": service, "models": home_models(request.user, service, today)}
        for service in services
    ]
    return render(request, "reporting/home.html", {"entries": entries})


def is_service_director(user: Any, service: Service) -> bool:
    from reperes.accounts.enums import Role

    return is_service_staff(user, service) and user.role == Role.SERVICE_DIRECTOR


@or_not_published
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    asked, report = make_report(request, pk)
    context = _context(request, asked, report)
    from .views_provenance import link_sections

    link_sections(context["sections"], asked)
    context["can_write"] = is_service_director(request.user, asked.service) and bool(
        parts_of(report)
    )
    return render(request, "reporting/report.html", context)


@require_http_methods(["GET", "POST"])
@or_not_published
def report_narratives(request: HttpRequest, pk: int) -> HttpResponse:
    """The director writes the report's parts; anyone else who sees the report gets 403."""
    if not is_service_director(request.user, service_or_404(request.user, pk)):
        raise PermissionDenied("Seule la direction du service rédige ces parties.")
    asked, report = make_report(request, pk)
    parts = parts_of(report)
    back = reverse("reporting:report", kwargs={"pk": asked.service.pk}) + (
        f"?modele={asked.model_key}&periode={asked.period.key}"
    )
    # The texts already written are in the report, read by make_report.
    initial = {n.part: n.text for s in report.sections for n in s.narratives}
    form = NarrativesForm(parts, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = save_narratives(
            service=asked.service,
            model_key=asked.model_key,
            period=asked.period,
            texts={part: form.cleaned_data[part] for part, _title in parts},
            by=request.user,
        )
        messages.success(
            request,
            f"{len(changed)} partie(s) enregistrée(s)." if changed else "Aucun changement.",
        )
        return redirect(back)
    return render(
        request,
        "reporting/narratives.html",
        {"report": report, "asked": asked, "form": form, "back": back},
    )


def _filename(asked: AskedReport, extension: str) -> str:
    version = f"-v{asked.publication.version}" if asked.publication is not None else ""
    name = f"{asked.model_key}-{slugify(asked.service.name)}-{asked.period.key}{version}"
    return f"{name}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_pdf(html: str) -> bytes:
    """WeasyPrint without network: the stylesheet is in the page and the charts are data
    URIs, so no other protocol is fetched."""
    from reperes.core.pdf import write_pdf

    return write_pdf(html, allowed_protocols={"data"})


def _stored_or_made(
    request: HttpRequest,
    pk: int,
    extension: str,
    make: Callable[[AskedReport, Report], HttpResponse],
) -> HttpResponse:
    """A publication's file, made once by the task worker, then served as stored; a live
    report's, made now by ``make``."""
    asked = _read(request, pk)
    if asked.publication is not None:
        from .views_publication_files import download

        return download(request, asked, extension)
    return make(asked, report_for(request, asked))


@or_not_published
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    def make(asked: AskedReport, report: Report) -> HttpResponse:
        html = render_to_string("reporting/report_pdf.html", _context(request, asked, report))
        return _download(render_pdf(html), "application/pdf", _filename(asked, "pdf"))

    return _stored_or_made(request, pk, "pdf", make)


def _notes(request: HttpRequest, asked: AskedReport, report: Report) -> export_notes.Notes:
    """The page's notice on secrecy and the tables' notes, for the files."""
    return export_notes.report_notes(
        report, exact=_exact(request, asked), policy=secrecy.policy_for(asked.convention)
    )


@or_not_published
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    dialect = csv_exports.dialect_of(request.GET)
    asked, report = make_report(request, pk)
    content = exports.to_csv(report, _notes(request, asked, report), dialect)
    return _download(content, csv_exports.CONTENT_TYPE, _filename(asked, "csv"))


@or_not_published
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    def make(asked: AskedReport, report: Report) -> HttpResponse:
        return _download(
            exports.to_xlsx(report, _notes(request, asked, report)),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _filename(asked, "xlsx"),
        )

    return _stored_or_made(request, pk, "xlsx", make)


@or_not_published
def report_ods(request: HttpRequest, pk: int) -> HttpResponse:
    asked, report = make_report(request, pk)
    return _download(
        exports.to_ods(report, _notes(request, asked, report)),
        "application/vnd.oasis.opendocument.spreadsheet",
        _filename(asked, "ods"),
    )
