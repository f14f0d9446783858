"""The report model editor (issue 16): a Département's agent lists the models it may use (the
library, its own, those shared with it), reads one (its sections and tables, each with its unit
and definitions), copies one to adapt it, composes its own through plain form posts with a live
preview on its own services — under statistical secrecy, as a publication would be — and saves
its versions; a platform administrator shares models between Départements.

Who sees what: the composed models of a Département are read by its agents, by the agents of
the Départements it is shared with and by the platform administrators; anybody else gets a 404.
Only the owner's agents change a model (the others who read it get a 403); only a platform
administrator shares it. The pages of the editor are for Départements' agents and platform
administrators (403 for everybody else).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from reperes.accounts.http import SignedInRequest
from reperes.conventions import access as grants
from reperes.core import access
from reperes.core.form_actions import form_page, run_form_action
from reperes.partners.models import Service
from reperes.rules.secrecy_joint import Unprotectable

from . import actions_models as actions
from . import forms_models as forms
from . import secrecy
from .indicators import Period, Scope, compute
from .model_engine import (
    CHART_KINDS,
    DIMENSION_NAMES,
    DISTRIBUTIONS,
    LIST_DEFINITIONS,
    LISTS,
    definitions,
)
from .model_engine import build_sections as engine_sections
from .models import Publication, ReportModel
from .report_models import library, validate, visible_to
from .report_types import Report

BLOCK_LABELS = {
    "values": "Indicateurs",
    "distribution": "Un indicateur par une ou deux dimensions",
    "time_share": "Répartition du temps de travail",
    "actions": "Actions collectives",
    "sessions": "Organisation de la présence",
    "labels": "Liste",
    "grid": "Une ligne d'indicateurs",
}


# ---------------------------------------------------------------- access


def _posted(request: HttpRequest) -> Any:
    """The posted data, even empty (all boxes unticked), or None on a GET."""
    return request.POST if request.method == "POST" else None


def _reader(request: HttpRequest) -> None:
    if not (actions.is_composer(request.user) or actions.is_platform_admin(request.user)):
        raise PermissionDenied(
            "Les modèles de rapport sont composés par les agents des Départements."
        )


def _model_or_404(request: HttpRequest, pk: int) -> ReportModel:
    _reader(request)
    try:
        return actions.models_visible_to(request.user).select_related("owner").get(pk=pk)
    except ReportModel.DoesNotExist as exc:
        raise Http404("Page introuvable") from exc


def _editable_or_403(request: HttpRequest, pk: int) -> ReportModel:
    model = _model_or_404(request, pk)
    if not actions.may_edit(request.user, model):
        raise PermissionDenied(
            "Seuls les agents du Département qui a composé ce modèle le modifient."
        )
    return model


def _run(
    request: HttpRequest,
    form: Any,
    action: Callable[[], Any],
    success: str,
    redirect_to: Callable[[Any], str],
    template: str,
    **context: Any,
) -> HttpResponse:
    """``run_form_action`` for a page of the editor: a refused step (``ModelRefused``) is
    listed in the page's ``errors``, above the form."""
    errors: list[str] = []
    return run_form_action(
        request,
        form,
        action,
        success=success,
        redirect_to=redirect_to,
        page=form_page(request, template, form=form, errors=errors, **context),
        refused=lambda exc: errors.extend(exc.messages),
    )


def _editor_url(model: ReportModel) -> str:
    return reverse("reporting:model_edit", kwargs={"pk": model.pk})


# ---------------------------------------------------------------- describing a model


