"""What every field of every model holds, declared once (the register: ``register.py``).

A model is declared with ``model(label, *groups, processing=…, subject=…, other="…", why="…",
field=personal(category, what, *measures), …)``: its personal fields by name, one by one or in
groups (``fields_of(category, *measures, field="what", …)``, or a named group that several
models share), and every other field by name in ``other`` with the reason they are not personal.
The models of one processing about one kind of person are declared through its ``Records``
(``SIGNATORIES.model(…)``: the processing, the subject and the measures given once); the models
without a personal field, in one table per reason (``not_personal``). A field declared nowhere
fails ``tests/privacy/test_register.py``.
"""

from __future__ import annotations

from . import register
from .declarations_fieldwork import COUNTS, FIELDWORK, FOLLOW_UP, FREE, PERSONNEL
from .declarations_platform import ACCOUNTS, ACTOR, HELD, PLATFORM
from .register import (
    ACCESS_LOGGED,
    AUDITOR,
    AUTHENTICATION,
    CONNECTION,
    CONTACT,
    ENCRYPTED,
    FREE_TEXT,
    IDENTITY,
    MENTIONED,
    PARTICIPANT,
    SIGNATORY,
    STRUCTURE,
    TECHNICAL,
    USER,
    WORK,
    YOUTH,
    ModelDeclaration,
    fields_of,
    model,
    not_personal,
    personal,
)

# Who signs for an organisation or represents it.
SIGNATORIES = register.Records("conventions", SIGNATORY)
# Those invited to a body's meetings.
INSTANCES = register.Records("instances", PARTICIPANT)

# A signatory's or a representative's name and title.
SIGNS_AS = {"full_name": personal(IDENTITY, "nom"), "title": personal(WORK, "qualité")}
# An invited or present participant: their name and their organisation.
TAKES_PART = {"name": personal(IDENTITY, "nom"), "organisation": personal(WORK, "organisation")}

