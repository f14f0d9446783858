"""Pages of the observatory. Reads go through ``visible_to`` (404 for outsiders), writes through
``abilities`` (403 for the members who may not write); every figure shown, downloaded or drawn
comes from ``published.protected`` (the secrecy layer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from reperes.core import csv_exports
from reperes.core.access import get_visible_or_404, secrecy_floor
from reperes.core.form_actions import form_page, run_form_action
from reperes.core.params import year_param
from reperes.reporting.secrecy import LEGEND, policy_for

from . import actions, published
from .abilities import abilities, require_import_zones, require_publish
from .forms import (
    CommentForm,
    ContoursImportForm,
    DashboardForm,
    FromReperesForm,
    ItemForm,
    SeriesForm,
    ValuesImportForm,
    ZonesImportForm,
)
from .models import Dashboard, Series, Zone, ZonePopulation

IMPORT_PAGE = "observatory/import.html"


def _write(
    request: HttpRequest,
    form: Any,
    action: Callable[[], Any],
    *,
    title: str,
    template: str = "observatory/form.html",
    **done: Any,
) -> HttpResponse:
    """An observatory form: ``run_form_action`` with the page's title (``done``: the
    success message and the redirect)."""
    return run_form_action(
        request, form, action, page=form_page(request, template, form=form, title=title), **done
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "observatory/home.html",
        {
            "series_list": Series.objects.visible_to(request.user).select_related(
                "convention", "publisher"
            ),
            "dashboards": Dashboard.objects.visible_to(request.user).select_related(
                "convention", "publisher"
            ),
            "zone_count": Zone.objects.visible_to(request.user).count(),
            "abilities": abilities(request.user),
        },
    )


def zones(request: HttpRequest) -> HttpResponse:
    rows = (
        Zone.objects.visible_to(request.user)
        .select_related("parent")
        .annotate(years=Count("populations"))
        .order_by("level", "code")
    )
    populations = ZonePopulation.objects.filter(zone__in=rows).order_by("zone_id", "-year")
    latest: dict[int, ZonePopulation] = {}
    for p in populations:
        latest.setdefault(p.zone_id, p)
    # A zone's own figures are data about the zone: under the platform's zone floor they are
    # not shown either (seed 003: « aucune donnée portant sur une zone […] de moins de 100
    # allocataires »), only that the zone is under it.
    _, floor = secrecy_floor()
    return render(
        request,
        "observatory/zones.html",
        {
            "zones": [(z, latest.get(z.pk)) for z in rows],
            "floor": floor,
            "abilities": abilities(request.user),
        },
    )


def _zones_url(_result: Any = None) -> str:
    return reverse("observatory:zones")


def _series_url(series: Series) -> str:
    return reverse("observatory:series", args=[series.pk])


def _upload(form: Any) -> tuple[str, bytes]:
    """The uploaded file's name and content."""
    upload = form.cleaned_data["file"]
    return upload.name, upload.read()


def _zones_file_import(
    form_class: type[forms.Form],
    apply: Callable[[Any], Any],
    *,
    success: Callable[[Any], str],
    title: str,
) -> Callable[[HttpRequest], HttpResponse]:
    """The page importing a file about the zones (``apply(form)`` with the valid form), for
    those who import zones; back to the zones once done."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        require_import_zones(request.user)
        form = form_class(request.POST or None, request.FILES or None)
        return _write(
            request,
            form,
            lambda: apply(form),
            success=success,
            redirect_to=_zones_url,
            title=title,
            template=IMPORT_PAGE,
        )

    return view


zones_import = _zones_file_import(
    ZonesImportForm,
    lambda form: actions.import_zones(*_upload(form)),
    success=lambda result: result.message("Populations des zones"),
    title="Importer des zones",
)
contours_import = _zones_file_import(
    ContoursImportForm,
    lambda form: actions.import_contours(
        _upload(form)[1], form.cleaned_data["level"], form.cleaned_data["source"]
    ),
    success=lambda count: f"{count} contour(s) importé(s).",
    title="Importer des contours",
)


def _create_page(
    form_class: Callable[..., forms.BaseForm],
    create: Callable[..., Any],
    *,
    title: str,
    **done: Any,
) -> Callable[[HttpRequest], HttpResponse]:
    """The page creating a series or a dashboard (``create(user, **cleaned_data)``), for those
    who import zones (``done``: the success message and the redirect)."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        require_import_zones(request.user)
        form = form_class(request.POST or None, user=request.user)
        return _write(
            request, form, lambda: create(request.user, **form.cleaned_data), title=title, **done
        )

    return view


series_create = _create_page(
    SeriesForm,
    actions.create_series,
    success="Série créée : importez maintenant ses valeurs.",
    redirect_to=lambda series: reverse("observatory:series_import", args=[series.pk]),
    title="Nouvelle série d'indicateur",
)