def describe_block(block: dict[str, Any]) -> dict[str, Any]:
    """What a table of a model shows, in words: its kind, what it counts, its unit(s) and the
    definitions of its indicators."""
    kind: Any = block.get("type")  # Any: a block is JSON as stored
    detail = ""
    if kind == "values":
        defs = definitions([*block.get("codes", ()), block.get("total")])
    elif kind == "grid":
        defs = definitions([c.get("code") for c in block.get("columns", ())])
    elif kind == "distribution":
        # Any: a block is JSON as stored; an unknown name is shown as is.
        name: Any = block.get("distribution")
        label, _dims, code = DISTRIBUTIONS.get(name, (name, (), None))
        defs = definitions([code])
        rows: Any = block.get("rows")
        by = [DIMENSION_NAMES.get(rows, "")]
        if block.get("columns"):
            by.append(DIMENSION_NAMES.get(block["columns"], ""))
        detail = f"{label} par {' et par '.join(b.lower() for b in by)}"
    elif kind == "time_share":
        defs = definitions(["time"])
    elif kind == "sessions":
        defs = definitions(["sessions", "sessions.hours"])
    elif kind == "actions":
        defs = definitions(["collective.youths"])
    elif kind == "labels":
        list_name: Any = block.get("list")
        defs = ((LISTS.get(list_name, ""), "personnes", LIST_DEFINITIONS.get(list_name, "")),)
    else:
        defs = ()
    units = sorted({unit for _label, unit, _text in defs})
    return {
        "key": block.get("key"),
        "title": block.get("title") or "",
        "kind": BLOCK_LABELS.get(kind, kind),
        "detail": detail,
        "units": ", ".join(units),
        "definitions": defs,
        "chartable": kind != "actions",
    }


def describe(spec: dict[str, Any]) -> list[dict[str, Any]]:
    parts = spec.get("narratives") or {}
    result = []
    for index, section in enumerate(spec.get("sections") or ()):
        titles = {b.get("key"): b.get("title") or b.get("key") for b in section.get("blocks", ())}
        result.append(
            {
                "index": index,
                "title": section.get("title", ""),
                "blocks": [describe_block(b) for b in section.get("blocks", ())],
                "charts": [
                    {
                        **c,
                        "kind_label": CHART_KINDS.get(c.get("kind"), c.get("kind")),
                        "table_title": titles.get(c.get("table"), c.get("table")),
                    }
                    for c in section.get("charts", ())
                ],
                "narratives": [(k, parts.get(k, k)) for k in section.get("narratives", ())],
            }
        )
    return result


# ---------------------------------------------------------------- list, library, create, copy


def model_list(request: SignedInRequest) -> HttpResponse:
    _reader(request)
    user = request.user
    composed = (
        actions.models_visible_to(user)
        .select_related("owner")
        .annotate(n_versions=Count("versions", distinct=True))
        .order_by("title", "key")
    )
    return render(
        request,
        "reporting/models/list.html",
        {
            "library": list(library().values()),
            "composed": [{"model": m, "own": m.owner_id == user.organisation_id} for m in composed],
            "can_compose": actions.is_composer(user),
        },
    )


def library_model(request: HttpRequest, pk: str) -> HttpResponse:
    _reader(request)
    spec = library().get(pk)
    if spec is None:
        raise Http404("Page introuvable")
    return render(
        request,
        "reporting/models/library.html",
        {
            "spec": spec,
            "sections": describe(spec),
            "copy_url": reverse("reporting:model_copy") + f"?source={spec['key']}",
            "can_compose": actions.is_composer(request.user),
        },
    )


def model_create(request: HttpRequest) -> HttpResponse:
    if not actions.is_composer(request.user):
        raise PermissionDenied("Seuls les agents d'un Département composent des modèles.")
    form = forms.CreateForm(_posted(request))
    return _run(
        request,
        form,
        lambda: actions.create_model(request.user, **form.cleaned_data),
        "Le modèle est créé : ajoutez-lui ses parties.",
        _editor_url,
        "reporting/models/create.html",
    )


def model_copy(request: SignedInRequest) -> HttpResponse:
    """« Copier pour l'adapter »: ``?source=`` names a model the Département sees."""
    if not actions.is_composer(request.user):
        raise PermissionDenied("Seuls les agents d'un Département composent des modèles.")
    visible = {m.key: m for m in visible_to(request.user.organisation)}
    source = (request.POST or request.GET).get("source", "")
    form = forms.CopyForm(_posted(request), initial={"source": source})
    return _run(
        request,
        form,
        lambda: actions.copy_model(
            request.user,
            form.cleaned_data["source"],
            key=form.cleaned_data["key"],
            title=form.cleaned_data["title"],
        ),
        "Le modèle est copié : adaptez-le puis enregistrez-le.",
        _editor_url,
        "reporting/models/copy.html",
        source=visible.get(source),
        visible=visible,
    )


# ---------------------------------------------------------------- one composed model


def _versions(model: ReportModel) -> list[Any]:
    return list(
        model.versions.select_related("created_by")
        .annotate(n_publications=Count("publications"))
        .order_by("-number")
    )


