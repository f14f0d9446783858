"""The demo bodies and meetings, as data (loaded by ``reperes.demo.build.governance``).

Bodies: composition and frequency from the articles cited in each ``source``. Meetings:
synthetic, with obviously invented names; every minutes text says it is a demonstration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from reperes.conventions.enums import PartyRole
from reperes.governance.enums import BodyKind, MeetingStatus

PARIS = ZoneInfo("Europe/Paris")

SOURCE_000 = "Seed 000 — convention Meurthe-et-Moselle / Herserange / Portes Z'Ouvertes, article 6"
SOURCE_001 = "Seed 001 — convention type n° 2023-601, article 7"
SOURCE_003 = "Seed 003 — protocole global CAF / Ville de Metz / CCAS, « Modalités du partenariat »"
SOURCE_004 = "Seed 004 — convention Drôme / Montélimar 2023-2025, article 10"

# Who holds a seat: a party found by role (and by organisation kind when a role is shared), or
# an organisation's id.
Who = tuple[str, str | None] | int | None


@dataclass(frozen=True)
class SeatSpec:
    label: str
    who: Who = None
    count: int = 1


@dataclass(frozen=True)
class BodySpec:
    kind: str
    name: str
    organiser: tuple[str, str | None]
    frequency_text: str
    meetings_per_year: int | None
    minimum: bool = False
    regular_interval: bool = False
    organiser_text: str = ""
    chair: str = ""
    seats: tuple[SeatSpec, ...] = ()
    composition_note: str = ""
    functions: str = ""
    source: str = ""
    documents: tuple[tuple[str, int, str], ...] = ()


@dataclass(frozen=True)
class MeetingSpec:
    body: str
    starts_at: datetime
    status: str = MeetingStatus.HELD
    hours: int = 2
    place: str = ""
    agenda: str = ""
    minutes: str = ""
    decisions: tuple[str, ...] = ()
    attendance: tuple[tuple[str, Who, bool, str], ...] = ()
    received: Mapping[str, date] = field(default_factory=dict)
    cancellation_reason: str = ""


def _at(year: int, month: int, day: int, hour: int = 14) -> datetime:
    return datetime(year, month, day, hour, tzinfo=PARIS)


DEMO = "Compte rendu fictif (démonstration). "


def _meeting(
    body: str,
    place: str,
    starts_at: datetime,
    agenda: str,
    minutes: str = "",
    *decisions: str,
    **more: Any,
) -> MeetingSpec:
    """A meeting of ``body``: its minutes, when it has any, say they are a demonstration."""
    return MeetingSpec(
        body,
        starts_at,
        place=place,
        agenda=agenda,
        minutes=DEMO + minutes if minutes else "",
        decisions=decisions,
        **more,
    )


PILOT = (PartyRole.PILOT, None)
OPERATOR = (PartyRole.OPERATOR, None)

# Seed 000 ---------------------------------------------------------------------------------

COMMUNE_000 = (PartyRole.CO_FUNDER, "commune")
COPIL_000 = "Comité de pilotage de prévention spécialisée"
CONSEIL_000 = "Conseil pédagogique de prévention spécialisée"
REPORTING = "Reporting d'activité"
PORTES_000 = "Locaux de l'association Portes Z'Ouvertes"

BODIES_000 = (
    BodySpec(
        BodyKind.COMITE_PILOTAGE,
        COPIL_000,
        OPERATOR,
        "au moins une fois par an",
        1,
        minimum=True,
        organiser_text="« Les invitations et les comptes rendus des comités de pilotage sont "
        "assurés par l'Association Portes Z'Ouvertes »",
        seats=(
            SeatSpec(
                "Le conseiller départemental délégué au territoire ou son représentant", PILOT
            ),
            SeatSpec("Le maire et/ou son représentant", COMMUNE_000),
            SeatSpec(
                "Le président de l'association « Portes Z'Ouvertes » et/ou son représentant",
                OPERATOR,
            ),
            SeatSpec("Le directeur Enfance Famille Santé Publique et/ou son représentant", PILOT),
            SeatSpec("Le directeur de l'association « Portes Z'Ouvertes »", OPERATOR),
            SeatSpec(
                "La directrice des services territoriaux de Longwy et/ou son représentant", PILOT
            ),
            SeatSpec("La responsable territoriale des Solidarités", PILOT),
            SeatSpec(
                "Le responsable territorial et coordonnateur départemental pour la prévention "
                "spécialisée",
                PILOT,
            ),
        ),
        composition_note="Une représentation d'élus, accompagnée des techniciens en charge de "
        "la mise en œuvre et du suivi de la convention.",
        functions="Garantir le respect du cadre départemental ; garantir l'inscription du projet "
        "d'intervention de l'équipe de prévention spécialisée dans la politique enfance/jeunesse "
        "du territoire ; valider les orientations proposées par le comité technique ; se "
        "prononcer sur la pertinence du renouvellement ou de l'adaptation des conventions ; "
        "étudier le bilan des actions de la prévention spécialisée (objectifs et résultats). "
        "Un bilan annuel de l'année écoulée y est présenté (annexe 1).",
        source=SOURCE_000,
    ),
    BodySpec(
        BodyKind.CONSEIL_PEDAGOGIQUE,
        CONSEIL_000,
        OPERATOR,
        "deux fois par an",
        2,
        organiser_text="« Les invitations et les comptes rendus des conseils pédagogiques sont "
        "assurés par l'association Portes Z'Ouvertes »",
        seats=(
            SeatSpec("Un élu ou un représentant de la commune", COMMUNE_000),
            SeatSpec(
                "Le président de l'association « Portes Z'Ouvertes » ou son représentant", OPERATOR
            ),
            SeatSpec(
                "Le directeur général des services de la Ville ou son représentant", COMMUNE_000
            ),
            SeatSpec(
                "Le directeur de l'équipe de prévention spécialisée ou son représentant", OPERATOR
            ),
            SeatSpec("La responsable territoriale des Solidarités", PILOT),
            SeatSpec(
                "Le responsable territorial et coordonnateur départemental pour la prévention "
                "spécialisée",
                PILOT,
            ),
        ),
        composition_note="Les acteurs parties prenantes à la démarche autant que de besoin, "
        "sur invitation.",
        functions="Caractériser les questions de jeunesse sur le territoire et faire émerger les "
        "besoins en matière de prévention spécialisée ; dégager des axes d'intervention et des "
        "priorités d'action ; établir un programme commun d'interventions à proposer au comité "
        "de pilotage ; assurer le suivi et l'évaluation du programme d'actions.",
        source=SOURCE_000,
        documents=(
            (
                REPORTING,
                1,
                "Activité de l'équipe, programme d'action, accompagnements éducatifs "
                "individualisés (annexe 1). « En amont » : au plus tard la veille.",
            ),
        ),
    ),
)

STAFF_000 = (
    ("Morgan Témoin", PILOT, True, ""),
    ("Sam Imaginaire", COMMUNE_000, True, ""),
    ("Dominique Fictif", OPERATOR, True, ""),
    ("Ariel Inventé", OPERATOR, False, "Dominique Fictif"),
    ("Jo Supposé", PILOT, True, ""),
)


def _conseil_000(
    starts_at: datetime,
    reporting_received: date | None,
    agenda: str,
    minutes: str = "",
    *decisions: str,
    **more: Any,
) -> MeetingSpec:
    """A meeting of the conseil pédagogique, and the day its reporting came in (if it did)."""
    received = {REPORTING: reporting_received} if reporting_received else {}
    return _meeting(
        CONSEIL_000, PORTES_000, starts_at, agenda, minutes, *decisions, received=received, **more
    )


MEETINGS_000 = (
    _meeting(
        COPIL_000,
        PORTES_000,
        _at(2024, 6, 13),
        "Bilan annuel 2023 ; orientations 2024.",
        "Présentation du bilan annuel 2023 et des orientations proposées par le conseil "
        "pédagogique.",
        "Le bilan annuel 2023 est validé.",
        "Les orientations 2024 sont adoptées.",
        attendance=STAFF_000,
    ),
    _meeting(
        COPIL_000,
        PORTES_000,
        _at(2025, 6, 12),
        "Bilan annuel 2024 ; préparation du renouvellement de la convention.",
        "Bilan annuel 2024 ; premier échange sur l'évaluation avant l'échéance du 31 décembre "
        "2025.",
        "Le bilan annuel 2024 est validé.",
        attendance=STAFF_000,
    ),
    _conseil_000(
        _at(2024, 3, 14, 10),
        date(2024, 3, 7),
        "Reporting d'activité ; questions de jeunesse sur le territoire.",
        "Examen du reporting d'activité du second semestre 2023.",
        attendance=STAFF_000[1:4],
    ),
    _conseil_000(
        _at(2024, 10, 10, 10),
        date(2024, 10, 3),
        "Reporting d'activité ; programme commun d'interventions 2025.",
        "Programme commun d'interventions 2025 à proposer au comité de pilotage.",
        "Le programme commun d'interventions 2025 est proposé au comité de pilotage.",
    ),
    _conseil_000(
        _at(2025, 3, 13, 10),
        date(2025, 3, 12),
        "Reporting d'activité.",
        "Examen du reporting d'activité du second semestre 2024.",
    ),
    _conseil_000(
        _at(2025, 10, 16, 10),
        None,
        "Reporting d'activité.",
        status=MeetingStatus.CANCELLED,
        cancellation_reason="Reportée faute de quorum, jamais reprogrammée (démonstration).",
    ),
)

# Seed 001 ---------------------------------------------------------------------------------

COMMUNES_001 = (PartyRole.CO_FUNDER, "commune")
BODIES_001 = (
    BodySpec(
        BodyKind.COMITE_PILOTAGE,
        "Comité de pilotage départemental",
        PILOT,
        "a minima une fois par an",
        1,
        minimum=True,
        organiser_text="Le Service départemental de Prévention et de Protection de l'Enfance",
        functions="Pilotage du dispositif de prévention spécialisée pour le Département du "
        "Pas-de-Calais.",
        composition_note="Comité départemental, commun aux huit services de prévention "
        "spécialisée : la convention n'en fixe pas la composition.",
        source=SOURCE_001,
    ),
    BodySpec(
        BodyKind.RENCONTRE_MDS_SPS,
        "Rencontre partenariale MDS / SPS",
        OPERATOR,
        # Art. 7 says « A minima, une rencontre » ; the référentiel adds « par an ».
        "A minima, une rencontre par an",
        1,
        minimum=True,
        organiser_text="À l'initiative du Service de Prévention Spécialisée, avec le site de la "
        "MDS concernée",
        seats=(
            SeatSpec("Le service de prévention spécialisée", OPERATOR),
            SeatSpec(
                "Le Directeur de la Maison Départementale Solidarités ou son représentant", PILOT
            ),
            SeatSpec("La Direction Enfance Famille", PILOT),
        ),
        source=f"{SOURCE_001} ; référentiel, « Renforcement du partenariat avec les Maisons "
        "du Département Solidarité »",
    ),
    BodySpec(
        BodyKind.COMITE_FINANCEURS,
        "Comité des financeurs",
        OPERATOR,
        "une fois par an",
        1,
        organiser_text="À l'initiative du Service de Prévention Spécialisée",
        composition_note="« avec l'ensemble des financeurs » (rapport à la Commission permanente).",
        source=SOURCE_001,
    ),
)

# Seed 003 ---------------------------------------------------------------------------------

VILLE_003 = PILOT
CAF_003 = (PartyRole.PARTNER, "caf")
CCAS_003 = (PartyRole.PARTNER, "ccas")
COPIL_003 = "Comité de pilotage"
COTECH_003 = "Comité technique"
HOTEL_DE_VILLE_003 = "Hôtel de Ville de Metz"
BODIES_003 = (
    BodySpec(
        BodyKind.COMITE_PILOTAGE,
        COPIL_003,
        VILLE_003,
        "au moins une fois par an",
        1,
        minimum=True,
        organiser_text="« il se réunit à l'initiative de la Ville de Metz »",
        chair="Co-présidé par le Maire, le Vice-Président du C.C.A.S. et le Président de la "
        "Caisse d'Allocations Familiales ou leurs représentants respectifs",
        seats=(
            SeatSpec("Le Maire", VILLE_003),
            SeatSpec("L'Adjointe en charge de la Politique de la Ville et du Logement", VILLE_003),
            SeatSpec(
                "L'Adjoint en charge de l'Animation, de la Jeunesse et de la Vie Associative",
                VILLE_003,
            ),
            SeatSpec(
                "L'Adjointe en charge des Affaires Scolaires et de l'Action Educative", VILLE_003
            ),
            SeatSpec("Représentants de la Caisse d'Allocations Familiales", CAF_003, 4),
            SeatSpec("Représentants du Centre Communal d'Action Sociale", CCAS_003, 2),
        ),
        functions="Arrêter les orientations stratégiques et les principes de mise en œuvre et "
        "de suivi du projet de coopération ; arrêter les territoires et les champs de "
        "coopération jugés prioritaires ; valider les bilans et propositions du Comité "
        "Technique ; déterminer annuellement les thèmes de coopération.",
        source=SOURCE_003,
    ),
    BodySpec(
        BodyKind.COMITE_TECHNIQUE,
        COTECH_003,
        VILLE_003,
        "",
        None,
        organiser_text="« animé par un représentant des services de la Ville de Metz dûment "
        "mandaté »",
        composition_note="Les responsables des services concernés ou leurs représentants. "
        "La convention ne fixe pas de rythme de réunion.",
        functions="Formuler des propositions au Comité de Pilotage ; assurer la mise en œuvre "
        "du projet de coopération ; organiser la concertation avec les autres acteurs dans le "
        "cadre des groupes de travail thématiques.",
        source=SOURCE_003,
    ),
)
MEETINGS_003 = (
    _meeting(
        COPIL_003,
        HOTEL_DE_VILLE_003,
        _at(2024, 2, 8, 10),
        "Thèmes de coopération 2024 ; fiches-actions.",
        "Choix des thèmes de coopération de l'année.",
        "Les fiches-actions Parentalité et Petite enfance sont reconduites.",
    ),
    _meeting(
        COTECH_003,
        HOTEL_DE_VILLE_003,
        _at(2024, 1, 18, 10),
        "Préparation du comité de pilotage.",
        "Propositions au comité de pilotage.",
    ),
)

# Seed 004 ---------------------------------------------------------------------------------

COMMUNE_004 = OPERATOR
COMMISSION_004 = "Commission départementale de la prévention spécialisée"
SUIVI_004 = "Comité de suivi local"
VALENCE_004 = "Hôtel du Département, Valence"
MAIRIE_004 = "Mairie de Montélimar"
BODIES_004 = (
    BodySpec(
        BodyKind.COMMISSION_DEPARTEMENTALE,
        COMMISSION_004,
        PILOT,
        "une fois par an",
        1,
        chair="La Présidente du conseil départemental",
        seats=(SeatSpec("La Présidente du conseil départemental", PILOT),),
        composition_note="L'ensemble des représentants élus et techniques des sites mettant en "
        "place de la prévention spécialisée.",
        functions="Garante du dispositif et du bon fonctionnement du partenariat ; valide le "
        "diagnostic local (article 9).",
        source=SOURCE_004,
    ),
    BodySpec(
        BodyKind.COMITE_SUIVI_LOCAL,
        SUIVI_004,
        PILOT,
        "tous les deux mois",
        6,
        regular_interval=True,
        organiser_text="Animé par les responsables territoriaux de la Direction Enfance Famille "
        "du territoire",
        chair="Le Conseiller départemental concerné",
        seats=(
            SeatSpec("Le Maire ou le Président de la communauté de communes", COMMUNE_004),
            SeatSpec("L'élu chargé de la prévention spécialisée", COMMUNE_004),
            SeatSpec("Les éducateurs du service", COMMUNE_004),
            SeatSpec("Les partenaires médico-sociaux intervenant sur le territoire"),
        ),
        functions="Instance technique : établir des bilans intermédiaires et orienter les "
        "différentes actions en fonction des circonstances locales (tensions sectorielles, "
        "événements…) ; le diagnostic local y est confronté (article 9).",
        source=SOURCE_004,
    ),
)
SUIVI_STAFF = (
    ("Alix Démo", PILOT, True, ""),
    ("Lou Factice", COMMUNE_004, True, ""),
    ("Alex Illustratif", COMMUNE_004, True, ""),
)
# « tous les deux mois », de quantième à quantième; 2025 misses its November meeting.
SUIVI_DAYS = (
    (2024, 1, 18),
    (2024, 3, 14),
    (2024, 5, 14),
    (2024, 7, 11),
    (2024, 9, 10),
    (2024, 11, 7),
    (2025, 1, 16),
    (2025, 3, 13),
    (2025, 5, 13),
    (2025, 7, 10),
    (2025, 9, 9),
)
MEETINGS_004 = (
    _meeting(
        COMMISSION_004,
        VALENCE_004,
        _at(2024, 12, 5, 10),
        "Bilan annuel des sites ; validation des diagnostics locaux.",
        "Présentation des bilans des sites.",
        "Le diagnostic local de Montélimar est validé.",
    ),
    _meeting(
        COMMISSION_004,
        VALENCE_004,
        _at(2025, 12, 4, 10),
        "Bilan annuel des sites ; suites de la convention 2023-2025.",
        "Bilan des trois années de la convention.",
    ),
    *(
        _meeting(
            SUIVI_004,
            MAIRIE_004,
            _at(*day),
            "Bilan intermédiaire ; situations du territoire.",
            "Bilan intermédiaire des actions.",
            attendance=SUIVI_STAFF if day[1] == 1 else (),
        )
        for day in SUIVI_DAYS
    ),
)