@require_http_methods(["GET", "POST"])
def series_from_reperes(request: HttpRequest) -> HttpResponse:
    require_import_zones(request.user)
    form = FromReperesForm(request.POST or None, user=request.user)

    def compute() -> Series:
        convention = form.cleaned_data["convention"]
        indicator, years = form.cleaned_data["indicator"], form.cleaned_data["years"]
        return actions.series_from_reperes(
            request.user, convention, indicator, years, (convention.service_id,)
        )

    return _write(
        request,
        form,
        compute,
        success="Série calculée à partir des activités enregistrées.",
        redirect_to=_series_url,
        title="Série calculée à partir des indicateurs de Repères",
    )


def _series_block(series: Series, year: int | None = None, index: int = 0) -> dict[str, Any]:
    shown = published.protected(series)
    zone_map = published.zone_map(series, shown, year)
    return {
        "map_id": f"carte-{index}",
        "map_data_id": f"carte-{index}-data",
        "series": series,
        "table": shown.table,
        "body": list(zip(shown.table.rows, shown.table.cells, strict=True)),
        "chart": published.chart_uri(shown),
        "map": zone_map,
        "policy": policy_for(series.convention),
    }


def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_visible_or_404(Series, request.user, pk=pk)
    year = year_param(request.GET)
    return render(
        request,
        "observatory/series.html",
        {
            **_series_block(series, year),
            "abilities": abilities(request.user, series),
            "legend": LEGEND,
        },
    )


@require_http_methods(["GET", "POST"])
def series_import(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_visible_or_404(Series, request.user, pk=pk)
    require_publish(request.user, series)
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    return run_form_action(
        request,
        form,
        lambda: actions.import_values(series, *_upload(form)),
        success=lambda result: result.message("Valeurs"),
        redirect_to=_series_url(series),
        page=form_page(
            request,
            IMPORT_PAGE,
            form=form,
            title=f"Importer les valeurs : {series.name}",
            series=series,
        ),
    )


def series_csv(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_visible_or_404(Series, request.user, pk=pk)
    dialect = csv_exports.dialect_of(request.GET)
    table = published.protected(series).table
    rows: list[list[Any]] = [
        [series.name],
        [f"Unité : {series.unit} — source : {series.source}"],
        ["Zone", *table.columns],
        *[[row, *line] for row, line in zip(table.rows, table.cells, strict=True)],
        [],
        [LEGEND],
    ]
    if table.note:
        rows.append([table.note])
    response = HttpResponse(csv_exports.write(rows, dialect), content_type=csv_exports.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(series.name)}.csv"'
    return response


dashboard_create = _create_page(
    DashboardForm,
    actions.create_dashboard,
    success="",  # the next page says what to do: add series to the new dashboard
    redirect_to=lambda dashboard: reverse("observatory:dashboard_edit", args=[dashboard.pk]),
    title="Nouveau tableau de bord",
)


def _dashboard_context(request: HttpRequest, dashboard: Dashboard) -> dict[str, Any]:
    items = dashboard.items.select_related("series", "series__convention")
    blocks = [
        {**_series_block(item.series, item.map_year, n), "comment": item.comment}
        for n, item in enumerate(items)
    ]
    return {
        "dashboard": dashboard,
        "blocks": blocks,
        "legend": LEGEND,
        "abilities": abilities(request.user, dashboard),
    }


def dashboard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = get_visible_or_404(Dashboard, request.user, pk=pk)
    return render(request, "observatory/dashboard.html", _dashboard_context(request, dashboard))


@require_http_methods(["GET", "POST"])
def dashboard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = get_visible_or_404(Dashboard, request.user, pk=pk)
    require_publish(request.user, dashboard)
    is_item = request.method == "POST" and "series" in request.POST
    item_form = ItemForm(request.POST if is_item else None, dashboard=dashboard)
    comment_form = CommentForm(
        request.POST if request.method == "POST" and not is_item else None,
        initial={"comment": dashboard.comment},
    )
    page = form_page(
        request,
        "observatory/dashboard_edit.html",
        dashboard=dashboard,
        item_form=item_form,
        comment_form=comment_form,
    )
    back = reverse("observatory:dashboard", args=[dashboard.pk])
    if is_item:
        return run_form_action(
            request,
            item_form,
            lambda: actions.add_item(
                dashboard,
                item_form.cleaned_data["series"],
                item_form.cleaned_data["comment"],
                item_form.cleaned_data["map_year"],
            ),
            success="Série ajoutée au tableau de bord.",
            redirect_to=back,
            page=page,
        )
    return run_form_action(
        request,
        comment_form,
        lambda: actions.update_comment(dashboard, comment_form.cleaned_data["comment"]),
        success="Analyse enregistrée.",
        redirect_to=back,
        page=page,
    )


def dashboard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from reperes.reporting.views_reports import render_pdf

    dashboard = get_visible_or_404(Dashboard, request.user, pk=pk)
    context = _dashboard_context(request, dashboard)
    for block in context["blocks"]:
        if block["map"] is not None and block["map"].zones:
            block["map_svg"] = published.map_svg_uri(block["map"], block["series"].name)
    html = render_to_string("observatory/dashboard_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(dashboard.title)}.pdf"'
    return response