def model_page(request: HttpRequest, pk: int) -> HttpResponse:
    model = _model_or_404(request, pk)
    latest = model.versions.order_by("-number").first()
    return render(
        request,
        "reporting/models/model.html",
        {
            "model": model,
            "sections": describe(latest.spec if latest else model.draft),
            "latest": latest,
            "versions": _versions(model),
            "can_edit": actions.may_edit(request.user, model),
            "can_share": actions.is_platform_admin(request.user),
            "can_copy": actions.is_composer(request.user),
            "shared_with": list(model.shared_with.order_by("name")),
        },
    )


EDITS = {
    "add_section": forms.SectionForm,
    "rename_section": forms.RenameForm,
    "move_section": forms.MoveForm,
    "remove_section": forms.InSectionForm,
    "add_values": forms.ValuesForm,
    "add_distribution": forms.DistributionForm,
    "add_special": forms.SpecialForm,
    "remove_block": forms.RemoveBlockForm,
    "add_chart": forms.ChartForm,
    "remove_chart": forms.RemoveChartForm,
    "add_narrative": forms.NarrativeForm,
    "remove_narrative": forms.RemoveBlockForm,
}


def _apply(user: Any, model: ReportModel, step: str, data: dict[str, Any]) -> None:
    section: Any = data.get("section")  # cleaned by the step's form, which requires it
    if step == "add_section":
        actions.add_section(user, model, data["title"])
    elif step == "rename_section":
        actions.rename_section(user, model, section, data["title"])
    elif step == "move_section":
        actions.move_section(user, model, section, -1 if data["direction"] == "up" else 1)
    elif step == "remove_section":
        actions.remove_section(user, model, section)
    elif step in ("add_values", "add_distribution", "add_special"):
        actions.add_block(user, model, section, data["block"])
    elif step == "remove_block":
        actions.remove_block(user, model, section, data["key"])
    elif step == "add_chart":
        actions.add_chart(user, model, section, data["table"], data["kind"], data["title"])
    elif step == "remove_chart":
        actions.remove_chart(user, model, section, data["table"])
    elif step == "add_narrative":
        actions.add_narrative(user, model, section, data["key"], data["title"])
    elif step == "remove_narrative":
        actions.remove_narrative(user, model, section, data["key"])


def _editor_context(model: ReportModel, bound: dict[str, Any]) -> dict[str, Any]:
    """The editor's forms: the one just posted keeps what was typed (``bound``)."""
    sections = describe(model.draft or {})
    for section in sections:
        prefix = section["p"] = f"s{section['index']}"
        initial = {"section": section["index"]}
        for name, form_class in (
            ("values", forms.ValuesForm),
            ("distribution", forms.DistributionForm),
            ("special", forms.SpecialForm),
            ("chart", forms.ChartForm),
            ("narrative", forms.NarrativeForm),
            ("rename", forms.RenameForm),
        ):
            key = f"{prefix}-{name}"
            section[f"{name}_form"] = bound.get(key) or form_class(
                initial={**initial, "title": section["title"]} if name == "rename" else initial,
                prefix=key,
            )
        section["tables"] = [b for b in section["blocks"] if b["chartable"]]
    return {
        "model": model,
        "sections": sections,
        "section_form": bound.get("section") or forms.SectionForm(prefix="section"),
    }


def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: the draft's sections with a form for each step. A step is a POST naming it
    (``etape``) with its form's prefix (``prefixe``); a refused step keeps what was typed."""
    model = _editable_or_403(request, pk)
    bound: dict[str, Any] = {}
    errors: list[str] = []
    if request.method == "POST":
        step = request.POST.get("etape", "")
        prefix = request.POST.get("prefixe", "")
        form_class = EDITS.get(step)
        if form_class is None or not (prefix == "section" or prefix.startswith("s")):
            errors = ["Cette modification n'est pas connue."]
        else:
            form = form_class(request.POST, prefix=prefix)
            if form.is_valid():
                data = dict(form.cleaned_data)
                if hasattr(form, "block"):
                    data["block"] = form.block()
                try:
                    _apply(request.user, model, step, data)
                except actions.ModelRefused as exc:
                    errors = exc.messages
                else:
                    messages.success(request, "Le brouillon du modèle est modifié.")
                    return redirect(reverse("reporting:model_edit", kwargs={"pk": model.pk}))
            else:
                errors = ["Le formulaire contient des erreurs : voyez ci-dessous."]
            bound[prefix] = form
        model.refresh_from_db()
    context = _editor_context(model, bound)
    context["errors"] = errors
    status = 400 if errors else 200
    return render(request, "reporting/models/edit.html", context, status=status)


