"""Declarations of the platform's own tables: Django, the libraries (sessions, django-axes,
django-otp, tokens), the audit trail and the accounts (see ``declarations``)."""

from __future__ import annotations

from .register import (
    AUTHENTICATION,
    CONNECTION,
    CONTACT,
    FREE_TEXT,
    HASHED,
    IDENTITY,
    MENTIONED,
    STRUCTURE,
    TECHNICAL,
    TRACE,
    USER,
    WORK,
    ModelDeclaration,
    Records,
    model,
    not_personal,
    personal,
)

ACTOR = personal(TRACE, "auteur de l'action", subject=USER, processing="audit")
WHEN = personal(TRACE, "date de l'action", subject=USER, processing="audit")

# The accounts, their sessions, keys and connection attempts; the journal of their actions.
ACCOUNTS = Records("comptes", USER)
AUDIT = Records("audit", USER)

# A key, a device or a feed of one account: its holder and when it was made.
HELD = {"user": personal(IDENTITY, "titulaire"), "created_at": personal(CONNECTION, "création")}

# What django-axes keeps of every connection attempt, in each of its tables.
ATTEMPT = {
    name: personal(CONNECTION, what)
    for name, what in (
        ("user_agent", "navigateur"),
        ("ip_address", "adresse IP"),
        ("username", "identifiant saisi"),
        ("http_accept", "en-têtes du navigateur"),
        ("path_info", "page demandée"),
        ("attempt_time", "date de la tentative"),
    )
}

PLATFORM: tuple[ModelDeclaration, ...] = (
    # ------------------------------------------------------------------ Django and libraries
    AUDIT.model(
        "admin.LogEntry",
        other="id content_type object_id action_flag",
        user=ACTOR,
        action_time=WHEN,
        object_repr=personal(IDENTITY, "libellé de l'objet modifié", subject=MENTIONED),
        change_message=personal(FREE_TEXT, "détail de la modification", subject=MENTIONED),
    ),
    model(
        "django_tasks_database.DBTaskResult",
        other="id status enqueued_at started_at finished_at args_kwargs priority task_path "
        "worker_ids queue_name backend_name run_after return_value exception_class_path "
        "traceback",
        why="File des tâches de fond : la tâche et ses arguments, des identifiants techniques "
        "(jamais un nom ni un texte saisi), son état, ses horodatages et la trace d'un échec.",
    ),
    *not_personal(
        STRUCTURE,
        {
            "auth.Permission": "id name content_type codename",
            "auth.Group": "id name",
            "contenttypes.ContentType": "id app_label model",
        },
    ),
    ACCOUNTS.model(
        "sessions.Session",
        session_key=personal(AUTHENTICATION, "clé de session", HASHED),
        session_data=personal(CONNECTION, "compte connecté et vérification du second facteur"),
        expire_date=personal(CONNECTION, "fin de la session"),
    ),
    ACCOUNTS.model(
        "authtoken.Token",
        key=personal(AUTHENTICATION, "jeton d'API (bibliothèque, non émis par Repères)"),
        user=personal(IDENTITY, "titulaire"),
        created=personal(CONNECTION, "création"),
    ),
    ACCOUNTS.model(
        "axes.AccessFailureLog",
        ATTEMPT,
        other="id",
        locked_out=personal(CONNECTION, "verrouillage"),
    ),
    ACCOUNTS.model(
        "axes.AccessAttempt",
        ATTEMPT,
        other="id",
        get_data=personal(CONNECTION, "paramètres de la requête"),
        post_data=personal(CONNECTION, "données envoyées (sans le mot de passe)"),
        failures_since_start=personal(CONNECTION, "nombre d'échecs"),
    ),
    ACCOUNTS.model(
        "axes.AccessLog",
        ATTEMPT,
        other="id",
        logout_time=personal(CONNECTION, "déconnexion"),
        session_hash=personal(CONNECTION, "empreinte de la session"),
    ),
    ACCOUNTS.model(
        "axes.AccessAttemptExpiration",
        access_attempt=personal(CONNECTION, "tentative de connexion"),
        expires_at=personal(CONNECTION, "fin du verrouillage"),
    ),
    ACCOUNTS.model(
        "otp_totp.TOTPDevice",
        HELD,
        other="id step t0 digits tolerance",
        why="Paramètres de l'algorithme TOTP, les mêmes pour tous.",
        name=personal(AUTHENTICATION, "nom de l'application"),
        confirmed=personal(AUTHENTICATION, "application confirmée"),
        key=personal(AUTHENTICATION, "secret partagé du second facteur"),
        throttling_failure_timestamp=personal(CONNECTION, "dernier échec"),
        throttling_failure_count=personal(CONNECTION, "échecs"),
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
    AUDIT.model(
        "core.AuditEntry",
        other="id action content_type object_id previous_digest digest",
        why=TECHNICAL + " Empreintes de chaînage du journal (intégrité).",
        at=WHEN,
        actor=ACTOR,
        summary=personal(FREE_TEXT, "résumé de l'action", subject=MENTIONED),
        data=personal(FREE_TEXT, "valeurs avant et après", subject=MENTIONED),
    ),
    ACCOUNTS.model(
        "accounts.User",
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
        oidc_issuer=personal(AUTHENTICATION, "fournisseur d'identité"),
        oidc_subject=personal(AUTHENTICATION, "identifiant chez le fournisseur d'identité"),
        oidc_link_allowed=personal(AUTHENTICATION, "rattachement au fournisseur autorisé"),
    ),
    ACCOUNTS.model(
        "accounts.ApiToken",
        HELD,
        other="id",
        name=personal(AUTHENTICATION, "nom du jeton"),
        prefix=personal(AUTHENTICATION, "début du jeton"),
        key_hash=personal(AUTHENTICATION, "jeton", HASHED),
        expires_at=personal(CONNECTION, "expiration"),
        last_used_at=personal(CONNECTION, "dernière utilisation"),
        revoked_at=personal(CONNECTION, "révocation"),
        revoked_reason=personal(CONNECTION, "motif de la révocation"),
    ),
    ACCOUNTS.model(
        "accounts.SecondFactorActivation",
        other="id",
        user=personal(IDENTITY, "compte à activer"),
        issued_by=ACTOR,
        code_hash=personal(AUTHENTICATION, "code d'activation", HASHED),
        created_at=personal(CONNECTION, "émission"),
        expires_at=personal(CONNECTION, "expiration"),
        used_at=personal(CONNECTION, "utilisation"),
        cancelled_at=personal(CONNECTION, "annulation"),
        failed_attempts=personal(CONNECTION, "essais manqués"),
    ),
)
