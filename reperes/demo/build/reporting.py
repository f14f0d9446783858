"""Demo data of the reporting app, idempotent (called by ``manage.py load_demo``): the eight
Pas-de-Calais 2022 submissions, validated by the Département, with exactly the figures of
seed 001 « Activité 2022 des SPS » — hours per activity (blank cells are « NR ») and the
collective actions table. The seed's « Bruay » is SPS Maurice Schumann (Bruay-La-Buissière).

The teams are those of the seed's « Composition des équipes », loaded by the people app.
No audit entry is written: this is seeding, not somebody's action.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from reperes.accounts.models import User
from reperes.conventions.models import Convention
from reperes.demo import timeline
from reperes.demo.accounts import DOMAIN
from reperes.demo.seeds import seed_000, seed_001
from reperes.partners.models import Service
from reperes.reporting.enums import SubmissionEventKind, SubmissionStatus
from reperes.reporting.models import ReportNarrative, Submission, SubmissionEvent, SubmissionValue

YEAR = 2022
NR = None
PARIS = ZoneInfo("Europe/Paris")
# The report is due by 30 April N+1 (seed 001 art. 3); the dates themselves are illustrative.
SENT_AT = datetime(2023, 4, 28, 10, 0, tzinfo=PARIS)
DECIDED_AT = datetime(2023, 5, 16, 14, 0, tzinfo=PARIS)
WRITING_NOTE = "Dans les accompagnements individuels"

HOURS_COLUMNS = (
    "hours.street_work",
    "hours.individual",
    "hours.collective",
    "hours.training_leave",
    "hours.writing",
    "hours.partnership",
    "hours.preparation",
    "hours",
)
COLLECTIVE_COLUMNS = ("collective.actions", "collective.youths", "collective.families")

# Seed 001 « Répartition de l'activité par SPS »: travail de rue, accompagnements individuels,
# actions collectives, formations/congés/congés maladie, écrits professionnels, actions
# partenariales et réunions diverses, temps préparation activités, TOTAL.
HOURS: dict[str, tuple[int | None, ...]] = {
    seed_001.SPS_ARRAS: (2150, 4103, 4110, 389, 997, 1219, NR, 12968),
    seed_001.SPS_MAURICE_SCHUMANN: (2010, 959, 1807, 62, 251, 477, 570, 6136),
    seed_001.SPS_BOULOGNE: (5826, NR, NR, 4134, 2495, 709, NR, 13164),
    seed_001.SPS_CALAIS: (1639, 805, 1417, 2398, 637, 862, NR, 7758),
    seed_001.SPS_ETAPLES: (572, 917, 1691, 222, 710, 782, NR, 4894),
    seed_001.SPS_HARNES: (1322, 903, 1888, 54, NR, 669, NR, 4836),
    seed_001.SPS_LIEVIN: (572, 917, 1691, 150, 710, 358, NR, 4398),
    seed_001.SPS_OIGNIES: (1428, 805, 2622, 130, 1615, 810, NR, 7410),
}
# Seed 001 « Actions collectives »: actions, youths concerned, families.
COLLECTIVE: dict[str, tuple[int | None, ...]] = {
    seed_001.SPS_ARRAS: (7, 345, NR),
    seed_001.SPS_MAURICE_SCHUMANN: (5, 369, NR),
    seed_001.SPS_BOULOGNE: (12, 382, 38),
    seed_001.SPS_CALAIS: (14, 412, NR),
    seed_001.SPS_ETAPLES: (23, 142, NR),
    seed_001.SPS_HARNES: (43, 331, NR),
    seed_001.SPS_LIEVIN: (6, 201, 41),
    seed_001.SPS_OIGNIES: (14, 700, 121),
}
NOTES: dict[str, dict[str, str]] = {seed_001.SPS_HARNES: {"hours.writing": WRITING_NOTE}}


def values_of(service_name: str) -> dict[str, Decimal | None]:
    figures = dict(zip(HOURS_COLUMNS, HOURS[service_name], strict=True))
    figures.update(zip(COLLECTIVE_COLUMNS, COLLECTIVE[service_name], strict=True))
    return {code: None if v is None else Decimal(v) for code, v in figures.items()}


def _convention(service: Service) -> Convention | None:
    return (
        Convention.objects.filter(service=service, parties__organisation__name=seed_001.DEPARTEMENT)
        .order_by("pk")
        .first()
    )


# The director's written parts of the Longwy annual review 2025 (seed 000 annex 1), in general
# terms as the parts shared with the funders must be; invented for the demo.
REVIEW_TEXTS = {
    "highlights": (
        "L'année a été marquée par l'ouverture d'une permanence hebdomadaire au collège et par "
        "la reprise des chantiers éducatifs avec le bailleur. (Texte de démonstration.)"
    ),
    "presence_organisation": (
        "La présence sociale s'est organisée en soirée trois jours par semaine sur le quartier "
        "Concorde, et le mercredi après-midi aux abords des équipements sportifs de Longwy et de "
        "Mont-Saint-Martin ; l'équipe a renforcé sa présence pendant l'été."
    ),
    "presence_observations": (
        "Les regroupements se sont déplacés du centre commercial vers le city-stade. Les "
        "habitants signalent le manque de lieux d'accueil pour les 16-18 ans en soirée ; la "
        "fermeture de l'espace jeunes le samedi pèse sur le quartier."
    ),
    "individual": (
        "Les accompagnements portent d'abord sur la scolarité et l'insertion ; la coordination "
        "avec la mission locale et la MDS a permis des relais plus rapides vers le droit commun."
    ),
    "partnership": (
        "Le partenariat avec le collège, la mission locale, la MDS et le centre social s'est "
        "structuré autour d'une réunion mensuelle ; le lien avec le bailleur reste à consolider."
    ),
}
#: The seeds' story year of the review: the last finished year (moved to the load's year).
REVIEW_YEAR = timeline.REFERENCE_YEAR - 1


def _review_texts(shift: timeline.Shift) -> None:
    service = Service.objects.filter(name=seed_000.SERVICE).first()
    if service is None:
        return
    author = User.objects.filter(email=f"direction.longwy@{DOMAIN}").first()
    for part, text in REVIEW_TEXTS.items():
        ReportNarrative.objects.get_or_create(
            service=service,
            model_key="bilan-annuel",
            period_key=str(shift.year(REVIEW_YEAR)),
            part=part,
            defaults={"text": text, "updated_by": author},
        )


@transaction.atomic
def load() -> None:
    from reperes.demo.build.publications import load_publications

    shift = timeline.current()  # the seeds' years and dates, moved to the load's year
    _review_texts(shift)
    _load_submissions(shift)
    if settings.REPERES_DEMO_PUBLICATIONS:
        load_publications()


def _load_submissions(shift: timeline.Shift) -> None:
    year, sent_at, decided_at = shift.year(YEAR), shift.at(SENT_AT), shift.at(DECIDED_AT)
    agent = User.objects.filter(email=f"agent.pas-de-calais@{DOMAIN}").first()
    for name in HOURS:
        service = Service.objects.filter(name=name).first()
        if service is None:
            continue
        convention = _convention(service)
        if convention is None:
            continue
        submission, _created = Submission.objects.get_or_create(
            service=service,
            year=year,
            defaults={
                "convention": convention,
                "status": SubmissionStatus.VALIDATED,
                "sent_at": sent_at,
                "decided_at": decided_at,
                "decided_by": agent,
                "funder_comment": "Remontée reprise du tableau « Activité 2022 des SPS ».",
            },
        )
        notes = NOTES.get(name, {})
        for code, value in values_of(name).items():
            row = SubmissionValue.objects.filter(submission=submission, code=code).first()
            note = notes.get(code, "")
            if row is None:
                SubmissionValue.objects.create(
                    submission=submission, code=code, value=value, note=note
                )
            elif row.value != value or row.note != note:
                row.value, row.note = value, note
                row.save(update_fields=["value", "note"])
        for kind, at in (
            (SubmissionEventKind.SENT, sent_at),
            (SubmissionEventKind.VALIDATED, decided_at),
        ):
            if not submission.events.filter(kind=kind).exists():
                SubmissionEvent.objects.create(
                    submission=submission,
                    kind=kind,
                    at=at,
                    by=agent if kind == SubmissionEventKind.VALIDATED else None,
                )
