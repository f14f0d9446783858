"""Declarations of the field work's tables (youths, accompaniments, street and collective work,
time, partners' observations, imports) and of the offline sync (see ``declarations``)."""

from __future__ import annotations

from . import register
from .declarations_platform import ACTOR, WHEN
from .register import (
    ACCESS_LOGGED,
    BLIND_INDEX,
    CONNECTION,
    CONTACT,
    ENCRYPTED,
    FREE_TEXT,
    IDENTITY,
    NEVER_TO_FUNDERS,
    PERSONAL_LIFE,
    PSEUDONYMISED,
    SERVICE_ONLY,
    SOCIAL,
    STRUCTURE,
    TECHNICAL,
    TRACE,
    WORK,
    ModelDeclaration,
    model,
    not_personal,
    personal,
)

COUNTS = "Chiffres agrégés : aucune personne n'y est identifiable."
FREE = personal(FREE_TEXT, "texte libre")

# The follow-up of the youths and their families: read by the service's staff only, never sent to a funder.
FOLLOW_UP = register.Records("suivi", register.YOUTH, (SERVICE_ONLY, NEVER_TO_FUNDERS))
FAMILIES = register.Records("suivi", register.FAMILY, FOLLOW_UP.measures)
PERSONNEL = register.Records("personnel", register.STAFF)

# The random identifier of a youth's or a family's record.
RECORD_ID = {"public_id": personal(IDENTITY, "identifiant aléatoire de la fiche")}

