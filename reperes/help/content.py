"""The help section, per role: first steps, then each task in a few lines with a screenshot of
the demo (``static/help/ecrans/``, taken by ``scripts/help_screenshots.py`` from the same list, so
that a screenshot and its task never drift apart)."""

from __future__ import annotations

from dataclasses import dataclass

from reperes.accounts.enums import Role


@dataclass(frozen=True)
class Task:
    slug: str
    title: str
    steps: tuple[str, ...]
    # The page the task starts from (a URL name without arguments) and the demo path the
    # screenshot is taken on.
    url_name: str
    shot_path: str
    # The demo account the screenshot is taken as, when not the role's own.
    shot_account: str = ""

    @property
    def screenshot(self) -> str:
        return f"help/ecrans/{self.slug}.png"


@dataclass(frozen=True)
class RoleHelp:
    slug: str  # the URL name and the page's path, in French
    role: str
    title: str
    summary: str
    first_steps: tuple[str, ...]
    tasks: tuple[Task, ...]
    demo_account: str  # the demo account the screenshots are taken as

    @property
    def url_name(self) -> str:
        return f"help:{self.slug}"


DEMO = "@demo.reperes.example"

ROLES: tuple[RoleHelp, ...] = (
    RoleHelp(
        slug="educateur",
        role=Role.EDUCATOR,
        title="Éducateur ou éducatrice",
        summary="Vous saisissez le travail de terrain une seule fois : les rapports, la grille "
        "d'heures et les remontées en sont tirés.",
        first_steps=(
            "Connectez-vous ; en production, configurez le second facteur (code à usage unique) "
            "avec le code d'activation remis par votre direction.",
            "Ouvrez « Terrain » : c'est votre page de travail, sur ordinateur comme sur téléphone.",
            "Saisissez votre première séance de rue : aucun nom n'est demandé, les contacts sont "
            "comptés de façon anonyme.",
        ),
        tasks=(
            Task(
                "educateur-seance",
                "Saisir une séance de travail de rue",
                (
                    "Terrain › « Travail de rue » ou « Présence sociale » : comptez les jeunes "
                    "rencontrés par âge et genre avec les boutons + et −, sans jamais les nommer.",
                    "Ce sont des rencontres, pas des personnes : un jeune vu deux fois compte "
                    "deux fois.",
                    "Sous le tableau, « Quand, où, avec qui » : date, durée, lieu, éducateurs "
                    "présents.",
                    "Enregistrez : la durée remplit votre grille d'heures du jour, en « Présence "
                    "sociale ».",
                ),
                "fieldwork:session_create",
                "/terrain/seances/nouvelle/",
            ),
            Task(
                "educateur-heures",
                "Compléter sa semaine d'heures",
                (
                    "Terrain › « Mes heures » : la semaine en cours, jour par jour, dans les huit "
                    "items de la grille de temps.",
                    "Les heures venues d'une séance, d'une action ou d'un entretien sont déjà là ; "
                    "complétez le reste (réunions, écrits, formation).",
                ),
                "fieldwork:time_week",
                "/terrain/temps/",
            ),
            Task(
                "educateur-jeunes",
                "Suivre un jeune accompagné",
                (
                    "Terrain › « Jeunes » : chaque jeune a un pseudonyme ; son identité n'est "
                    "visible que de l'équipe du service, sur une page à part.",
                    "Ouvrez sa fiche pour noter l'accompagnement (début, problématiques, "
                    "réponses) et les entretiens.",
                ),
                "fieldwork:youth_list",
                "/terrain/jeunes/",
            ),
            Task(
                "educateur-actions",
                "Enregistrer une action collective",
                (
                    "Terrain › « Actions collectives » › « Nouvelle action » : intitulé, "
                    "catégorie, dates.",
                    "Ajoutez les participants enregistrés, ou leur nombre quand ils restent "
                    "anonymes, et les familles présentes.",
                ),
                "fieldwork:collective_list",
                "/terrain/actions-collectives/",
            ),
        ),
        demo_account=f"educateur.longwy{DEMO}",
    ),
    RoleHelp(
        slug="direction",
        role=Role.SERVICE_DIRECTOR,
        title="Direction de service",
        summary="Vous répondez aux conventions de votre service : échéances, personnel, "
        "rapports et remontées aux financeurs.",
        first_steps=(
            "Ouvrez « Échéances » : tout ce que les conventions demandent, mois par mois, avec "
            "l'article qui le demande (le « ? » à côté de chaque date explique son calcul).",
            "Vérifiez le registre du personnel (« Personnel ») : les ETP des rapports en viennent.",
            "Remettez à chaque éducateur son code d'activation du second facteur.",
        ),
        tasks=(
            Task(
                "direction-echeances",
                "Voir les échéances du mois",
                (
                    "« Échéances » liste les documents, rapports, réunions et versements dus, "
                    "avec leur source dans la convention.",
                    "Une fois l'obligation remplie, « Marquer comme fait » avec un justificatif.",
                    "« Abonnement » donne une adresse d'agenda (iCal) pour les retrouver dans "
                    "votre messagerie.",
                ),
                "deadlines:calendar",
                "/echeances/",
            ),
            Task(
                "direction-rapports",
                "Rédiger le bilan annuel",
                (
                    "« Rapports » : choisissez le rapport et la période ; les tableaux sont "
                    "calculés à partir du terrain.",
                    "Rédigez les parties écrites, puis publiez : le financeur lit la publication, "
                    "sous secret statistique, jamais les fiches.",
                ),
                "reporting:home",
                "/rapports/",
            ),
            Task(
                "direction-remontees",
                "Remplir une remontée agrégée",
                (
                    "Rapports › « Remontées agrégées » › ouvrez l'année demandée.",
                    "Laissez vide ce qui n'est pas renseigné (NR) ; le « ? » à côté de chaque "
                    "indicateur dit ce qu'il compte. Enregistrez puis envoyez au financeur.",
                ),
                "reporting:submissions",
                "/rapports/remontees/",
            ),
            Task(
                "direction-personnel",
                "Tenir le registre du personnel",
                (
                    "« Personnel » › votre service : arrivées, départs, ETP par catégorie.",
                    "Un changement soumis à l'accord du financeur part en demande ; il est "
                    "appliqué quand le financeur l'accepte.",
                ),
                "people:list",
                "/personnel/",
            ),
            Task(
                "direction-instances",
                "Préparer une instance",
                (
                    "« Instances » : comité de pilotage, comité de suivi… et le nombre de réunions "
                    "que la convention demande.",
                    "Planifiez la réunion, invitez, puis notez les présences et déposez le compte "
                    "rendu.",
                ),
                "governance:list",
                "/instances/",
            ),
        ),
        demo_account=f"direction.longwy{DEMO}",
    ),
    RoleHelp(
        slug="financeur",
        role=Role.FUNDER_AGENT,
        title="Agent d'un financeur",
        summary="Vous suivez les conventions que votre organisation finance : décisions à "
        "prendre, versements à faire, réunions à préparer.",
        first_steps=(
            "Ouvrez « Conventions » : celles dont votre organisation est partie, avec leurs "
            "dates calculées (reconduction, préavis, fin).",
            "Ouvrez « Échéances » : les versements que votre organisation doit, les rapports "
            "attendus des services.",
            "Vous ne voyez jamais un jeune : seulement des chiffres publiés, sous secret "
            "statistique (« s »).",
        ),
        tasks=(
            Task(
                "financeur-remontees",
                "Valider une remontée",
                (
                    "Rapports › « Remontées agrégées » : celles qui attendent votre décision.",
                    "Lisez les contrôles (totaux, écarts avec l'année précédente) et "
                    "l'explication du service, puis validez ou renvoyez avec un motif.",
                ),
                "reporting:submissions",
                "/rapports/remontees/",
                shot_account=f"agent.pas-de-calais{DEMO}",
            ),
            Task(
                "financeur-conventions",
                "Suivre une convention",
                (
                    "« Conventions » › la convention : parties, période, clauses avec leur "
                    "article, avenants.",
                    "Ses onglets mènent à l'argent (échéancier, versements), aux instances et "
                    "aux échéances.",
                ),
                "conventions:list",
                "/conventions/",
            ),
            Task(
                "financeur-versements",
                "Enregistrer un versement",
                (
                    "La convention › « Financements » : l'échéancier de chaque année, avec la "
                    "date d'exigibilité (le « ? » dit l'article qui la fixe).",
                    "« Enregistrer un versement » : date, montant, référence ; l'avis de "
                    "versement (PDF) est produit.",
                ),
                "deadlines:calendar",
                "/echeances/",
            ),
            Task(
                "financeur-rapports",
                "Lire un rapport publié",
                (
                    "« Rapports » : les publications des services que vous financez, et la "
                    "consolidation de toutes leurs remontées.",
                    "« s » marque un chiffre couvert par le secret statistique ; « NR » un "
                    "chiffre non renseigné ; ni l'un ni l'autre ne vaut zéro.",
                ),
                "reporting:home",
                "/rapports/",
                shot_account=f"agent.pas-de-calais{DEMO}",
            ),
        ),
        demo_account=f"agent.drome{DEMO}",
    ),
    RoleHelp(
        slug="dpo",
        role=Role.DPO,
        title="Délégué à la protection des données",
        summary="Vous veillez aux traitements de données personnelles : registre, analyse "
        "d'impact, demandes d'exercice des droits, violations, conservation.",
        first_steps=(
            "Ouvrez « Données personnelles » : votre bureau, avec ce qui attend une action et "
            "les délais légaux.",
            "Relisez le registre des traitements et l'analyse d'impact (AIPD), téléchargeables "
            "en PDF.",
        ),
        tasks=(
            Task(
                "dpo-bureau",
                "Traiter ce qui attend",
                (
                    "Le bureau regroupe les demandes d'exercice des droits, les violations "
                    "déclarées et les destructions de fin de convention.",
                    "Chaque ligne donne son délai (un mois pour une demande, 72 h pour notifier "
                    "une violation à la CNIL).",
                ),
                "privacy:desk",
                "/donnees-personnelles/",
            ),
            Task(
                "dpo-demandes",
                "Répondre à une demande d'exercice des droits",
                (
                    "« Demandes » › « Nouvelle demande » : la personne, son droit (accès, "
                    "rectification, effacement…), la date de réception.",
                    "Prolongez si nécessaire, décidez, puis produisez la lettre de réponse.",
                ),
                "privacy:rights_list",
                "/donnees-personnelles/demandes/",
            ),
            Task(
                "dpo-registre",
                "Tenir le registre des traitements",
                (
                    "« Registre » : les traitements de Repères, leurs finalités, durées de "
                    "conservation et destinataires, tirés des conventions.",
                ),
                "privacy:register",
                "/donnees-personnelles/registre/",
            ),
        ),
        demo_account=f"dpo.pas-de-calais{DEMO}",
    ),
    RoleHelp(
        slug="administration",
        role=Role.PLATFORM_ADMIN,
        title="Administration de la plateforme",
        summary="Vous hébergez Repères : comptes, codes d'activation, organisations et "
        "territoires.",
        first_steps=(
            "Créez les comptes des directions de service et des agents des financeurs dans "
            "l'administration.",
            "Remettez les codes d'activation du second facteur aux directions de service.",
            "Vérifiez les organisations et les territoires (« Partenaires », « Territoires »).",
        ),
        tasks=(
            Task(
                "administration-activations",
                "Remettre un code d'activation",
                (
                    "Profil › « Codes d'activation du second facteur » : un code à usage unique "
                    "par compte, à remettre en main propre.",
                    "Le compte s'en sert une fois pour associer son application "
                    "d'authentification.",
                ),
                "accounts:second_factor_activations",
                "/compte/second-facteur/activations/",
            ),
            Task(
                "administration-partenaires",
                "Tenir les organisations",
                (
                    "« Partenaires » : Départements, communes, associations, CAF… avec leurs "
                    "représentants et délibérations.",
                    "« Services » : les équipes de prévention spécialisée et leur organisme "
                    "gestionnaire.",
                ),
                "partners:organisations",
                "/partenaires/",
            ),
        ),
        demo_account=f"admin.hebergeur{DEMO}",
    ),
)

BY_SLUG = {role.slug: role for role in ROLES}
BY_ROLE = {role.role: role for role in ROLES}
