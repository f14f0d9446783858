"""The product's glossary, in French (from the project's glossary: the words the interface uses,
what they mean for someone who has never read a convention)."""

from __future__ import annotations

# (section, ((term, meaning), …)), in the order a newcomer meets them.
GLOSSARY: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Conventions",
        (
            (
                "Convention de partenariat",
                "Accord signé entre plusieurs parties (Département, commune, association…) qui "
                "fixe ce que chacune apporte et doit. Dans Repères, la convention signée est la "
                "source de tout le reste.",
            ),
            (
                "Convention type, projet type",
                "Modèle approuvé une fois par un financeur, puis décliné service par service ; "
                "chaque déclinaison hérite de ses clauses.",
            ),
            (
                "Partie, signataire",
                "Une partie est une organisation engagée par la convention ; le signataire est la "
                "personne qui signe pour elle.",
            ),
            (
                "Délibération",
                "Décision d'une assemblée (conseil départemental, conseil municipal…) qui autorise "
                "une signature ou vote les crédits.",
            ),
            ("Avenant", "Modification d'une convention signée par ses parties."),
            (
                "Clause",
                "Une règle de la convention, avec son article : un document à fournir, un rapport, "
                "une réunion, un versement… Repères en tire les dates.",
            ),
            (
                "Tacite reconduction",
                "La convention se renouvelle d'elle-même à son terme, sauf si une partie la "
                "dénonce à temps.",
            ),
            (
                "Dénonciation, préavis",
                "Une partie annonce qu'elle ne renouvellera pas la convention ; le préavis est le "
                "délai à respecter avant le renouvellement.",
            ),
            (
                "Mise en demeure",
                "Avertissement formel adressé à une partie qui ne respecte pas ses engagements, "
                "avant une résiliation.",
            ),
            ("Résiliation", "Fin anticipée de la convention, dans les conditions qu'elle prévoit."),
            (
                "Arrêté d'autorisation, habilitation",
                "Acte qui autorise le service à fonctionner ; son terme fixe la date de "
                "l'évaluation externe.",
            ),
        ),
    ),
    (
        "Argent",
        (
            ("Dotation, financement", "Somme qu'un financeur attribue au service pour une année."),
            (
                "Échéance, versement",
                "Une échéance est une part de la dotation exigible à une date ; le versement est "
                "le paiement effectivement fait.",
            ),
            (
                "Appel de fonds",
                "Lettre par laquelle le bénéficiaire demande le versement d'une somme due.",
            ),
            (
                "Avance, solde, prorata",
                "L'avance est versée en début d'année ; le solde à la fin, parfois proratisé "
                "selon la présence réelle des éducateurs rapportée à la présence prévue.",
            ),
            (
                "Budget prévisionnel, compte administratif",
                "Le budget prévu avant l'année ; les comptes arrêtés après sa fin.",
            ),
        ),
    ),
    (
        "Service et personnel",
        (
            (
                "SPS, service de prévention spécialisée",
                "L'équipe d'éducateurs qui fait le travail de rue et accompagne les jeunes d'un "
                "territoire.",
            ),
            (
                "Organisme gestionnaire",
                "L'association ou la collectivité qui fait vivre le service.",
            ),
            (
                "ETP (équivalent temps plein)",
                "Un salarié à temps plein compte 1 ETP, à mi-temps 0,5 ETP.",
            ),
            ("Tableau des effectifs", "Les postes du service, par catégorie, en ETP."),
            (
                "Instance",
                "Réunion prévue par la convention : comité de pilotage, conseil pédagogique, "
                "comité de suivi, comité des financeurs.",
            ),
            ("Compte rendu", "Le relevé écrit d'une réunion d'instance."),
        ),
    ),
    (
        "Terrain",
        (
            (
                "Jeune",
                "Une personne suivie ou rencontrée par le service, connue par un pseudonyme.",
            ),
            (
                "Accompagnement éducatif individualisé",
                "Le suivi d'un jeune par un éducateur, de son début à sa fin, avec ses entretiens.",
            ),
            (
                "Mode d'entrée en contact",
                "Comment le jeune est arrivé au service (travail de rue, orientation d'un "
                "partenaire, famille…).",
            ),
            (
                "Problématique, réponse apportée",
                "Ce qui motive l'accompagnement (scolarité, logement, santé…) et ce que le service "
                "a fait.",
            ),
            (
                "Travail de rue, présence sociale",
                "Les éducateurs vont là où sont les jeunes : rue, quartier, lieux publics.",
            ),
            (
                "Contact",
                "Une rencontre comptée de façon anonyme pendant le travail de rue : un même jeune "
                "vu trois fois fait trois contacts.",
            ),
            (
                "Contact et jeune rencontré",
                "Un contact est une rencontre (comptée à chaque fois) ; un jeune rencontré est une "
                "personne (comptée une fois). Les additionner mélange deux unités.",
            ),
            (
                "Action collective",
                "Une activité menée avec un groupe de jeunes (sortie, atelier…).",
            ),
            (
                "Chantier éducatif",
                "Un travail encadré confié à des jeunes, rémunéré ou en contrepartie de loisirs.",
            ),
            (
                "Développement social local (DSL)",
                "Le travail avec les habitants et les partenaires d'un quartier.",
            ),
            (
                "QPV, quartier de veille",
                "Quartier prioritaire de la politique de la ville ; quartier de veille : quartier "
                "sorti de la géographie prioritaire mais suivi.",
            ),
            (
                "Diagnostic territorial",
                "L'analyse des besoins d'un territoire, qui oriente l'action du service.",
            ),
        ),
    ),
    (
        "Rapports et chiffres",
        (
            (
                "Rapport d'activité, bilan annuel",
                "Ce que le service rend à ses financeurs sur une période : tableaux calculés à "
                "partir du terrain et parties rédigées.",
            ),
            (
                "Remontée agrégée",
                "Les chiffres d'un service saisis dans le formulaire du financeur, sans aucun "
                "nom, puis validés par lui.",
            ),
            (
                "Publication",
                "Un rapport figé et daté que le financeur peut lire ; une nouvelle publication ne "
                "remplace pas l'ancienne, elle s'y ajoute.",
            ),
            (
                "Secret statistique (« s »)",
                "Un petit nombre de personnes n'est jamais publié, pour qu'aucun jeune ne puisse "
                "être reconnu ; la case montre « s ».",
            ),
            (
                "Non renseigné (« NR »), compris ailleurs",
                "NR : le chiffre n'est pas connu ; compris ailleurs : il est compté dans une autre "
                "ligne. Ni l'un ni l'autre ne vaut zéro.",
            ),
            (
                "Observatoire social, série d'indicateurs",
                "Des indicateurs suivis dans le temps par territoire, partagés entre partenaires.",
            ),
            (
                "Fiche-action, fiche thématique",
                "Une fiche qui décrit une action partenariale sur un thème.",
            ),
            (
                "SCDL Subventions",
                "Le format de données ouvertes d'OpenDataFrance pour publier les subventions.",
            ),
        ),
    ),
    (
        "Données personnelles",
        (
            (
                "DPO, délégué à la protection des données",
                "La personne qui veille au respect du RGPD dans l'organisation.",
            ),
            (
                "Registre des traitements",
                "La liste des traitements de données personnelles, leurs finalités et leurs "
                "durées de conservation.",
            ),
            (
                "AIPD",
                "Analyse d'impact relative à la protection des données : l'étude des risques d'un "
                "traitement pour les personnes.",
            ),
            (
                "Demande d'exercice des droits",
                "Une personne demande l'accès à ses données, leur rectification ou leur "
                "effacement (RGPD, articles 15 à 22) ; réponse sous un mois.",
            ),
            (
                "Violation de données",
                "Une perte ou une fuite de données personnelles : le financeur est prévenu sous "
                "24 h, la CNIL sous 72 h.",
            ),
            (
                "Preuve de destruction",
                "L'attestation écrite que les données d'un service ont été détruites à la fin "
                "d'une convention.",
            ),
        ),
    ),
)