FIELDWORK: tuple[ModelDeclaration, ...] = (
    # ------------------------------------------------------------------ offline sync
    model(
        "core.SyncReceipt",
        other="id client_id kind object_id",
        why="Identifiant tiré au hasard par le téléphone, nature et numéro de l'objet créé "
        "(aucun contenu de la saisie).",
        user=ACTOR,
        created=WHEN,
    ),
    # ------------------------------------------------------------------ field work
    model(
        "fieldwork.StreetSession",
        other="id version service kind date duration_minutes commune quartier place created_at",
        why="Séance de travail de rue : lieu, durée, sans personne rencontrée.",
        recorded_by=ACTOR,
    ),
    model("fieldwork.ContactCount", other="id gender age_band quartier count session", why=COUNTS),
    model("fieldwork.ChoiceItem", other="id kind convention label order active", why=STRUCTURE),
    FAMILIES.model(
        "fieldwork.Family",
        RECORD_ID,
        other="id version service anonymised_on",
        code=personal(IDENTITY, "code de la famille", PSEUDONYMISED),
        known_since=personal(SOCIAL, "connue depuis"),
        engaged_since=personal(SOCIAL, "travail engagé depuis"),
        engaged_until=personal(SOCIAL, "travail engagé jusqu'au"),
    ),
    FOLLOW_UP.model(
        "fieldwork.Youth",
        RECORD_ID,
        other="id version service created_at updated_at anonymised_on",
        why=TECHNICAL + " Date de l'anonymisation de la fiche.",
        age_bands=personal(PERSONAL_LIFE, "tranche d'âge de chaque année (fiche anonymisée)"),
        pseudonym=personal(IDENTITY, "pseudonyme ou code", PSEUDONYMISED),
        gender=personal(PERSONAL_LIFE, "genre"),
        birth_year=personal(PERSONAL_LIFE, "année de naissance"),
        age_band=personal(PERSONAL_LIFE, "tranche d'âge"),
        commune=personal(PERSONAL_LIFE, "commune de résidence"),
        quartier=personal(PERSONAL_LIFE, "quartier de résidence"),
        situation=personal(SOCIAL, "situation (scolarité, emploi, formation)"),
        qualification=personal(SOCIAL, "niveau de qualification"),
        family=personal(PERSONAL_LIFE, "famille"),
        first_met_on=personal(SOCIAL, "premier contact"),
        identity_consent_on=personal(SOCIAL, "accord du jeune pour son identité"),
        identity_consent_by=ACTOR,
        last_name=personal(IDENTITY, "nom", ENCRYPTED, ACCESS_LOGGED),
        first_name=personal(IDENTITY, "prénom", ENCRYPTED, ACCESS_LOGGED),
        address=personal(CONTACT, "adresse postale", ENCRYPTED, ACCESS_LOGGED),
        phone=personal(CONTACT, "numéro de téléphone", ENCRYPTED, ACCESS_LOGGED),
        name_index=personal(IDENTITY, "empreinte du nom pour la recherche", BLIND_INDEX),
        phone_index=personal(CONTACT, "empreinte du téléphone pour la recherche", BLIND_INDEX),
    ),
    FOLLOW_UP.model(
        "fieldwork.Accompaniment",
        other="id version service import_key created_at updated_at",
        measures=(ACCESS_LOGGED,),
        public_id=personal(IDENTITY, "identifiant aléatoire de l'accompagnement"),
        youth=personal(IDENTITY, "jeune accompagné"),
        started_on=personal(SOCIAL, "début"),
        ended_on=personal(SOCIAL, "fin"),
        entry_mode=personal(SOCIAL, "mode d'entrée en contact"),
        orienting_partner=personal(SOCIAL, "partenaire qui a orienté"),
        intensity=personal(SOCIAL, "intensité"),
        exit_reason=personal(SOCIAL, "motif de fin"),
    ),
    FOLLOW_UP.model(
        "fieldwork.Intervention",
        other="id created_at",
        accompaniment=personal(SOCIAL, "accompagnement"),
        occurred_on=personal(SOCIAL, "date"),
        kind=personal(SOCIAL, "nature de l'intervention"),
        duration_minutes=personal(SOCIAL, "durée"),
        partner=personal(SOCIAL, "partenaire mobilisé"),
        staff=personal(WORK, "professionnel intervenu", subject=register.STAFF),
    ),
    *not_personal(
        COUNTS,
        {
            "fieldwork.CollectiveAction": "id version public_id service title category "
            "started_on ended_on families_count funding amount created_at",
            "fieldwork.ParticipantCount": "id gender age_band quartier count action",
        },
    ),
    PERSONNEL.model(
        "fieldwork.TimeEntry",
        other="id",
        staff=personal(IDENTITY, "membre du personnel"),
        day=personal(WORK, "jour"),
        category=personal(WORK, "activité"),
        hours=personal(WORK, "heures"),
        street_session=personal(WORK, "séance d'où vient le temps"),
        intervention=personal(WORK, "intervention d'où vient le temps"),
    ),
    model(
        "fieldwork.Partner",
        other="id version service name kind organisation commune",
        why="Partenaires du service (structures).",
        contact=personal(
            CONTACT, "contact professionnel", subject=register.PARTNER_CONTACT, processing="suivi"
        ),
    ),
    model(
        "fieldwork.PartnershipAction",
        other="id version service date title hours",
        why="Action partenariale : date, objet, durée.",
    ),
    model(
        "fieldwork.Observation",
        other="id version service observed_on topic commune quartier shareable",
        why="Thème, lieu et date d'une observation du territoire.",
        text=personal(FREE_TEXT, "observation", SERVICE_ONLY, processing="rapports"),
        recorded_by=ACTOR,
    ),
    model(
        "fieldwork.AccessLogEntry",
        processing="acces",
        subject=register.USER,
        other="id service previous_digest digest",
        why=TECHNICAL + " Empreintes de chaînage du journal (intégrité).",
        measures=(SERVICE_ONLY,),
        at=personal(CONNECTION, "date de l'accès"),
        user=personal(TRACE, "lecteur"),
        youth=personal(IDENTITY, "fiche lue", subject=register.YOUTH),
        youth_public_id=personal(IDENTITY, "identifiant de la fiche lue", subject=register.YOUTH),
        action=personal(CONNECTION, "lecture ou modification"),
        record=personal(CONNECTION, "nature de la fiche"),
        record_id=personal(CONNECTION, "identifiant de la fiche"),
        fields=personal(CONNECTION, "champs d'identité lus"),
    ),
)
