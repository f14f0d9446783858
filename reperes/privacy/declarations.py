"""What every field of every model holds, declared once (the register: ``register.py``).

A model is declared with ``model(label, processing=…, subject=…, other="…", why="…",
field=personal(category, what, *measures), …)``: its personal fields by name, and every other
field by name in ``other`` with the reason they are not personal. A field declared nowhere
fails ``tests/privacy/test_register.py``.
"""

from __future__ import annotations

from .register import (
    ACCESS_LOGGED,
    AUDITOR,
    AUTHENTICATION,
    BLIND_INDEX,
    CONNECTION,
    CONTACT,
    ENCRYPTED,
    FAMILY,
    FREE_TEXT,
    HASHED,
    IDENTITY,
    MENTIONED,
    NEVER_TO_FUNDERS,
    PARTICIPANT,
    PARTNER_CONTACT,
    PERSONAL_LIFE,
    PSEUDONYMISED,
    SERVICE_ONLY,
    SIGNATORY,
    SOCIAL,
    STAFF,
    TRACE,
    USER,
    WORK,
    YOUTH,
    ModelDeclaration,
    Processing,
    model,
    personal,
)

PROCESSINGS = (
    Processing(
        "suivi",
        "Suivi éducatif des jeunes et des familles",
        "Prévention spécialisée : rencontrer, accompagner et orienter les jeunes et les familles "
        "d'un territoire ; produire les bilans d'activité demandés par les conventions.",
        "Mission d'intérêt public (RGPD art. 6.1 e) : protection de l'enfance, code de l'action "
        "sociale et des familles art. L. 121-2 et L. 221-1 ; identité recueillie avec l'accord "
        "du jeune.",
        "Éducateurs et direction du service qui accompagne le jeune. Les financeurs ne reçoivent "
        "que des chiffres agrégés, sous secret statistique, jamais une fiche.",
        "Fiche active pendant la durée fixée par la clause « Protection des données » de la "
        "convention après le dernier contact ; à défaut, 2 ans (référentiel CNIL « protection "
        "de l'enfance ») ; puis anonymisation : identité détruite, statistiques conservées.",
        retention_params=("retention_value", "retention_unit"),
    ),
    Processing(
        "acces",
        "Journal des accès aux fiches des jeunes",
        "Savoir qui a lu ou modifié quelle fiche, et quand : contrôle interne, réponse à une "
        "demande d'accès, mesure d'une violation de données.",
        "Obligation de sécurité (RGPD art. 5.1 f et 32).",
        "Direction du service et délégué à la protection des données ; personne d'autre.",
        "Durée fixée par la clause « Protection des données » de la convention ; à défaut, "
        "12 mois (recommandation CNIL : 6 à 12 mois).",
    ),
    Processing(
        "comptes",
        "Comptes, authentification et sécurité des connexions",
        "Donner à chacun l'accès qui correspond à son rôle ; bloquer les essais de mots de "
        "passe ; second facteur pour les comptes qui voient des identités.",
        "Obligation de sécurité (RGPD art. 32) ; intérêt légitime de l'hébergeur.",
        "Administration de la plateforme ; direction du service pour les codes d'activation de "
        "son personnel.",
        "Durée de l'habilitation ; session fermée après inactivité ; tentatives de connexion "
        "selon le réglage du verrouillage (django-axes).",
    ),
    Processing(
        "audit",
        "Traçabilité des actions des utilisateurs",
        "Savoir qui a saisi, modifié, validé ou publié quoi : preuve des engagements, contrôle "
        "interne, historique des versions.",
        "Obligation de sécurité (RGPD art. 32) ; intérêt légitime des parties.",
        "Utilisateurs qui voient l'objet concerné ; délégué à la protection des données.",
        "Durée de conservation de l'objet tracé ; purge par le seul travail de conservation.",
    ),
    Processing(
        "personnel",
        "Tableau des effectifs et temps de travail",
        "Suivre le personnel affecté au service (qualification, diplôme requis, ETP, arrivées "
        "et départs) comme les conventions le demandent ; temps passé par activité.",
        "Exécution des conventions (RGPD art. 6.1 b et c) ; intérêt légitime de l'employeur.",
        "Direction du service ; agents des financeurs parties à une convention qui lie le "
        "service (tableau des effectifs, sans le temps saisi).",
        "Durée de la convention qui le demande, puis archives de l'employeur.",
    ),
    Processing(
        "conventions",
        "Conventions, signataires et représentants",
        "Tenir les conventions signées, qui les a signées et avec quelle habilitation.",
        "Exécution des conventions (RGPD art. 6.1 b) ; mission d'intérêt public.",
        "Membres des organisations parties à la convention.",
        "Durée de la convention, puis délai d'utilité administrative de chaque partie.",
    ),
    Processing(
        "instances",
        "Instances de pilotage et réunions",
        "Convoquer les instances prévues par les conventions, tenir les présences et les "
        "comptes rendus.",
        "Exécution des conventions (RGPD art. 6.1 b).",
        "Membres des organisations parties à la convention de l'instance.",
        "Durée de la convention, puis délai d'utilité administrative de chaque partie.",
    ),
    Processing(
        "rapports",
        "Observation du territoire et rapports d'activité",
        "Rédiger les parties libres des rapports et les observations du territoire ; remonter "
        "des chiffres agrégés aux financeurs.",
        "Exécution des conventions (RGPD art. 6.1 b et e).",
        "Service ; financeurs pour les rapports publiés (chiffres sous secret statistique) ; "
        "instances de la prévention de la délinquance pour les seules observations générales.",
        "Durée de la convention ; les publications restent inchangées (chiffres agrégés).",
    ),
    Processing(
        "protection",
        "Violations de données et exercice des droits",
        "Déclarer et notifier les violations de données, répondre aux demandes d'exercice des "
        "droits.",
        "Obligation légale (RGPD art. 12 à 22, 33 et 34).",
        "Direction du service, délégué à la protection des données, CNIL et financeur notifiés.",
        "Conservées sans limite : chaque incident est gardé, notifié ou non (RGPD art. 33.5).",
    ),
)

