"""Named writes of the report model editor (issue 16, STYLE §3): each in a transaction, the
model's row locked (``select_for_update``), its audit entry in the same transaction.

- a Département's funder agent creates a model, copies a library or shared model into its own
  (« Copier pour l'adapter »), changes its ``draft`` one step at a time (sections, tables,
  charts, written parts) — every step checked with ``report_models.validate``: a refused step
  writes nothing — and saves the draft as a new immutable version;
- a platform administrator shares a model with other Départements or stops sharing it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.accounts.enums import Role
from reperes.core.models import audit
from reperes.partners.enums import OrganisationKind

from .models import ReportModel, ReportModelVersion
from .report_models import KEY, MODELS, library, validate, visible_to


class ModelRefused(ValidationError):
    """The step is understood but refused; ``messages`` say why, in French;
    a ``ValidationError``, so that ``run_form_action`` shows it with the form."""


# ---------------------------------------------------------------- who may do what


def is_composer(user: Any) -> bool:
    """An agent of a Département (a funder agent whose organisation is a Département)."""
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.role == Role.FUNDER_AGENT
        and user.organisation_id is not None
        and user.organisation.kind == OrganisationKind.DEPARTEMENT
    )


def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == Role.PLATFORM_ADMIN


def models_visible_to(user: Any):
    """The composed models ``user`` reads: its Département's own and those shared with it;
    every one for a platform administrator; none for anybody else."""
    if is_platform_admin(user):
        return ReportModel.objects.all()
    if is_composer(user):
        org = user.organisation_id
        return ReportModel.objects.filter(pk__in=_own_or_shared(org)).distinct()
    return ReportModel.objects.none()


def _own_or_shared(org_id: int):
    from django.db.models import Q

    return ReportModel.objects.filter(Q(owner_id=org_id) | Q(shared_with=org_id)).values("pk")


def may_edit(user: Any, model: ReportModel) -> bool:
    return is_composer(user) and model.owner_id == user.organisation_id


def _refuse_unless_editor(user: Any, model: ReportModel) -> None:
    if not may_edit(user, model):
        raise ModelRefused(
            ["Seuls les agents du Département qui a composé ce modèle le modifient."]
        )


def _locked(model: ReportModel) -> ReportModel:
    return ReportModel.objects.select_for_update().get(pk=model.pk)


# ---------------------------------------------------------------- creating


def _key_errors(key: str) -> list[str]:
    if not KEY.match(key):
        return ["Le code s'écrit en minuscules, chiffres, - ou _ (2 à 40 caractères)."]
    if key in library() or ReportModel.objects.filter(key=key).exists():
        return [f"Le code « {key} » est déjà pris par un autre modèle."]
    return []


def create_model(
    actor: Any,
    *,
    key: str,
    title: str,
    description: str = "",
    cumulative: bool = False,
    draft: dict[str, Any] | None = None,
    action: str = "report_model.create",
    summary: str = "",
) -> ReportModel:
    if not is_composer(actor):
        raise ModelRefused(["Seuls les agents d'un Département composent des modèles."])
    errors = _key_errors(key)
    if not title.strip():
        errors.append("Donnez un intitulé au modèle.")
    if errors:
        raise ModelRefused(errors)
    with transaction.atomic():
        model = ReportModel.objects.create(
            key=key,
            title=title.strip(),
            description=description.strip(),
            owner_id=actor.organisation_id,
            cumulative=cumulative,
            draft=draft or {"sections": [], "narratives": {}},
        )
        audit(actor, action, model, summary or f"Modèle de rapport « {model.title} » créé", key=key)
    return model


def copy_model(actor: Any, source_key: str, *, key: str, title: str) -> ReportModel:
    """« Copier pour l'adapter »: a library model, or one the Département sees, becomes its own
    (its last saved version as the new model's draft)."""
    visible = {m.key: m for m in visible_to(getattr(actor, "organisation", None))}
    if not is_composer(actor) or source_key not in visible:
        raise ModelRefused(["Ce modèle n'est pas de ceux que votre Département peut copier."])
    source = visible[source_key]
    spec = copy.deepcopy(source.spec)
    draft = {"sections": spec.get("sections", []), "narratives": spec.get("narratives", {})}
    return create_model(
        actor,
        key=key,
        title=title or source.title,
        description=source.description,
        cumulative=source.cumulative,
        draft=draft,
        action="report_model.copy",
        summary=f"Modèle « {source.title} » copié pour l'adapter",
    )


# ---------------------------------------------------------------- changing the draft


def _edit(
    actor: Any,
    model: ReportModel,
    change: Callable[[dict[str, Any]], str],
    action: str,
) -> ReportModel:
    """Apply ``change`` to a copy of the draft (it returns the audit summary), check the result
    and save it, all or nothing."""
    _refuse_unless_editor(actor, model)
    with transaction.atomic():
        row = _locked(model)
        draft = copy.deepcopy(row.draft) or {}
        draft.setdefault("sections", [])
        draft.setdefault("narratives", {})
        summary = change(draft)
        errors = validate(draft)
        if errors:
            raise ModelRefused(errors)
        row.draft = draft
        row.save(update_fields=["draft"])
        audit(actor, action, row, summary)
    return row


def _section(draft: dict[str, Any], index: int) -> dict[str, Any]:
    sections = draft["sections"]
    if not 0 <= index < len(sections):
        raise ModelRefused(["Cette partie n'existe plus : rechargez la page."])
    return sections[index]


def add_section(actor: Any, model: ReportModel, title: str) -> ReportModel:
    def change(draft: dict[str, Any]) -> str:
        draft["sections"].append({"title": title.strip(), "blocks": [], "charts": []})
        return f"Partie « {title.strip()} » ajoutée"

    return _edit(actor, model, change, "report_model.section_add")


def rename_section(actor: Any, model: ReportModel, index: int, title: str) -> ReportModel:
    def change(draft: dict[str, Any]) -> str:
        _section(draft, index)["title"] = title.strip()
        return f"Partie {index + 1} renommée « {title.strip()} »"

    return _edit(actor, model, change, "report_model.section_rename")


def move_section(actor: Any, model: ReportModel, index: int, offset: int) -> ReportModel:
    def change(draft: dict[str, Any]) -> str:
        sections = draft["sections"]
        _section(draft, index)
        target = index + offset
        if not 0 <= target < len(sections):
            raise ModelRefused(["Cette partie est déjà à cette extrémité du modèle."])
        sections[index], sections[target] = sections[target], sections[index]
        return f"Partie {index + 1} déplacée en position {target + 1}"

    return _edit(actor, model, change, "report_model.section_move")


def remove_section(actor: Any, model: ReportModel, index: int) -> ReportModel:
    def change(draft: dict[str, Any]) -> str:
        section = _section(draft, index)
        draft["sections"].pop(index)
        return f"Partie « {section.get('title', '')} » retirée"

    return _edit(actor, model, change, "report_model.section_remove")


def _next_key(draft: dict[str, Any]) -> str:
    taken = {b.get("key") for s in draft["sections"] for b in s.get("blocks", ())}
    number = 1
    while f"tableau-{number}" in taken:
        number += 1
    return f"tableau-{number}"


def _take_out(
    section: dict[str, Any], part: str, matches: Callable[[Any], bool], gone: str
) -> None:
    """The items of ``section[part]`` that ``matches`` taken out; refused with ``gone`` when
    there is none (the page was older than the draft)."""
    items = section.get(part, [])
    if not any(matches(item) for item in items):
        raise ModelRefused([gone])
    section[part] = [item for item in items if not matches(item)]


def add_block(actor: Any, model: ReportModel, index: int, block: dict[str, Any]) -> ReportModel:
    """A table of the catalogue (values, distribution or a special block) at the end of a
    section; its code is drawn by Repères (« tableau-N »)."""

    def change(draft: dict[str, Any]) -> str:
        section = _section(draft, index)
        added = {"key": _next_key(draft), **block}
        section.setdefault("blocks", []).append(added)
        return f"Tableau « {added.get('title', '')} » ajouté à la partie {index + 1}"

    return _edit(actor, model, change, "report_model.block_add")


def remove_block(actor: Any, model: ReportModel, index: int, key: str) -> ReportModel:
    """A table and the charts drawn from it."""

    def change(draft: dict[str, Any]) -> str:
        section = _section(draft, index)
        gone = "Ce tableau n'existe plus : rechargez la page."
        _take_out(section, "blocks", lambda block: block.get("key") == key, gone)
        section["charts"] = [c for c in section.get("charts", ()) if c.get("table") != key]
        return f"Tableau {key} retiré de la partie {index + 1}"

    return _edit(actor, model, change, "report_model.block_remove")


def add_chart(
    actor: Any, model: ReportModel, index: int, table: str, kind: str, title: str = ""
) -> ReportModel:
    def change(draft: dict[str, Any]) -> str:
        section = _section(draft, index)
        charts = section.setdefault("charts", [])
        if any(c.get("table") == table for c in charts):
            raise ModelRefused(["Ce tableau a déjà son graphique : retirez-le d'abord."])
        chart = {"table": table, "kind": kind}
        if title.strip():
            chart["title"] = title.strip()
        charts.append(chart)
        return f"Graphique du tableau {table} ajouté à la partie {index + 1}"

    return _edit(actor, model, change, "report_model.chart_add")


def remove_chart(actor: Any, model: ReportModel, index: int, table: str) -> ReportModel:
    def change(draft: dict[str, Any]) -> str:
        gone = "Ce graphique n'existe plus : rechargez la page."
        _take_out(_section(draft, index), "charts", lambda chart: chart.get("table") == table, gone)
        return f"Graphique du tableau {table} retiré"

    return _edit(actor, model, change, "report_model.chart_remove")


def add_narrative(actor: Any, model: ReportModel, index: int, key: str, title: str) -> ReportModel:
    """A written part the service's director fills in (its code and title)."""

    def change(draft: dict[str, Any]) -> str:
        section = _section(draft, index)
        if not KEY.match(key):
            raise ModelRefused(
                ["Le code d'une partie rédigée s'écrit en minuscules, chiffres, - ou _."]
            )
        if key in draft["narratives"]:
            raise ModelRefused([f"Le code de partie rédigée « {key} » est déjà pris."])
        if not title.strip():
            raise ModelRefused(["Donnez un titre à la partie rédigée."])
        draft["narratives"][key] = title.strip()
        section.setdefault("narratives", []).append(key)
        return f"Partie rédigée « {title.strip()} » ajoutée à la partie {index + 1}"

    return _edit(actor, model, change, "report_model.narrative_add")


def remove_narrative(actor: Any, model: ReportModel, index: int, key: str) -> ReportModel:
    def change(draft: dict[str, Any]) -> str:
        gone = "Cette partie rédigée n'existe plus : rechargez la page."
        _take_out(_section(draft, index), "narratives", lambda part: part == key, gone)
        if not any(key in s.get("narratives", ()) for s in draft["sections"]):
            draft["narratives"].pop(key, None)
        return f"Partie rédigée {key} retirée"

    return _edit(actor, model, change, "report_model.narrative_remove")


# ---------------------------------------------------------------- versions


def save_version(actor: Any, model: ReportModel) -> ReportModelVersion:
    """The draft becomes version N+1, never changed afterwards (publications keep it)."""
    _refuse_unless_editor(actor, model)
    with transaction.atomic():
        row = _locked(model)
        errors = validate(row.draft or {})
        if errors:
            raise ModelRefused(errors)
        last = row.versions.order_by("-number").first()
        if last is not None and last.spec == row.draft:
            raise ModelRefused(
                [f"Le brouillon est identique à la version {last.number} : rien à enregistrer."]
            )
        version = ReportModelVersion.objects.create(
            model=row,
            number=(last.number + 1) if last else 1,
            spec=copy.deepcopy(row.draft),
            created_by=actor,
        )
        audit(
            actor,
            "report_model.version_save",
            row,
            f"Version {version.number} du modèle « {row.title} » enregistrée",
            version=version.number,
        )
    return version


# ---------------------------------------------------------------- sharing


def share_model(actor: Any, model: ReportModel, organisations: Iterable[Any]) -> ReportModel:
    """The Départements ``model`` is shared with (its owner excluded): a platform
    administrator decides."""
    if not is_platform_admin(actor):
        raise ModelRefused(["Seul un administrateur de la plateforme partage les modèles."])
    wanted = [o for o in organisations if o.pk != model.owner_id]
    if any(o.kind != OrganisationKind.DEPARTEMENT for o in wanted):
        raise ModelRefused(["Un modèle se partage avec des Départements seulement."])
    with transaction.atomic():
        row = _locked(model)
        before = set(row.shared_with.values_list("pk", flat=True))
        row.shared_with.set(wanted)
        after = {o.pk for o in wanted}
        audit(
            actor,
            "report_model.share",
            row,
            f"Partage du modèle « {row.title} » : {len(after)} Département(s)",
            added=sorted(after - before),
            removed=sorted(before - after),
        )
    return row


__all__ = [
    "MODELS",
    "ModelRefused",
    "add_block",
    "add_chart",
    "add_narrative",
    "add_section",
    "copy_model",
    "create_model",
    "is_composer",
    "is_platform_admin",
    "may_edit",
    "models_visible_to",
    "move_section",
    "remove_block",
    "remove_chart",
    "remove_narrative",
    "remove_section",
    "rename_section",
    "save_version",
    "share_model",
]