DECLARATIONS: tuple[ModelDeclaration, ...] = (
    *PLATFORM,
    # ------------------------------------------------------------------ partners
    *not_personal(
        STRUCTURE,
        {
            "partners.Commune": "id insee_code name departement_code",
            "partners.Quartier": "id commune name kind code",
            "partners.Iris": "id commune code name",
            "partners.Place": "id commune quartier name kind",
            "partners.Deliberation": "id organisation assembly reference decided_on "
            "decided_on_text title",
            "partners.Service": "id name label operator departement",
            "partners.Authorisation": "id service granted_on granted_on_text validity_years "
            "reference",
            "partners.Sector": "id service commune description",
        },
    ),
    model(
        "partners.Organisation",
        other="id name short_name kind address commune departement_code siret",
        why="Personnes morales (adresse du siège et SIRET, pas d'une personne).",
    ),
    SIGNATORIES.model(
        "partners.Representative",
        SIGNS_AS,
        fields_of(
            WORK,
            organisation="organisation représentée",
            since="début du mandat",
            until="fin du mandat",
        ),
        other="id",
    ),
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
    SIGNATORIES.model(
        "conventions.Signatory",
        SIGNS_AS,
        fields_of(WORK, authority_text="habilitation", signed_on="date de sa signature"),
        other="id party deliberation",
        why="Rattachement à la partie et à la délibération qui habilite.",
    ),
    *not_personal(
        STRUCTURE,
        {
            "conventions.Party": "id convention organisation role designation order",
            "conventions.LegalBasis": "id convention template order text",
            "conventions.Article": "id convention template order number heading body",
            "conventions.Clause": "id convention template key kind article params valid_from "
            "valid_until amendment order withdrawn",
            "conventions.Commitment": "id party order text",
            "conventions.Annex": "id convention number title description document",
        },
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
    *not_personal(
        STRUCTURE,
        {
            "money.Funding": "id convention year total label source note evolved_from "
            "evolution_rate",
            "money.FundingShare": "id funding party parent label stated_percent stated_amount "
            "children_percent_of order",
            "money.FundingCostLine": "id funding label amount order",
            "money.EvolutionRate": "id convention organisation year rate_percent deliberation note",
            "money.InKindContribution": "id convention party description valued_amount year source",
            "money.OtherFunding": "id convention funder_name funder operation amount status "
            "year source order",
            "money.PaymentSchedule": "id convention kind label payer payee article due_day "
            "period_months advance_percent min_fte_for_advance planned_fte prorata_reading "
            "advance_check source",
            "money.Instalment": "id schedule year slot label due_on amount condition "
            "refused_reason paid_on paid_amount reference",
            "money.Restitution": "id convention schedule year amount reason requested_on "
            "received_on",
            "money.CallForFunds": "id convention schedule year number issued_on amount addressee",
        },
    ),
    # ------------------------------------------------------------------ people
    model(
        "people.StaffingLine",
        other="id service year category planned_fte source updated_at",
        why="Postes prévus par catégorie, sans nom.",
    ),
    PERSONNEL.model(
        "people.StaffMember",
        fields_of(IDENTITY, display_name="nom", account="compte Repères"),
        fields_of(
            WORK,
            job_title="fonction",
            category="catégorie",
            qualification="qualification",
            has_required_diploma="diplôme requis",
            diploma="diplôme",
            fte="temps de travail (ETP)",
            arrival="arrivée",
            departure="départ",
            counts_for_presence="compte dans la présence éducative",
        ),
        other="id version public_id service created_at updated_at",
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
    *not_personal(
        STRUCTURE,
        {
            "governance.Seat": "id body organisation label count order",
            "governance.DocumentRequirement": "id body title due_days_before note",
            "governance.Decision": "id meeting order text",
            "governance.MeetingDocument": "id meeting title due_days_before received_on file",
        },
    ),
    INSTANCES.model(
        "governance.Meeting",
        fields_of(
            FREE_TEXT,
            minutes="compte rendu (présents, interventions)",
            minutes_file="compte rendu signé (PDF)",
        ),
        other="id public_id body starts_at ends_at place agenda status cancellation_reason "
        "sequence created_at updated_at",
        why="Date, lieu et ordre du jour d'une réunion d'instance.",
    ),
    INSTANCES.model(
        "governance.Invitation",
        TAKES_PART,
        other="id meeting created_at",
        email=personal(CONTACT, "adresse électronique"),
        sent_at=personal(CONNECTION, "envoi de l'invitation"),
    ),
    INSTANCES.model(
        "governance.Attendance",
        TAKES_PART,
        other="id meeting",
        present=personal(WORK, "présence"),
        represented_by=personal(IDENTITY, "représenté par"),
    ),
    # ------------------------------------------------------------------ deadlines
    model(
        "deadlines.Obligation",
        other="id public_id convention key kind title year due_on owner source reminder_days "
        "done_on evidence reminded_on",
        why=STRUCTURE,
        done_by=ACTOR,
    ),
    ACCOUNTS.model(
        "deadlines.CalendarFeed",
        HELD,
        other="id",
        token=personal(AUTHENTICATION, "adresse secrète de l'abonnement"),
    ),
    *FIELDWORK,
    # ------------------------------------------------------------------ reporting
    model(
        "reporting.Submission",
        other="id public_id service convention year status sent_at decided_at "
        "funder_comment explanations created_at updated_at",
        why="Remontée de chiffres agrégés et échanges sur ces chiffres.",
        sent_by=ACTOR,
        decided_by=ACTOR,
    ),
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
        other="id service convention model_key model_version model_revision period_start "
        "period_end period_key period_kind version threshold content exact reason created_at",
        why=COUNTS,
        created_by=ACTOR,
    ),
    model(
        "reporting.PublicationCharts",
        other="publication images",
        why="Graphiques d'une publication, dessinés une fois à partir de ses tableaux publiés "
        "(secret statistique appliqué), sans personne.",
    ),
    model(
        "reporting.PublicationFile",
        other="id publication format status file error task_id requested_at finished_at",
        why="Fichier PDF ou XLSX d'une version publiée, fait par la file de tâches à partir des "
        "tableaux publiés (secret statistique appliqué) ; la cause d'un échec est un message "
        "technique.",
    ),
    model(
        "reporting.ReportModel",
        other="id key title description owner cumulative draft created_at",
        why="Modèle de rapport d'un Département : sections, tableaux et graphiques, sans "
        "personne ni chiffre d'un service.",
    ),
    model(
        "reporting.ReportModelVersion",
        other="id model number spec created_at",
        why="Version enregistrée d'un modèle de rapport (sa composition), sans personne.",
        created_by=ACTOR,
    ),
    model(
        "reporting.RecordsVersion",
        other="service version",
        why="Compteur des écritures de saisie d'un service, sans contenu : il dit quand des "
        "chiffres gardés sont à recalculer.",
    ),
    *not_personal(
        COUNTS,
        {
            "reporting.SubmissionValue": "id submission code value note",
            "reporting.StoredFigures": "id service year version definitions values",
        },
    ),
    model(
        "reporting.StoredYears",
        other="service version years running_since",
        why="Années où un service a des saisies, sans personne.",
    ),
    # ------------------------------------------------------------------ observatory
    model(
        "observatory.Zone",
        other="id level code name parent geometry geometry_source",
        why=STRUCTURE,
    ),
    *not_personal(
        COUNTS,
        {
            "observatory.ZonePopulation": "id zone year insee_population caf_allocataires",
            "observatory.Value": "id series zone year value count",
        },
    ),
    model(
        "observatory.Series",
        other="id convention publisher name definition source unit level kind origin updated_at",
        why="Indicateur publié par un partenaire : définition, source et unité.",
    ),
    model(
        "observatory.Dashboard",
        other="id convention publisher title comment updated_at",
        why="Tableau de bord d'indicateurs par zone et son analyse, sous secret statistique.",
    ),
    model(
        "observatory.DashboardItem",
        other="id dashboard series position comment map_year",
        why="Indicateur placé sur un tableau de bord et son commentaire, sans personne.",
    ),
    # ------------------------------------------------------------------ territory
    model(
        "territory.ThemeSheet",
        other="id convention theme year years_text existing concerns objectives priorities "
        "partnership_actions evaluation regulatory_notes pilot carried_from decided_at source "
        "created_at updated_at",
        why="Fiche-action d'une convention : constats, objectifs et actions d'un partenariat.",
    ),
    model(
        "territory.SheetAction",
        other="id sheet order title status note",
        why="Action d'une fiche-action et son état d'avancement.",
    ),
    model(
        "territory.SheetIndicator",
        other="id sheet order label catalogue_code target series",
        why="Indicateur d'évaluation d'une fiche-action.",
    ),
    model("territory.Diagnostic", other="id service commune created_at", why=STRUCTURE),
    model(
        "territory.DiagnosticVersion",
        fields_of(
            FREE_TEXT,
            observations="observations partageables de l'équipe, figées",
            authors="rédacteurs (organisations ou personnes nommées)",
        ),
        processing="rapports",
        subject=MENTIONED,
        other="id diagnostic number year portrait zoning needs resources priorities strengths "
        "created_at validated_on validated_at",
        why="Portrait chiffré sous secret statistique et constats sur le territoire, validés "
        "en instance.",
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
    FOLLOW_UP.model(
        "privacy.LegalHold",
        fields_of(FREE_TEXT, reason="motif du gel", lift_reason="motif de la levée"),
        other="id service until recorded_at lifted_at",
        youth=personal(IDENTITY, "fiche gardée au-delà de sa durée"),
        recorded_by=ACTOR,
        lifted_by=ACTOR,
    ),
    model(
        "privacy.RightsRequest",
        fields_of(
            IDENTITY, youth="fiche concernée", identified_by="moyen de vérification de l'identité"
        ),
        fields_of(
            FREE_TEXT,
            details="objet de la demande",
            extension_reason="motif de la prolongation",
            decision_reason="motifs de la décision",
        ),
        processing="protection",
        subject=YOUTH,
        other="id public_id service controller kind requester_kind received_on due_on "
        "extended_to reminded_on status decision decided_on letter_sent_on erased_at "
        "erased_digest created_at",
        why="Droit exercé, dates, délais et décision ; l'empreinte ne permet pas de retrouver "
        "ce qui a été effacé.",
        measures=FOLLOW_UP.measures,
        requester_name=personal(IDENTITY, "nom du demandeur", ENCRYPTED, ACCESS_LOGGED),
        requester_address=personal(CONTACT, "adresse du demandeur", ENCRYPTED, ACCESS_LOGGED),
        created_by=ACTOR,
    ),
    model(
        "privacy.Destruction",
        other="id convention service ended_on mode article written_proof requested_on status "
        "returned_on returned_how performed_at counts digest sent_to_funder_on created_at",
        why="Ce qui a été détruit, en nombres, et l'empreinte de l'ensemble détruit.",
        performed_by=ACTOR,
    ),
    model(
        "privacy.DpiaCompletion",
        processing="protection",
        subject=USER,
        other="id controller completed_on created_at",
        why=STRUCTURE,
        answers=personal(FREE_TEXT, "réponses du délégué à la protection des données"),
        completed_by=ACTOR,
    ),
)
