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
    fields_of,
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
        fields_of(
            SOCIAL,
            known_since="connue depuis",
            engaged_since="travail engagé depuis",
            engaged_until="travail engagé jusqu'au",
        ),
        other="id version service anonymised_on",
        code=personal(IDENTITY, "code de la famille", PSEUDONYMISED),
    ),
    FOLLOW_UP.model(
        "fieldwork.Youth",
        RECORD_ID,
        fields_of(IDENTITY, ENCRYPTED, ACCESS_LOGGED, last_name="nom", first_name="prénom"),
        fields_of(
            CONTACT,
            ENCRYPTED,
            ACCESS_LOGGED,
            address="adresse postale",
            phone="numéro de téléphone",
        ),
        fields_of(
            PERSONAL_LIFE,
            age_bands="tranche d'âge de chaque année (fiche anonymisée)",
            gender="genre",
            birth_year="année de naissance",
            age_band="tranche d'âge",
            commune="commune de résidence",
            quartier="quartier de résidence",
            family="famille",
        ),
        fields_of(
            SOCIAL,
            situation="situation (scolarité, emploi, formation)",
            qualification="niveau de qualification",
            first_met_on="premier contact",
            identity_consent_on="accord du jeune pour son identité",
        ),
        other="id version service created_at updated_at anonymised_on",
        why=TECHNICAL + " Date de l'anonymisation de la fiche.",
        pseudonym=personal(IDENTITY, "pseudonyme ou code", PSEUDONYMISED),
        identity_consent_by=ACTOR,
        name_index=personal(IDENTITY, "empreinte du nom pour la recherche", BLIND_INDEX),
        phone_index=personal(CONTACT, "empreinte du téléphone pour la recherche", BLIND_INDEX),
    ),
    FOLLOW_UP.model(
        "fieldwork.Accompaniment",
        fields_of(
            IDENTITY,
            public_id="identifiant aléatoire de l'accompagnement",
            youth="jeune accompagné",
        ),
        fields_of(
            SOCIAL,
            started_on="début",
            ended_on="fin",
            entry_mode="mode d'entrée en contact",
            orienting_partner="partenaire qui a orienté",
            intensity="intensité",
            exit_reason="motif de fin",
        ),
        other="id version service import_key created_at updated_at",
        measures=(ACCESS_LOGGED,),
    ),
    FOLLOW_UP.model(
        "fieldwork.Intervention",
        fields_of(
            SOCIAL,
            accompaniment="accompagnement",
            occurred_on="date",
            kind="nature de l'intervention",
            duration_minutes="durée",
            partner="partenaire mobilisé",
        ),
        other="id created_at",
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
        fields_of(
            WORK,
            day="jour",
            category="activité",
            hours="heures",
            street_session="séance d'où vient le temps",
            intervention="intervention d'où vient le temps",
        ),
        other="id",
        staff=personal(IDENTITY, "membre du personnel"),
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
        fields_of(
            CONNECTION,
            at="date de l'accès",
            action="lecture ou modification",
            record="nature de la fiche",
            record_id="identifiant de la fiche",
            fields="champs d'identité lus",
        ),
        processing="acces",
        subject=register.USER,
        other="id service previous_digest digest",
        why=TECHNICAL + " Empreintes de chaînage du journal (intégrité).",
        measures=(SERVICE_ONLY,),
        user=personal(TRACE, "lecteur"),
        youth=personal(IDENTITY, "fiche lue", subject=register.YOUTH),
        youth_public_id=personal(IDENTITY, "identifiant de la fiche lue", subject=register.YOUTH),
    ),
)
