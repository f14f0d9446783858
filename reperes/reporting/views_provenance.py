"""« D'où vient ce chiffre ? » (issue 16, « Every figure traceable »).

One page per figure of a report, at ``/rapports/service/<pk>/provenance/`` with the report's own
parameters (``modele``, ``periode``, ``version``) and the figure's place in it (``tableau``: the
table's key, ``ligne`` and ``colonne``: indexes). No personal data in the address.

- The service's staff (educators and director) reading a live report see what the figure
  counts — the definition in words, its unit, the filters of its row and column, the period —
  and the records behind it (youths under their pseudonym, anonymous tallies, sessions,
  accompaniments, actions, time entries, staff in post), 50 per page
  (``reperes.reporting.provenance``).
- Anyone reading a publication (a funder's agent always does; the staff when they name a
  ``version``) sees the publication the figure comes from — version, published by and when,
  the secrecy threshold applied — and the published figure, never a record nor a figure below
  the secrecy layer: a withheld cell says only that it is withheld.

- The funder's agent reading the consolidation (``/rapports/remontees/consolidation/<pk>/
  provenance/?annee=…&tableau=…&ligne=…&colonne=…``) sees the published cell of a service's
  row and its source: the validated submission (sent by, validated by) or the service's own
  count with the definition, never a record (``reperes.reporting.provenance_consolidation``);
  the consolidation page's rule decides who opens it.

Who opens a report's figure is the report pages' rule (``views_reports._read``: ``service_or_404`` then
the staff's live report or a visible publication): everyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from reperes.accounts.models import User
from reperes.core import params

from . import provenance_consolidation, secrecy
from .access import is_service_staff
from .indicators import Scope
from .provenance import UnknownCell, provenance
from .publications import as_report
from .reports import MODELS
from .views_publications import or_not_published
from .views_reports import AskedReport, _read, live_report

PER_PAGE = 50
MAX_INDEX = 10_000


def _cell(table: Any, row: int, column: int) -> Any:
    if row >= len(table.rows) or column >= len(table.columns):
        raise Http404("Ce chiffre n'existe pas dans le tableau.")
    return table.cells[row][column]


def link(base: str, table_key: str, row: int, column: int) -> str:
    """The provenance page of one figure; ``base`` is ``provenance_base(asked)``."""
    return f"{base}&tableau={table_key}&ligne={row}&colonne={column}"


def provenance_base(asked: AskedReport) -> str:
    """The provenance page's address for ``asked``, resolved once for all a page's figures
    (a live report links hundreds of them: one ``reverse`` each cost ~0.1 ms)."""
    return reverse("reporting:provenance", kwargs={"pk": asked.service.pk}) + asked.query


def link_sections(sections: list[dict[str, Any]], asked: AskedReport) -> None:
    """Each figure of the report page as a link to its provenance: every published figure;
    in a live report, the figures of the tables that say what they count (``origin``)."""
    base = provenance_base(asked)
    for section in sections:
        for block in section["blocks"]:
            table = block["table"]
            linked = asked.publication is not None or bool(getattr(table, "origin", None))
            if not linked:
                continue
            block["linked"] = [
                (
                    row,
                    [
                        (value, link(base, table.key, i, j) if value is not None else "")
                        for j, value in enumerate(line)
                    ],
                )
                for i, (row, line) in enumerate(block["body"])
            ]


@or_not_published
def provenance_page(request: HttpRequest, pk: int) -> HttpResponse:
    asked = _read(request, pk)
    key = params.text_param(request.GET, "tableau", max_length=80)
    row = params.int_param(request.GET, "ligne", 0, maximum=MAX_INDEX)
    column = params.int_param(request.GET, "colonne", 0, maximum=MAX_INDEX)
    publication = asked.publication
    live = publication is None
    if live and not is_service_staff(request.user, asked.service):  # _read never does this
        raise Http404("Page introuvable")
    # Before statistical secrecy: the staff read exact figures.
    report = live_report(asked) if publication is None else as_report(publication)
    back = reverse("reporting:report", kwargs={"pk": asked.service.pk}) + asked.query
    context: dict[str, Any] = {
        "asked": asked,
        "report": report,
        "model": MODELS[asked.model_key],
        "back": back,
        "live": live,
    }
    if not key:
        context["tables"] = report.tables
        return render(request, "reporting/provenance.html", context)
    table = next((t for t in report.tables if t.key == key), None)
    if table is None:
        raise Http404("Ce tableau n'est pas dans le rapport.")
    assert row is not None
    assert column is not None
    value = _cell(table, row, column)
    context.update(
        table=table,
        row_label=table.rows[row],
        column_label=table.columns[column],
        value=value,
        back=f"{back}#{table.key}",
    )
    if publication is not None:
        context.update(
            publication=publication,
            published_by=(
                publication.created_by.get_full_name()
                if isinstance(publication.created_by, User)
                else ""
            ),
            withheld=secrecy.is_withheld(value),
            legend=secrecy.LEGEND,
        )
        return render(request, "reporting/provenance.html", context)
    origin = getattr(table, "origin", None)
    if not origin:
        raise Http404("Ce tableau ne dit pas encore d'où viennent ses chiffres.")
    try:
        found = provenance(
            Scope.for_service(asked.service),
            asked.period,
            origin,
            row,
            column,
        )
    except UnknownCell as exc:
        raise Http404(str(exc)) from exc
    page = Paginator(found.records, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        found=found,
        page=page,
        page_query=query.urlencode(),
        weighted=any(r.weight != 1 for r in found.records),
    )
    return render(request, "reporting/provenance.html", context)


# ---------------------------------------------------------------- consolidation


def consolidation_provenance_page(request: HttpRequest, pk: int) -> HttpResponse:
    """« D'où vient ce chiffre ? » for a figure of the funder's consolidation: the same access
    as the consolidation page (its funder's agents, ``published_consolidation``), the tables
    as published (after statistical secrecy), the source down to the validated submission or
    the service's count, never a record."""
    from .views_submissions import published_consolidation

    result, tables = published_consolidation(request, pk)
    key = params.text_param(request.GET, "tableau", max_length=80)
    row = params.int_param(request.GET, "ligne", 0, maximum=MAX_INDEX)
    column = params.int_param(request.GET, "colonne", 0, maximum=MAX_INDEX)
    back = reverse("reporting:consolidation", kwargs={"pk": pk}) + f"?annee={result.year}"
    context: dict[str, Any] = {"result": result, "back": back, "legend": secrecy.LEGEND}
    if not key:
        context["tables"] = tables
        return render(request, "reporting/provenance_consolidation.html", context)
    assert row is not None
    assert column is not None
    try:
        found = provenance_consolidation.figure(result, tables, key, row, column)
    except UnknownCell as exc:
        raise Http404(str(exc)) from exc
    context.update(found=found, back=f"{back}#{key}")
    return render(request, "reporting/provenance_consolidation.html", context)