ACTOR = personal(TRACE, "auteur de l'action", subject=USER, processing="audit")
WHEN = personal(TRACE, "date de l'action", subject=USER, processing="audit")

TECHNICAL = "Identifiant technique, rattachement ou horodatage de l'enregistrement."
STRUCTURE = "Données des organisations, des conventions et du territoire, sans personne."
COUNTS = "Chiffres agrégés : aucune personne n'y est identifiable."
FREE = personal(FREE_TEXT, "texte libre")

DECLARATIONS: tuple[ModelDeclaration, ...] = (
    # ------------------------------------------------------------------ Django and libraries
    model(
        "admin.LogEntry",
        processing="audit",
        subject=USER,
        other="id content_type object_id action_flag",
        why=TECHNICAL,
        user=ACTOR,
        action_time=WHEN,
        object_repr=personal(IDENTITY, "libellé de l'objet modifié", subject=MENTIONED),
        change_message=personal(FREE_TEXT, "détail de la modification", subject=MENTIONED),
    ),
    model("auth.Permission", other="id name content_type codename", why=STRUCTURE),
    model("auth.Group", other="id name", why=STRUCTURE),
    model("contenttypes.ContentType", other="id app_label model", why=STRUCTURE),
    model(
        "sessions.Session",
        processing="comptes",
        subject=USER,
        session_key=personal(AUTHENTICATION, "clé de session", HASHED),
        session_data=personal(CONNECTION, "compte connecté et vérification du second facteur"),
        expire_date=personal(CONNECTION, "fin de la session"),
    ),
    model(
        "authtoken.Token",
        processing="comptes",
        subject=USER,
        key=personal(AUTHENTICATION, "jeton d'API (bibliothèque, non émis par Repères)"),
        user=personal(IDENTITY, "titulaire"),
        created=personal(CONNECTION, "création"),
    ),
    *(
        model(
            label,
            processing="comptes",
            subject=USER,
            other="id",
            why=TECHNICAL,
            **{
                name: personal(CONNECTION, what)
                for name, what in (
                    ("user_agent", "navigateur"),
                    ("ip_address", "adresse IP"),
                    ("username", "identifiant saisi"),
                    ("http_accept", "en-têtes du navigateur"),
                    ("path_info", "page demandée"),
                    ("attempt_time", "date de la tentative"),
                    *extra,
                )
            },
        )
        for label, extra in (
            ("axes.AccessFailureLog", (("locked_out", "verrouillage"),)),
            (
                "axes.AccessAttempt",
                (
                    ("get_data", "paramètres de la requête"),
                    ("post_data", "données envoyées (sans le mot de passe)"),
                    ("failures_since_start", "nombre d'échecs"),
                ),
            ),
            (
                "axes.AccessLog",
                (("logout_time", "déconnexion"), ("session_hash", "empreinte de la session")),
            ),
        )
    ),
    model(
        "axes.AccessAttemptExpiration",
        processing="comptes",
        subject=USER,
        access_attempt=personal(CONNECTION, "tentative de connexion"),
        expires_at=personal(CONNECTION, "fin du verrouillage"),
    ),
    model(
        "otp_totp.TOTPDevice",
        processing="comptes",
        subject=USER,
        other="id step t0 digits tolerance",
        why="Paramètres de l'algorithme TOTP, les mêmes pour tous.",
        user=personal(IDENTITY, "titulaire"),
        name=personal(AUTHENTICATION, "nom de l'application"),
        confirmed=personal(AUTHENTICATION, "application confirmée"),
        key=personal(AUTHENTICATION, "secret partagé du second facteur"),
        throttling_failure_timestamp=personal(CONNECTION, "dernier échec"),
        throttling_failure_count=personal(CONNECTION, "échecs"),
        created_at=personal(CONNECTION, "création"),
        last_used_at=personal(CONNECTION, "dernière utilisation"),
        drift=personal(CONNECTION, "décalage de l'horloge du téléphone"),
        last_t=personal(CONNECTION, "dernier code accepté"),
    ),
    # ------------------------------------------------------------------ core, accounts
    model(
        "core.DataWarning",
        other="id content_type object_id field message values source",
        why="Avertissements sur la saisie des conventions (dates, montants contradictoires).",
    ),
    model(
        "core.AuditEntry",
        processing="audit",
        subject=USER,
        other="id action content_type object_id previous_digest digest",
        why=TECHNICAL + " Empreintes de chaînage du journal (intégrité).",
        at=WHEN,
        actor=ACTOR,
        summary=personal(FREE_TEXT, "résumé de l'action", subject=MENTIONED),
        data=personal(FREE_TEXT, "valeurs avant et après", subject=MENTIONED),
    ),
    model(
        "accounts.User",
        processing="comptes",
        subject=USER,
        other="id is_demo",
        why="Identifiant technique ; marque des comptes fictifs de la démonstration.",
        password=personal(AUTHENTICATION, "mot de passe", HASHED),
        last_login=personal(CONNECTION, "dernière connexion"),
        is_superuser=personal(WORK, "habilitation"),
        email=personal(CONTACT, "adresse électronique professionnelle"),
        full_name=personal(IDENTITY, "nom complet"),
        organisation=personal(WORK, "employeur"),
        role=personal(WORK, "rôle"),
        service=personal(WORK, "service d'affectation"),
        is_active=personal(WORK, "habilitation active"),
        is_staff=personal(WORK, "accès à l'administration"),
        date_joined=personal(CONNECTION, "création du compte"),
    ),
    model(
        "accounts.ApiToken",
        processing="comptes",
        subject=USER,
        other="id",
        why=TECHNICAL,
        user=personal(IDENTITY, "titulaire"),
        name=personal(AUTHENTICATION, "nom du jeton"),
        prefix=personal(AUTHENTICATION, "début du jeton"),
        key_hash=personal(AUTHENTICATION, "jeton", HASHED),
        created_at=personal(CONNECTION, "création"),
        expires_at=personal(CONNECTION, "expiration"),
        last_used_at=personal(CONNECTION, "dernière utilisation"),
        revoked_at=personal(CONNECTION, "révocation"),
        revoked_reason=personal(CONNECTION, "motif de la révocation"),
    ),
    model(
        "accounts.SecondFactorActivation",
        processing="comptes",
        subject=USER,
        other="id",
        why=TECHNICAL,
        user=personal(IDENTITY, "compte à activer"),
        issued_by=ACTOR,
        code_hash=personal(AUTHENTICATION, "code d'activation", HASHED),
        created_at=personal(CONNECTION, "émission"),
        expires_at=personal(CONNECTION, "expiration"),
        used_at=personal(CONNECTION, "utilisation"),
        cancelled_at=personal(CONNECTION, "annulation"),
        failed_attempts=personal(CONNECTION, "essais manqués"),
    ),
    # ------------------------------------------------------------------ partners
    model("partners.Commune", other="id insee_code name departement_code", why=STRUCTURE),
    model("partners.Quartier", other="id commune name kind code", why=STRUCTURE),
    model("partners.Iris", other="id commune code name", why=STRUCTURE),
    model("partners.Place", other="id commune quartier name kind", why=STRUCTURE),
    model(
        "partners.Organisation",
        other="id name short_name kind address commune departement_code",
        why="Personnes morales (adresse du siège, pas d'une personne).",
    ),
    model(
        "partners.Representative",
        processing="conventions",
        subject=SIGNATORY,
        other="id",
        why=TECHNICAL,
        organisation=personal(WORK, "organisation représentée"),
        full_name=personal(IDENTITY, "nom"),
        title=personal(WORK, "qualité"),
        since=personal(WORK, "début du mandat"),
        until=personal(WORK, "fin du mandat"),
    ),
    model(
        "partners.Deliberation",
        other="id organisation assembly reference decided_on decided_on_text title",
        why=STRUCTURE,
    ),
    model("partners.Service", other="id name label operator departement", why=STRUCTURE),
    model(
        "partners.Authorisation",
        other="id service granted_on granted_on_text validity_years reference",
        why=STRUCTURE,
    ),
    model("partners.Sector", other="id service commune description", why=STRUCTURE),
    # ------------------------------------------------------------------ conventions
    model(
        "conventions.ConventionTemplate",
        other=(
            "id period_kind starts_on starts_on_text starts_at_signature ends_on term_value "
            "term_unit max_renewals withdrawal_notice_value withdrawal_notice_unit "
            "formal_notice_value formal_notice_unit termination_delay_value "
            "termination_delay_unit delays_extendable title kind object owner approved_by "
            "funding_note"
        ),
        why=STRUCTURE,
    ),
    model(
        "conventions.Convention",
        other=(
            "id period_kind starts_on starts_on_text starts_at_signature ends_on term_value "
            "term_unit max_renewals withdrawal_notice_value withdrawal_notice_unit "
            "formal_notice_value formal_notice_unit termination_delay_value "
            "termination_delay_unit delays_extendable title reference short_title kind object "
            "template service is_signed signed_on signed_on_text signed_at copies follows "
            "follows_note jurisdiction secrecy_threshold secrecy_zone_floor signed_document "
            "operator_decision operator_decided_on operator_decision_org operator_evidence "
            "operator_note source created_at updated_at"
        ),
        why=STRUCTURE,
        operator_decided_by=ACTOR,
    ),
    model(
        "conventions.Party",
        other="id convention organisation role designation order",
        why=STRUCTURE,
    ),
    model(
        "conventions.Signatory",
        processing="conventions",
        subject=SIGNATORY,
        other="id party deliberation",
        why="Rattachement à la partie et à la délibération qui habilite.",
        full_name=personal(IDENTITY, "nom"),
        title=personal(WORK, "qualité"),
        authority_text=personal(WORK, "habilitation"),
        signed_on=personal(WORK, "date de sa signature"),
    ),
    model("conventions.LegalBasis", other="id convention template order text", why=STRUCTURE),
    model(
        "conventions.Article",
        other="id convention template order number heading body",
        why=STRUCTURE,
    ),
    model(
        "conventions.Clause",
        other="id convention template key kind article params valid_from valid_until "
        "amendment order withdrawn",
        why=STRUCTURE,
    ),
    model("conventions.Commitment", other="id party order text", why=STRUCTURE),
    model(
        "conventions.Annex",
        other="id convention number title description document",
        why=STRUCTURE,
    ),
    model(
        "conventions.Amendment",
        other="id convention number title signed_on effective_on summary changes status "
        "decided_on evidence created_at",
        why=STRUCTURE,
        decided_by=ACTOR,
        created_by=ACTOR,
    ),
    model(
        "conventions.ConventionEvent",
        other="id public_id convention kind party received_on effective_on note created_at",
        why=STRUCTURE,
        created_by=ACTOR,
    ),
    # ------------------------------------------------------------------ money
    model(
        "money.Funding",
        other="id convention year total label source note evolved_from evolution_rate",
        why=STRUCTURE,
    ),
    model(
        "money.FundingShare",
        other="id funding party parent label stated_percent stated_amount "
        "children_percent_of order",
        why=STRUCTURE,
    ),
    model("money.FundingCostLine", other="id funding label amount order", why=STRUCTURE),
    model(
        "money.EvolutionRate",
        other="id convention organisation year rate_percent deliberation note",
        why=STRUCTURE,
    ),
    model(
        "money.InKindContribution",
        other="id convention party description valued_amount year source",
        why=STRUCTURE,
    ),
    model(
        "money.OtherFunding",
        other="id convention funder_name funder operation amount status year source order",
        why=STRUCTURE,
    ),
    model(
        "money.PaymentSchedule",
        other="id convention kind label payer payee article due_day period_months "
        "advance_percent min_fte_for_advance planned_fte prorata_reading advance_check source",
        why=STRUCTURE,
    ),
    model(
        "money.Instalment",
        other="id schedule year slot label due_on amount condition refused_reason paid_on "
        "paid_amount reference",
        why=STRUCTURE,
    ),
    model(
        "money.Restitution",
        other="id convention schedule year amount reason requested_on received_on",
        why=STRUCTURE,
    ),
    model(
        "money.CallForFunds",
        other="id convention schedule year number issued_on amount addressee",
        why=STRUCTURE,
    ),
    # ------------------------------------------------------------------ people
    model(
        "people.StaffingLine",
        other="id service year category planned_fte source updated_at",
        why="Postes prévus par catégorie, sans nom.",
    ),
    model(
        "people.StaffMember",
        processing="personnel",
        subject=STAFF,
        other="id version public_id service created_at updated_at",
        why=TECHNICAL,
        display_name=personal(IDENTITY, "nom"),
        job_title=personal(WORK, "fonction"),
        category=personal(WORK, "catégorie"),
        qualification=personal(WORK, "qualification"),
        has_required_diploma=personal(WORK, "diplôme requis"),
        diploma=personal(WORK, "diplôme"),
        fte=personal(WORK, "temps de travail (ETP)"),
        arrival=personal(WORK, "arrivée"),
        departure=personal(WORK, "départ"),
        counts_for_presence=personal(WORK, "compte dans la présence éducative"),
        account=personal(IDENTITY, "compte Repères"),
    ),
    model(
        "people.ChangeRequest",
        processing="personnel",
        subject=MENTIONED,
        other="id service kind title amount category year planned_fte requested_on status "
        "decided_on written_decision created_at",
        why="Demande d'accord préalable d'un service (montant, poste, décision).",
        description=FREE,
        decision_text=FREE,
        requested_by=ACTOR,
        decided_by=ACTOR,
    ),
    model(
        "people.FinancialDocument",
        other="id service kind year received_on file uploaded_at",
        why="Documents budgétaires et comptables d'une personne morale.",
        certified_by=personal(
            IDENTITY, "commissaire aux comptes", subject=AUDITOR, processing="conventions"
        ),
        uploaded_by=ACTOR,
    ),
    # ------------------------------------------------------------------ governance
    model(
        "governance.Body",
        other="id version convention kind name organiser organiser_text meetings_per_year "
        "frequency_text minimum regular_interval composition_note functions source "
        "created_at updated_at",
        why=STRUCTURE,
        chair=personal(IDENTITY, "présidence", subject=SIGNATORY, processing="instances"),
    ),
    model("governance.Seat", other="id body organisation label count order", why=STRUCTURE),
    model(
        "governance.DocumentRequirement",
        other="id body title due_days_before note",
        why=STRUCTURE,
    ),
    model(
        "governance.Meeting",
        processing="instances",
        subject=PARTICIPANT,
        other="id public_id body starts_at ends_at place agenda status cancellation_reason "
        "sequence created_at updated_at",
        why="Date, lieu et ordre du jour d'une réunion d'instance.",
        minutes=personal(FREE_TEXT, "compte rendu (présents, interventions)"),
        minutes_file=personal(FREE_TEXT, "compte rendu signé (PDF)"),
    ),
    model("governance.Decision", other="id meeting order text", why=STRUCTURE),
    model(
        "governance.Invitation",
        processing="instances",
        subject=PARTICIPANT,
        other="id meeting created_at",
        why=TECHNICAL,
        name=personal(IDENTITY, "nom"),
        email=personal(CONTACT, "adresse électronique"),
        organisation=personal(WORK, "organisation"),
        sent_at=personal(CONNECTION, "envoi de l'invitation"),
    ),
    model(
        "governance.Attendance",
        processing="instances",
        subject=PARTICIPANT,
        other="id meeting",
        why=TECHNICAL,
        name=personal(IDENTITY, "nom"),
        organisation=personal(WORK, "organisation"),
        present=personal(WORK, "présence"),
        represented_by=personal(IDENTITY, "représenté par"),
    ),
    model(
        "governance.MeetingDocument",
        other="id meeting title due_days_before received_on file",
        why=STRUCTURE,
    ),
    # ------------------------------------------------------------------ deadlines
    model(
        "deadlines.Obligation",
        other="id public_id convention key kind title year due_on owner source reminder_days "
        "done_on evidence reminded_on",
        why=STRUCTURE,
        done_by=ACTOR,
    ),
    model(
        "deadlines.CalendarFeed",
        processing="comptes",
        subject=USER,
        other="id",
        why=TECHNICAL,
        user=personal(IDENTITY, "titulaire"),
        token=personal(AUTHENTICATION, "adresse secrète de l'abonnement"),
        created_at=personal(CONNECTION, "création"),
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
    model(
        "fieldwork.Family",
        processing="suivi",
        subject=FAMILY,
        other="id version service",
        why=TECHNICAL,
        measures=(SERVICE_ONLY, NEVER_TO_FUNDERS),
        public_id=personal(IDENTITY, "identifiant aléatoire de la fiche"),
        code=personal(IDENTITY, "code de la famille", PSEUDONYMISED),
        known_since=personal(SOCIAL, "connue depuis"),
        engaged_since=personal(SOCIAL, "travail engagé depuis"),
        engaged_until=personal(SOCIAL, "travail engagé jusqu'au"),
    ),
    model(
        "fieldwork.Youth",
        processing="suivi",
        subject=YOUTH,
        other="id version service created_at updated_at",
        why=TECHNICAL,
        measures=(SERVICE_ONLY, NEVER_TO_FUNDERS),
        public_id=personal(IDENTITY, "identifiant aléatoire de la fiche"),
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
    model(
        "fieldwork.Accompaniment",
        processing="suivi",
        subject=YOUTH,
        other="id version service import_key created_at updated_at",
        why=TECHNICAL,
        measures=(SERVICE_ONLY, NEVER_TO_FUNDERS, ACCESS_LOGGED),
        public_id=personal(IDENTITY, "identifiant aléatoire de l'accompagnement"),
        youth=personal(IDENTITY, "jeune accompagné"),
        started_on=personal(SOCIAL, "début"),
        ended_on=personal(SOCIAL, "fin"),
        entry_mode=personal(SOCIAL, "mode d'entrée en contact"),
        orienting_partner=personal(SOCIAL, "partenaire qui a orienté"),
        intensity=personal(SOCIAL, "intensité"),
        exit_reason=personal(SOCIAL, "motif de fin"),
    ),
    model(
        "fieldwork.Intervention",
        processing="suivi",
        subject=YOUTH,
        other="id created_at",
        why=TECHNICAL,
        measures=(SERVICE_ONLY, NEVER_TO_FUNDERS),
        accompaniment=personal(SOCIAL, "accompagnement"),
        occurred_on=personal(SOCIAL, "date"),
        kind=personal(SOCIAL, "nature de l'intervention"),
        duration_minutes=personal(SOCIAL, "durée"),
        partner=personal(SOCIAL, "partenaire mobilisé"),
        staff=personal(WORK, "professionnel intervenu", subject=STAFF),
    ),
    model(
        "fieldwork.CollectiveAction",
        other="id version public_id service title category started_on ended_on "
        "families_count funding amount created_at",
        why=COUNTS,
    ),
    model(
        "fieldwork.ParticipantCount",
        other="id gender age_band quartier count action",
        why=COUNTS,
    ),
    model(
        "fieldwork.TimeEntry",
        processing="personnel",
        subject=STAFF,
        other="id",
        why=TECHNICAL,
        staff=personal(IDENTITY, "membre du personnel"),
        day=personal(WORK, "jour"),
        category=personal(WORK, "activité"),
        hours=personal(WORK, "heures"),
    ),
    model(
        "fieldwork.Partner",
        other="id version service name kind organisation commune",
        why="Partenaires du service (structures).",
        contact=personal(
            CONTACT, "contact professionnel", subject=PARTNER_CONTACT, processing="suivi"
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
        subject=USER,
        other="id service previous_digest digest",
        why=TECHNICAL + " Empreintes de chaînage du journal (intégrité).",
        measures=(SERVICE_ONLY,),
        at=personal(CONNECTION, "date de l'accès"),
        user=personal(TRACE, "lecteur"),
        youth=personal(IDENTITY, "fiche lue", subject=YOUTH),
        youth_public_id=personal(IDENTITY, "identifiant de la fiche lue", subject=YOUTH),
        action=personal(CONNECTION, "lecture ou modification"),
        record=personal(CONNECTION, "nature de la fiche"),
        record_id=personal(CONNECTION, "identifiant de la fiche"),
        fields=personal(CONNECTION, "champs d'identité lus"),
    ),
    # ------------------------------------------------------------------ reporting
    model(
        "reporting.Submission",
        other="id public_id service convention year status sent_at decided_at "
        "funder_comment explanations created_at updated_at",
        why="Remontée de chiffres agrégés et échanges sur ces chiffres.",
        sent_by=ACTOR,
        decided_by=ACTOR,
    ),
    model("reporting.SubmissionValue", other="id submission code value note", why=COUNTS),
    model(
        "reporting.SubmissionEvent",
        other="id submission kind at comment",
        why="Étapes d'une remontée de chiffres agrégés.",
        by=ACTOR,
    ),
    model(
        "reporting.ReportNarrative",
        other="id service model_key period_key part updated_at",
        why=TECHNICAL,
        text=personal(FREE_TEXT, "partie rédigée du rapport", processing="rapports"),
        updated_by=ACTOR,
    ),
    model(
        "reporting.Publication",
        other="id service convention model_key period_start period_end period_key "
        "period_kind version threshold content exact reason created_at",
        why=COUNTS,
        created_by=ACTOR,
    ),
    # ------------------------------------------------------------------ privacy desk
    model(
        "privacy.Breach",
        processing="protection",
        subject=MENTIONED,
        other="id service controller declared_at discovered_at data_categories "
        "people_categories window_start window_end people_count readers_count consequences "
        "measures status cnil_reminded_at funder_reminded_at created_at",
        why="Faits et chiffres de l'incident : catégories et nombres, pas de nom.",
        facts=personal(FREE_TEXT, "faits"),
        created_by=ACTOR,
    ),
    model(
        "privacy.BreachNotification",
        other="id breach recipient organisation at means reference recorded_at",
        why="Notification d'un incident à un organisme.",
        recorded_by=ACTOR,
    ),
)
