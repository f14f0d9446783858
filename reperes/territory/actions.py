"""Every write of the territory app: one named action per business operation, atomic, with its
audit entry in the same transaction (``reperes.core.models.audit``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from reperes.core.access import effective_secrecy
from reperes.core.fields import acting_account
from reperes.core.models import audit
from reperes.governance.enums import BodyKind, MeetingStatus

from .abilities import require_diagnostic, require_sheet_edit
from .models import Diagnostic, DiagnosticVersion, SheetAction, SheetIndicator, ThemeSheet
from .portrait import portrait

# The sheet's free texts (constats, objectifs, actions…): a text area each in ``SheetForm``.
SHEET_TEXTS = (
    "existing",
    "concerns",
    "objectives",
    "priorities",
    "partnership_actions",
    "evaluation",
    "regulatory_notes",
)
SHEET_FIELDS = ("theme", "year", "years_text", *SHEET_TEXTS, "pilot", "source")


@dataclass(frozen=True)
class IndicatorInput:
    label: str
    catalogue_code: str = ""
    target: str = ""
    series: Any = None


def _check_organisations(convention: Any, pilot: Any, partners: Iterable[Any]) -> list[Any]:
    """Pilot and partners are parties to the convention (the sheet is theirs)."""
    party_orgs = set(convention.parties.values_list("organisation_id", flat=True))
    partners = list(partners)
    for organisation in [pilot, *partners]:
        if organisation is not None and organisation.pk not in party_orgs:
            raise ValidationError(
                f"« {organisation} » n'est pas partie à la convention : seules ses parties "
                "pilotent une fiche-action ou y participent."
            )
    return partners


def _save_indicators(sheet: ThemeSheet, indicators: Sequence[IndicatorInput]) -> None:
    sheet.indicators.all().delete()
    for order, item in enumerate(indicators):
        # Its label, catalogue code, target and series (the series as given: no copy).
        indicator = SheetIndicator(sheet=sheet, order=order, **vars(item))
        indicator.full_clean()
        indicator.save()


def _save_actions(sheet: ThemeSheet, actions: Sequence[str]) -> None:
    kept = {a.title: a for a in sheet.actions.all()}
    sheet.actions.exclude(title__in=list(actions)).delete()
    for order, title in enumerate(actions):
        action = kept.get(title) or SheetAction(sheet=sheet, title=title)
        action.order = order
        action.full_clean()
        action.save()


@transaction.atomic
def save_sheet(
    actor: Any,
    convention: Any,
    fields: Mapping[str, Any],
    *,
    partners: Iterable[Any] = (),
    actions: Sequence[str] = (),
    indicators: Sequence[IndicatorInput] = (),
    sheet: ThemeSheet | None = None,
    check_access: bool = True,
) -> ThemeSheet:
    """Create or update a fiche-action of ``convention``, with its actions and indicators."""
    if check_access:
        require_sheet_edit(actor, convention)
    partners = _check_organisations(convention, fields.get("pilot"), partners)
    creating = sheet is None
    sheet = sheet or ThemeSheet(convention=convention)
    for name in SHEET_FIELDS:
        if name in fields:
            setattr(sheet, name, fields[name])
    sheet.full_clean()
    sheet.save()
    sheet.partners.set(partners)
    _save_actions(sheet, [a.strip() for a in actions if a.strip()])
    _save_indicators(sheet, [i for i in indicators if i.label.strip()])
    audit(
        actor,
        "territory.sheet.create" if creating else "territory.sheet.update",
        sheet,
        f"{'Création' if creating else 'Modification'} de la fiche-action « {sheet} »",
    )
    return sheet


@transaction.atomic
def set_action_status(actor: Any, action: SheetAction, status: str, note: str = "") -> None:
    require_sheet_edit(actor, action.sheet.convention)
    action.status = status
    action.note = note
    action.full_clean()
    action.save()
    audit(actor, "territory.sheet.action", action.sheet, f"Suivi de l'action « {action} »")


def _carry_over(previous: ThemeSheet, year: int, meeting: Any) -> ThemeSheet:
    sheet = ThemeSheet(convention=previous.convention, year=year, decided_at=meeting)
    for name in SHEET_FIELDS:
        if name not in ("year", "years_text", "source"):
            setattr(sheet, name, getattr(previous, name))
    sheet.carried_from = previous
    sheet.source = f"Reconduite de la fiche {previous.year}"
    sheet.full_clean()
    sheet.save()
    sheet.partners.set(previous.partners.all())
    _save_actions(sheet, [action.title for action in previous.actions.all()])
    _save_indicators(
        sheet,
        [
            IndicatorInput(i.label, i.catalogue_code, i.target, i.series)
            for i in previous.indicators.all()
        ],
    )
    return sheet


@transaction.atomic
def decide_themes(
    actor: Any, meeting: Any, year: int, themes: Sequence[str], *, check_access: bool = True
) -> list[ThemeSheet]:
    """The comité de pilotage decides the themes of ``year`` (seed 003: « déterminés
    annuellement par le Comité de Pilotage »): the decision is recorded on the meeting; a theme
    that had a sheet the year before is carried over (a new sheet, the old one kept), a new
    theme gets an empty sheet."""
    body = meeting.body
    convention = body.convention
    if check_access:
        require_sheet_edit(actor, convention)
    if body.kind != BodyKind.COMITE_PILOTAGE:
        raise ValidationError("Seul un comité de pilotage décide des thèmes de coopération.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("Cette réunion est annulée : elle ne peut rien décider.")
    themes = list(dict.fromkeys(t.strip() for t in themes if t.strip()))
    if not themes:
        raise ValidationError("Indiquez au moins un thème de coopération.")
    existing = set(
        ThemeSheet.objects.filter(convention=convention, year=year).values_list("theme", flat=True)
    )
    already = [t for t in themes if t in existing]
    if already:
        raise ValidationError(
            f"Une fiche-action existe déjà pour {year} : {', '.join(already)}. Rien n'a été "
            "enregistré."
        )
    previous = {
        s.theme: s
        for s in ThemeSheet.objects.filter(convention=convention, year__lt=year).order_by("year")
    }
    sheets = []
    for theme in themes:
        if theme in previous:
            sheets.append(_carry_over(previous[theme], year, meeting))
        else:
            sheet = ThemeSheet(convention=convention, theme=theme, year=year, decided_at=meeting)
            sheet.full_clean()
            sheet.save()
            sheets.append(sheet)
    order = meeting.decisions.count()
    meeting.decisions.create(
        order=order, text=f"Thèmes de coopération retenus pour {year} : {', '.join(themes)}."
    )
    audit(
        actor,
        "territory.themes.decide",
        meeting,
        f"Thèmes de coopération {year} décidés au {body.name}",
        themes=themes,
        year=year,
    )
    return sheets


# ---------------------------------------------------------------- local diagnostic


def secrecy_threshold(diagnostic: Diagnostic) -> int:
    """The strictest threshold of the conventions on the service (never below the floor)."""
    from reperes.conventions.models import Convention

    conventions = list(Convention.objects.filter(service=diagnostic.service_id))
    return max((effective_secrecy(c)[0] for c in conventions), default=effective_secrecy(None)[0])


def _observations(diagnostic: Diagnostic, year: int) -> list[dict[str, str]]:
    """The team's observations of the year on the commune, shareable ones only (seed 001
    art. 5: only general information leaves the service)."""
    from reperes.fieldwork.models import Observation

    rows = (
        Observation.objects.filter(
            service=diagnostic.service_id,
            commune=diagnostic.commune_id,
            shareable=True,
            observed_on__year=year,
        )
        .order_by("observed_on", "pk")
        .values("observed_on", "topic", "text")
    )
    labels = dict(Observation._meta.get_field("topic").choices)  # type: ignore[arg-type]  # flat choices
    return [
        {"date": r["observed_on"].isoformat(), "topic": labels[r["topic"]], "text": r["text"]}
        for r in rows
    ]


@transaction.atomic
def open_diagnostic(actor: Any, service: Any, commune: Any) -> Diagnostic:
    diagnostic = Diagnostic(service=service, commune=commune)
    require_diagnostic(actor, diagnostic, "write")
    diagnostic.full_clean()
    diagnostic.save()
    audit(actor, "territory.diagnostic.open", diagnostic, f"Ouverture : {diagnostic}")
    return diagnostic


@transaction.atomic
def write_diagnostic_version(
    actor: Any,
    diagnostic: Diagnostic,
    year: int,
    texts: Mapping[str, str],
    *,
    check_access: bool = True,
) -> DiagnosticVersion:
    """A new version: the portrait computed and frozen now, the observations as they stand,
    the written sections as given. Earlier versions never change."""
    if check_access:
        require_diagnostic(actor, diagnostic, "write")
    diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    last = diagnostic.versions.order_by("-number").first()
    version = DiagnosticVersion(
        diagnostic=diagnostic,
        number=(last.number + 1) if last else 1,
        year=year,
        portrait=portrait(
            diagnostic.service, diagnostic.commune, year, secrecy_threshold(diagnostic)
        ),
        observations=_observations(diagnostic, year),
        created_by=acting_account(actor),
    )
    for name, _heading in DiagnosticVersion.TEXT_SECTIONS:
        setattr(version, name, texts.get(name, ""))
    version.authors = texts.get("authors", "")
    version.full_clean()
    version.save()
    audit(
        actor,
        "territory.diagnostic.version",
        diagnostic,
        f"Version {version.number} ({year}) du {diagnostic}",
        number=version.number,
    )
    return version


def validation_meetings(diagnostic: Diagnostic, actor: Any = None) -> Any:
    """Meetings that may validate a diagnostic: held meetings of the comité de suivi or the
    commission of a convention on the service (seed 004 art. 9 and 10) — of those, the ones
    ``actor`` may see when given: a service can be bound by conventions of other funders, whose
    meetings are not this actor's to list or to name."""
    from reperes.governance.models import Meeting

    meetings = Meeting.objects.filter(
        body__convention__service=diagnostic.service_id,
        body__kind__in=[BodyKind.COMITE_SUIVI_LOCAL, BodyKind.COMMISSION_DEPARTEMENTALE],
        status=MeetingStatus.HELD,
    ).select_related("body")
    if actor is not None:
        meetings = meetings.filter(pk__in=Meeting.objects.visible_to(actor).values("pk"))
    return meetings


@transaction.atomic
def validate_diagnostic_version(
    actor: Any, version: DiagnosticVersion, meeting: Any, *, check_access: bool = True
) -> DiagnosticVersion:
    diagnostic = version.diagnostic
    if check_access:
        require_diagnostic(actor, diagnostic, "validate")
    if version.validated_on is not None:
        raise ValidationError("Cette version est déjà validée.")
    meetings = validation_meetings(diagnostic, actor if check_access else None)
    if not meetings.filter(pk=meeting.pk).exists():
        raise ValidationError(
            {
                "meeting": "Choisissez une réunion tenue du comité de suivi ou de la commission "
                "d'une convention de ce service."
            }
        )
    version.validated_at = meeting
    version.validated_on = meeting.day
    version.save(update_fields=["validated_at", "validated_on"])
    audit(
        actor,
        "territory.diagnostic.validate",
        diagnostic,
        f"Version {version.number} validée au {meeting.body.name} du {meeting.day:%d/%m/%Y}",
    )
    return version
