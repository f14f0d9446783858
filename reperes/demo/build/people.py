"""Demo data of the personnel app, idempotent: run it after ``manage.py load_demo``.

- Staffing tables taken from the seeds: seed 000 art. 5 for 2023-2025 (1 directeur, 1
  administratif, 8 éducateurs spécialisés, in ETP); the « Composition des équipes de prévention
  spécialisée » of the 8 Pas-de-Calais SPS for 2022 (seed 001, activité 2022); the 6 posts the
  Drôme finances for 2023-2025 (seed 004 art. 6), read as 6 ETP of social workers.
- A synthetic staff register for the Montélimar and Portes Z'Ouvertes services, with obviously
  invented names (« Éducatrice Exemple A »…), arrivals and departures during 2024 and one person
  without the required diploma (VAE, seed 004 art. 5); requests for prior approval and a few
  budgetary documents (seed 001 art. 8.2, seed 004 art. 6).

Every row is found by a natural key and written only when something differs, so a second run
writes nothing. No audit entry is written: this is seeding, not somebody's action.

    .venv/bin/python manage.py shell -c "from reperes.demo.build.people import load; load()"
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from reperes.accounts.models import User
from reperes.demo import timeline
from reperes.demo.accounts import ACCOUNTS, DOMAIN
from reperes.demo.rows import upsert
from reperes.demo.seeds import seed_000, seed_001, seed_004
from reperes.partners.models import Service
from reperes.people.enums import ChangeRequestKind, ChangeRequestStatus, DocumentKind, StaffCategory
from reperes.people.models import ChangeRequest, FinancialDocument, StaffingLine, StaffMember

D = Decimal
DIRECTION = StaffCategory.DIRECTION
SOCIAL = StaffCategory.SOCIAL_WORKER
ADMIN = StaffCategory.ADMINISTRATIVE
MAINTENANCE = StaffCategory.MAINTENANCE

SOURCE_000 = "Seed 000 — convention 2023-2025, article 5.1 « Les moyens humains »"
SOURCE_001 = "Seed 001 — Activité 2022, « Composition des équipes de prévention spécialisée »"
SOURCE_004 = "Seed 004 — convention 2023-2025, article 6 : « 6 postes de prévention »"

# « Composition des équipes » of the Pas-de-Calais SPS in 2022 (seed 001): ETP by category.
TEAMS_2022: dict[str, dict[str, Decimal]] = {
    seed_001.SPS_ARRAS: {DIRECTION: D("1"), SOCIAL: D("3.83"), ADMIN: D("0.5")},
    seed_001.SPS_MAURICE_SCHUMANN: {
        DIRECTION: D("1"),
        SOCIAL: D("4.2"),
        ADMIN: D("0.75"),
        MAINTENANCE: D("0.5"),
    },
    seed_001.SPS_HARNES: {DIRECTION: D("1"), SOCIAL: D("4"), ADMIN: D("1")},
    seed_001.SPS_OIGNIES: {DIRECTION: D("1"), SOCIAL: D("3"), ADMIN: D("0.5")},
    seed_001.SPS_LIEVIN: {DIRECTION: D("1"), SOCIAL: D("6"), ADMIN: D("1"), MAINTENANCE: D("0.8")},
    seed_001.SPS_BOULOGNE: {DIRECTION: D("1"), SOCIAL: D("5"), ADMIN: D("1")},
    seed_001.SPS_ETAPLES: {
        DIRECTION: D("1"),
        SOCIAL: D("4"),
        ADMIN: D("0.5"),
        MAINTENANCE: D("0.33"),
    },
    seed_001.SPS_CALAIS: {DIRECTION: D("1"), SOCIAL: D("4"), ADMIN: D("1")},
}

# service -> (years, planned ETP by category, source)
TABLES: dict[str, tuple[tuple[int, ...], dict[str, Decimal], str]] = {
    seed_000.SERVICE: (
        (2023, 2024, 2025),
        {DIRECTION: D("1"), ADMIN: D("1"), SOCIAL: D("8")},
        SOURCE_000,
    ),
    seed_004.SERVICE: ((2023, 2024, 2025), {SOCIAL: D("6")}, SOURCE_004),
    **{service: ((2022,), planned, SOURCE_001) for service, planned in TEAMS_2022.items()},
}


@dataclass(frozen=True)
class Person:
    name: str
    job_title: str
    category: str
    fte: Decimal
    arrival: date
    departure: date | None = None
    diploma: str = ""
    qualification: str = ""
    account: str = ""  # the demo account (e-mail) this person enters time and field work with

    def values(self) -> dict[str, Any]:
        return {
            "job_title": self.job_title,
            "category": self.category,
            "fte": self.fte,
            "arrival": self.arrival,
            "departure": self.departure,
            "has_required_diploma": bool(self.diploma),
            "diploma": self.diploma,
            "qualification": self.qualification or self.job_title,
            "counts_for_presence": self.category == SOCIAL,
            "account": User.objects.filter(email=self.account).first() if self.account else None,
        }


DEES = "Diplôme d'État d'éducateur spécialisé"

REGISTERS: dict[str, tuple[Person, ...]] = {
    # Seed 004: a commune running its service « en régie », 6 posts financed.
    seed_004.SERVICE: (
        Person("Éducatrice Exemple A", "Éducatrice spécialisée", SOCIAL, D("1"), date(2019, 9, 2), diploma=f"{DEES} (2015)", account=f"educateur.montelimar@{DOMAIN}"),
        Person("Éducateur Exemple B", "Éducateur spécialisé", SOCIAL, D("1"), date(2021, 1, 4), date(2024, 5, 31), diploma=f"{DEES} (2018)"),
        Person("Éducatrice Exemple C", "Éducatrice spécialisée", SOCIAL, D("1"), date(2024, 9, 2), diploma=f"{DEES} (2024)"),
        # No diploma: VAE due two years after the convention's start (1 January 2023, later
        # than the arrival), i.e. on 1 January 2025 (seed 004 art. 5).
        Person("Animateur Exemple D", "Animateur de prévention", SOCIAL, D("1"), date(2022, 3, 7), qualification="BPJEPS animation sociale"),
        Person("Éducateur Exemple E", "Éducateur spécialisé", SOCIAL, D("0.8"), date(2023, 4, 3), diploma=f"{DEES} (2020)"),
        Person("Éducatrice Exemple F", "Éducatrice spécialisée", SOCIAL, D("1"), date(2024, 2, 1), diploma=f"{DEES} (2023)"),
        Person("Coordinatrice Exemple G", "Coordinatrice de la prévention", DIRECTION, D("0.5"), date(2020, 1, 6), qualification="CAFERUIS"),
    ),
    # Seed 000: 1 directeur, 1 administratif, 8 éducateurs spécialisés.
    seed_000.SERVICE: (
        Person("Directeur Exemple H", "Directeur", DIRECTION, D("1"), date(2016, 1, 4), qualification="CAFERUIS", account=f"direction.longwy@{DOMAIN}"),
        Person("Secrétaire Exemple I", "Secrétaire-comptable", ADMIN, D("1"), date(2018, 5, 2), qualification="BTS assistant de gestion"),
        Person("Éducateur Exemple J", "Éducateur spécialisé", SOCIAL, D("1"), date(2012, 9, 3), diploma=f"{DEES} (2010)"),
        Person("Éducatrice Exemple K", "Éducatrice spécialisée", SOCIAL, D("1"), date(2014, 3, 17), diploma=f"{DEES} (2013)", account=f"educateur.longwy@{DOMAIN}"),
        Person("Éducatrice Exemple L", "Éducatrice spécialisée", SOCIAL, D("1"), date(2017, 11, 6), diploma=f"{DEES} (2016)"),
        Person("Éducateur Exemple M", "Éducateur spécialisé", SOCIAL, D("0.8"), date(2019, 1, 7), diploma=f"{DEES} (2012)"),
        Person("Éducatrice Exemple N", "Éducatrice spécialisée", SOCIAL, D("1"), date(2020, 6, 2), diploma=f"{DEES} (2019)"),
        Person("Éducateur Exemple O", "Éducateur spécialisé", SOCIAL, D("1"), date(2021, 9, 1), date(2024, 3, 31), diploma=f"{DEES} (2021)"),
        Person("Éducatrice Exemple P", "Éducatrice spécialisée", SOCIAL, D("1"), date(2024, 5, 13), diploma=f"{DEES} (2022)"),
        Person("Éducateur Exemple Q", "Éducateur spécialisé", SOCIAL, D("1"), date(2022, 1, 3), diploma=f"{DEES} (2021)"),
        Person("Éducatrice Exemple R", "Éducatrice spécialisée", SOCIAL, D("1"), date(2024, 10, 1), diploma=f"{DEES} (2024)"),
    ),
    # Seed 001, SPS Arras in 2022: 1 direction, 3.83 ETP of social workers, 0.5 administratif.
    # Only so that its demo educator has a staff record for time and field work.
    seed_001.SPS_ARRAS: (
        Person("Cheffe de service Exemple S", "Cheffe de service", DIRECTION, D("1"), date(2015, 9, 1), qualification="CAFERUIS"),
        Person("Éducateur Exemple T", "Éducateur spécialisé", SOCIAL, D("1"), date(2016, 2, 1), diploma=f"{DEES} (2014)", account=f"educateur.arras@{DOMAIN}"),
        Person("Éducatrice Exemple U", "Éducatrice spécialisée", SOCIAL, D("1"), date(2018, 9, 3), diploma=f"{DEES} (2017)"),
        Person("Éducateur Exemple V", "Éducateur spécialisé", SOCIAL, D("1"), date(2021, 1, 4), diploma=f"{DEES} (2020)"),
        Person("Éducatrice Exemple W", "Éducatrice spécialisée", SOCIAL, D("0.83"), date(2022, 5, 2), diploma=f"{DEES} (2021)"),
    ),
}  # fmt: skip

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"% Document de demonstration Reperes : aucune donnee reelle.\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _agent_of(organisation: str) -> User | None:
    """The demo funder agent of ``organisation``, if the demo accounts are loaded."""
    for account in ACCOUNTS:
        if account.organisation == organisation and account.role == "funder_agent":
            return User.objects.filter(email=account.email).first()
    return None


def _service(name: str) -> Service:
    service = Service.objects.filter(name=name).first()
    if service is None:
        raise RuntimeError(
            f"Le service « {name} » n'existe pas : lancez d'abord « manage.py load_demo »."
        )
    return service


def _tables(shift: timeline.Shift) -> None:
    for name, (years, lines, source) in TABLES.items():
        service = _service(name)
        for year in map(shift.year, years):
            for category, fte in lines.items():
                upsert(
                    StaffingLine,
                    {"service": service, "year": year, "category": category},
                    {"planned_fte": fte, "source": source},
                )


def _registers(shift: timeline.Shift) -> None:
    for name, people in REGISTERS.items():
        service = _service(name)
        for person in map(shift.spec, people):
            upsert(StaffMember, {"service": service, "display_name": person.name}, person.values())


def _requests(shift: timeline.Shift) -> None:
    # Only the Pas-de-Calais model convention asks for prior written approval (its art. 8.2):
    # the requests are Arras's. Seed 000 has no such clause, so Longwy has none.
    arras = _service(seed_001.SPS_ARRAS)
    requests = {
        "Emprunt pour l'aménagement du local d'accueil": {
            "kind": ChangeRequestKind.LOAN,
            "description": "Travaux d'accessibilité et cloisonnement d'un bureau d'entretien.",
            "amount": D("42000.00"),
            "requested_on": shift.day(date(2025, 3, 10)),
            "status": ChangeRequestStatus.PENDING,
        },
        "Remplacement du véhicule de service (minibus 9 places)": {
            "kind": ChangeRequestKind.INVESTMENT,
            "description": "Véhicule utilisé pour les sorties et les chantiers éducatifs.",
            "amount": D("28500.00"),
            "requested_on": shift.day(date(2024, 1, 15)),
            "status": ChangeRequestStatus.APPROVED,
            "decided_on": shift.day(date(2024, 2, 20)),
            "decided_by": _agent_of(seed_001.DEPARTEMENT),
            "decision_text": "Accord écrit du Président du Conseil départemental : "
            "l'amortissement sur cinq ans est pris en charge dans la tarification.",
        },
    }
    for title, values in requests.items():
        upsert(ChangeRequest, {"service": arras, "title": title}, values)


DOCUMENTS = (
    (seed_000.SERVICE, DocumentKind.YEAR_END_ACCOUNTS, 2023, date(2024, 4, 26), ""),
    (
        seed_000.SERVICE,
        DocumentKind.CERTIFIED_STATEMENTS,
        2023,
        date(2024, 4, 29),
        "Cabinet Exemple Audit, commissaire aux comptes (fictif)",
    ),
    (seed_000.SERVICE, DocumentKind.BUDGET_FORECAST, 2025, date(2024, 10, 30), ""),
    (seed_004.SERVICE, DocumentKind.STAFF_STATEMENT, 2024, date(2024, 11, 28), ""),
    (seed_001.SPS_ARRAS, DocumentKind.BUDGET_FORECAST, 2025, date(2024, 11, 5), ""),
)


def _documents(shift: timeline.Shift) -> None:
    for name, kind, story_year, story_received_on, certified_by in DOCUMENTS:
        year, received_on = shift.year(story_year), shift.day(story_received_on)
        service = _service(name)
        document = FinancialDocument.objects.filter(service=service, kind=kind, year=year).first()
        if document is None:
            document = FinancialDocument(service=service, kind=kind, year=year)
            document.file.save("demo.pdf", ContentFile(PDF), save=False)
        _upsert_document(document, received_on=received_on, certified_by=certified_by)


def _upsert_document(document: FinancialDocument, **values: Any) -> None:
    changed = [name for name, value in values.items() if getattr(document, name) != value]
    if document.pk is None or changed:
        for name, value in values.items():
            setattr(document, name, value)
        document.full_clean()
        document.save()


@transaction.atomic
def load() -> None:
    if not settings.DEMO_ALLOWED:
        raise RuntimeError("La démonstration est désactivée sur cette installation (REPERES_DEMO).")
    shift = timeline.current()  # the seeds' years and dates, moved to the load's year
    _tables(shift)
    _registers(shift)
    _requests(shift)
    _documents(shift)
