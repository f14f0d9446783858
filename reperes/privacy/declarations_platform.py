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
    fields_of,
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
        fields_of(
            CONNECTION,
            session_data="compte connecté et vérification du second facteur",
            expire_date="fin de la session",
        ),
        session_key=personal(AUTHENTICATION, "clé de session", HASHED),
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
        fields_of(
            CONNECTION,
            get_data="paramètres de la requête",
            post_data="données envoyées (sans le mot de passe)",
            failures_since_start="nombre d'échecs",
        ),
        other="id",
    ),
    ACCOUNTS.model(
        "axes.AccessLog",
        ATTEMPT,
        fields_of(CONNECTION, logout_time="déconnexion", session_hash="empreinte de la session"),
        other="id",
    ),
    ACCOUNTS.model(
        "axes.AccessAttemptExpiration",
        fields_of(
            CONNECTION, access_attempt="tentative de connexion", expires_at="fin du verrouillage"
        ),
    ),
    ACCOUNTS.model(
        "otp_totp.TOTPDevice",
        HELD,
        fields_of(
            CONNECTION,
            throttling_failure_timestamp="dernier échec",
            throttling_failure_count="échecs",
            last_used_at="dernière utilisation",
            drift="décalage de l'horloge du téléphone",
            last_t="dernier code accepté",
        ),
        fields_of(
            AUTHENTICATION,
            name="nom de l'application",
            confirmed="application confirmée",
            key="secret partagé du second facteur",
        ),
        other="id step t0 digits tolerance",
        why="Paramètres de l'algorithme TOTP, les mêmes pour tous.",
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
        fields_of(
            WORK,
            is_superuser="habilitation",
            organisation="employeur",
            role="rôle",
            service="service d'affectation",
            is_active="habilitation active",
            is_staff="accès à l'administration",
        ),
        fields_of(CONNECTION, last_login="dernière connexion", date_joined="création du compte"),
        fields_of(
            AUTHENTICATION,
            oidc_issuer="fournisseur d'identité",
            oidc_subject="identifiant chez le fournisseur d'identité",
            oidc_link_allowed="rattachement au fournisseur autorisé",
        ),
        other="id is_demo",
        why="Identifiant technique ; marque des comptes fictifs de la démonstration.",
        password=personal(AUTHENTICATION, "mot de passe", HASHED),
        email=personal(CONTACT, "adresse électronique professionnelle"),
        full_name=personal(IDENTITY, "nom complet"),
    ),
    ACCOUNTS.model(
        "accounts.ApiToken",
        HELD,
        fields_of(
            CONNECTION,
            expires_at="expiration",
            last_used_at="dernière utilisation",
            revoked_at="révocation",
            revoked_reason="motif de la révocation",
        ),
        fields_of(AUTHENTICATION, name="nom du jeton", prefix="début du jeton"),
        other="id",
        key_hash=personal(AUTHENTICATION, "jeton", HASHED),
    ),
    ACCOUNTS.model(
        "accounts.SecondFactorActivation",
        fields_of(
            CONNECTION,
            created_at="émission",
            expires_at="expiration",
            used_at="utilisation",
            cancelled_at="annulation",
            failed_attempts="essais manqués",
        ),
        other="id",
        user=personal(IDENTITY, "compte à activer"),
        issued_by=ACTOR,
        code_hash=personal(AUTHENTICATION, "code d'activation", HASHED),
    ),
)
