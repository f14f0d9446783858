"""Demo data of the territory app, idempotent (called by ``manage.py load_demo`` after field
work, whose observations and records the diagnostic's portrait reads).

- The Metz protocol's seven fiches-actions (seed 003 « Fiches annexes », « Année(s) :
  2009-2010 »), entered from the seed's text, section by section, as year 2009; the comité de
  pilotage's first held meeting of the demo reconducts « Parentalité » and « Petite Enfance »
  (the decision the governance demo records), so that its agenda lists that year's sheets.
  The fiches name no pilot: none is set; the three parties are partners of each.
- The Montélimar local diagnostic (seed 004 art. 9) in two versions (2024, 2025): the portrait
  is computed from the synthetic field data; the written sections are **synthetic**, and say
  so. Version 1 is validated at the Commission départementale's meeting of its year.
- SIRET numbers of the Département de la Drôme and the commune of Montélimar, needed by the
  SCDL export: **fictitious** numbers (they start with 00000000, which INSEE never issued),
  valid for the Luhn key only — the real ones are not in the seeds.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction

from reperes.conventions.models import Convention
from reperes.demo.loader import DemoError
from reperes.demo.seeds import seed_003, seed_004
from reperes.governance.enums import BodyKind, MeetingStatus
from reperes.governance.models import Meeting
from reperes.partners.models import Commune, Organisation, Service
from reperes.rules.siret import with_check_digit
from reperes.territory import actions
from reperes.territory.actions import IndicatorInput
from reperes.territory.models import Diagnostic, DiagnosticVersion, ThemeSheet

DEMO = "[Démonstration — texte fictif] "
# The seed's fiches annexes, one theme sheet each.
SHEETS = (*seed_003.FICHES, ("Petite Enfance", seed_003.FICHE_PETITE_ENFANCE))
RECONDUCTED = ("Parentalité", "Petite Enfance")
HEADINGS = {
    "ELEMENTS DESCRIPTIFS DE L'EXISTANT": "existing",
    "PREOCCUPATIONS PARTAGEES": "concerns",
    "OBJECTIFS DU PARTENARIAT": "objectives",
    "PRIORITES RETENUES": "priorities",
    "ACTIONS DE PARTENARIAT A DEVELOPPER": "partnership_actions",
    "INDICATEURS D'EVALUATION": "evaluation",
    "PRECISIONS REGLEMENTAIRES": "regulatory_notes",
}
FICTITIOUS_SIRETS = {
    "Département de la Drôme": with_check_digit("0000000010001"),
    "Commune de Montélimar": with_check_digit("0000000020001"),
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def parse_sheet(text: str) -> dict[str, str]:
    """The sections of a seed fiche, by its headings (« PRIORITÉS RETENUES : »…)."""
    sections: dict[str, list[str]] = {"years_text": []}
    current = None
    for line in text.splitlines():
        key = HEADINGS.get(_plain(line).rstrip(" :").strip())
        if key is not None:
            current = key
            sections.setdefault(key, [])
            continue
        if current is None:
            match = re.match(r"\s*ann[ée]e\(s\)\s*:\s*(.+)", line, re.IGNORECASE)
            if match:
                sections["years_text"].append(match.group(1).strip())
            continue
        sections[current].append(line)
    return {key: "\n".join(lines).strip() for key, lines in sections.items()}


def _indicators(evaluation: str) -> list[IndicatorInput]:
    items = []
    for line in evaluation.splitlines():
        label = line.strip().lstrip("-").strip().strip("*").strip()
        if label:
            items.append(IndicatorInput(label=label))
    return items


def _actions(text: str) -> list[str]:
    """The listed actions of a fiche (« - Créer de nouveaux équipements… »), not « Voir
    priorités retenues »."""
    items = [line.strip().lstrip("-").strip() for line in text.splitlines()]
    return [item for item in items if item and not item.lower().startswith("voir ")]


def _metz() -> Convention:
    convention = Convention.objects.filter(short_title=seed_003.CONVENTION.short_title).first()
    if convention is None:
        raise DemoError("Le protocole de Metz est introuvable : lancez d'abord load_demo.")
    return convention


def load_sheets() -> list[ThemeSheet]:
    convention = _metz()
    partners = list(Organisation.objects.filter(pk__in=convention.parties.values("organisation")))
    sheets = []
    for theme, text in SHEETS:
        existing = ThemeSheet.objects.filter(convention=convention, theme=theme, year=2009).first()
        if existing is not None:
            sheets.append(existing)
            continue
        fields: dict[str, object] = dict(parse_sheet(text))
        fields |= {"theme": theme, "year": 2009, "source": f"{seed_003.SOURCE}, fiche {theme}"}
        sheets.append(
            actions.save_sheet(
                None,
                convention,
                fields,
                partners=partners,
                actions=_actions(str(fields.get("partnership_actions", ""))),
                indicators=_indicators(str(fields.get("evaluation", ""))),
                check_access=False,
            )
        )
    copil = (
        Meeting.objects.filter(
            body__convention=convention,
            body__kind=BodyKind.COMITE_PILOTAGE,
            status=MeetingStatus.HELD,
        )
        .order_by("starts_at")
        .first()
    )
    if copil is not None:
        year = copil.day.year
        for sheet in sheets:
            if sheet.theme not in RECONDUCTED:
                continue
            carried = ThemeSheet.objects.filter(carried_from=sheet).first()
            if carried is None:
                actions._carry_over(sheet, year, copil)
            elif (carried.year, carried.decided_at_id) != (year, copil.pk):
                # The demo's meetings move with the calendar: the reconducted sheet follows.
                carried.year, carried.decided_at = year, copil
                carried.save(update_fields=["year", "decided_at", "updated_at"])
    return sheets


DIAGNOSTIC_TEXTS = (
    {
        "authors": "Commune de Montélimar (service de prévention) et Direction Enfance Famille",
        "zoning": DEMO + "Quartiers prioritaires Nocaze, Centre Ancien et Ouest (décret "
        "n° 2014-1750) ; lieux d'intervention : Pracomtal, Grangeneuve, Jean Moulin, Bagatelle, "
        "abords des collèges Europa, Alain Borne et Monod.",
        "needs": DEMO + "Décrochage scolaire des 13-16 ans aux abords des collèges.\n"
        "Regroupements tardifs en pied d'immeuble à Pracomtal.",
        "resources": DEMO + "Médiathèque, ludothèque, centres sociaux municipaux, city stades.",
        "priorities": DEMO + "Présence éducative aux sorties des collèges.\n"
        "Travail avec les familles des jeunes en rupture.",
        "strengths": DEMO + "Point fort : relations établies avec les collèges.\n"
        "Point d'amélioration : présence en soirée.",
    },
    {
        "authors": "Commune de Montélimar (service de prévention) et Direction Enfance Famille",
        "zoning": DEMO + "Quartiers prioritaires Nocaze, Centre Ancien et Ouest (décret "
        "n° 2014-1750) ; lieux d'intervention : Pracomtal, Grangeneuve, Jean Moulin, Bagatelle, "
        "abords des collèges Europa, Alain Borne et Monod.",
        "needs": DEMO + "Décrochage scolaire des 13-16 ans aux abords des collèges.\n"
        "Jeunes majeurs sans solution d'insertion au Centre Ancien.",
        "resources": DEMO + "Médiathèque, ludothèque, centres sociaux municipaux, city stades.\n"
        "Mission locale : permanence mensuelle au centre social.",
        "priorities": DEMO + "Présence éducative aux sorties des collèges.\n"
        "Accompagnement vers l'insertion des 18-21 ans.",
        "strengths": DEMO + "Point fort : relations établies avec les collèges.\n"
        "Point d'amélioration : présence en soirée.",
    },
)


def load_diagnostic() -> Diagnostic:
    service = Service.objects.filter(name=seed_004.SERVICE).first()
    commune = Commune.objects.filter(insee_code=seed_004.M).first()
    if service is None or commune is None:
        raise DemoError("Le service de Montélimar est introuvable : lancez d'abord load_demo.")
    diagnostic, _ = Diagnostic.objects.get_or_create(service=service, commune=commune)
    years = (2024, 2025)
    for number, (year, texts) in enumerate(zip(years, DIAGNOSTIC_TEXTS, strict=True), 1):
        if not DiagnosticVersion.objects.filter(diagnostic=diagnostic, number=number).exists():
            actions.write_diagnostic_version(None, diagnostic, year, texts, check_access=False)
    first = diagnostic.versions.get(number=1)
    if first.validated_on is None:
        meeting = (
            actions.validation_meetings(diagnostic)
            .filter(body__kind=BodyKind.COMMISSION_DEPARTEMENTALE, starts_at__year__gte=first.year)
            .order_by("starts_at")
            .first()
        )
        if meeting is not None:
            actions.validate_diagnostic_version(None, first, meeting, check_access=False)
    return diagnostic


def load_sirets() -> None:
    for name, siret in FICTITIOUS_SIRETS.items():
        Organisation.objects.filter(name=name, siret="").update(siret=siret)


@transaction.atomic
def load() -> None:
    load_sirets()
    load_sheets()
    load_diagnostic()