def model_save_version(request: HttpRequest, pk: int) -> HttpResponse:
    model = _editable_or_403(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            version = actions.save_version(request.user, model)
        except actions.ModelRefused as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                f"Version {version.number} enregistrée : les rapports qui suivent ce modèle "
                "l'utilisent désormais.",
            )
            return redirect("reporting:model", pk=model.pk)
    return render(
        request,
        "reporting/models/save_version.html",
        {
            "model": model,
            "errors": errors or validate(model.draft or {}),
            "versions": _versions(model),
        },
        status=400 if errors else 200,
    )


def model_share(request: HttpRequest, pk: int) -> HttpResponse:
    model = _model_or_404(request, pk)
    if not actions.is_platform_admin(request.user):
        raise PermissionDenied("Seul un administrateur de la plateforme partage les modèles.")
    form = forms.ShareForm(
        _posted(request),
        owner_id=model.owner_id,
        initial={"organisations": list(model.shared_with.all())},
    )
    return _run(
        request,
        form,
        lambda: actions.share_model(request.user, model, form.cleaned_data["organisations"]),
        "Le partage du modèle est enregistré.",
        lambda _shared: reverse("reporting:model", kwargs={"pk": model.pk}),
        "reporting/models/share.html",
        model=model,
    )


# ---------------------------------------------------------------- live preview


def _binding_conventions(service: Service, period: Period) -> list[Any]:
    from reperes.conventions.models import Convention

    conventions = Convention.objects.filter(service=service)
    return [
        *grants.binding_conventions(conventions, period.end),
        *grants.binding_conventions(conventions),
    ]


def preview_report(model: ReportModel, service: Service, period: Period) -> Report:
    """The draft over ``service``'s figures for ``period``, its tables as a publication of it
    would show them: the strictest secrecy of the conventions binding the service, suppressed
    together with what the service has already published (nothing is saved)."""
    from .reports import _sectors

    spec = model.draft or {}
    figures = compute(Scope.for_service(service), period)
    sectors = (
        _sectors([service.pk]) if any(s.get("items") == "sectors" for s in spec["sections"]) else ()
    )
    report = Report(
        model_key=model.key,
        title=model.title,
        source="Aperçu du brouillon",
        scope=Scope.for_service(service),
        period=period,
        service_name=str(service),
        operator_name=service.operator.name if service.operator else "",
        funder_names=(),
        convention_title="",
        sections=engine_sections(spec, figures, {}, sectors),
    )
    policy = secrecy.strictest(_binding_conventions(service, period))
    prior = list(Publication.objects.filter(service=service).order_by("pk"))
    published, _exact = secrecy.publish_with(report.tables, prior, period, policy)
    return report.with_tables(published)


def model_preview(request: SignedInRequest, pk: int) -> HttpResponse:
    """``?service=&year=``: one of the Département's own services (a convention binding it),
    the year's figures under statistical secrecy."""
    from .views_reports import chart_images, view_sections

    model = _editable_or_403(request, pk)
    service_ids = grants.funder_service_ids(request.user.organisation_id)
    services = list(
        Service.objects.filter(pk__in=service_ids).select_related("operator").order_by("name")
    )
    today = access.today()
    data = request.GET if "service" in request.GET else None
    form = forms.PreviewForm(
        data,
        services=services,
        initial={"year": today.year - 1, "service": services[0].pk if services else None},
    )
    context: dict[str, Any] = {"model": model, "form": form, "services": services}
    errors = validate(model.draft or {})
    if errors:
        context["errors"] = errors
    elif data is not None and form.is_valid():
        service = next(s for s in services if s.pk == form.cleaned_data["service"])
        period = Period.year(form.cleaned_data["year"])
        if period.start > today:
            context["errors"] = ["Cette année n'a pas commencé : choisissez une année passée."]
        else:
            try:
                report = preview_report(model, service, period)
            except Unprotectable:
                context["errors"] = [
                    "Avec les rapports déjà publiés par ce service, ces tableaux permettraient "
                    "de recalculer un effectif soumis au secret statistique : aperçu impossible."
                ]
            else:
                context["report"] = report
                context["sections"] = view_sections(report, chart_images(report))
    return render(request, "reporting/models/preview.html", context)
