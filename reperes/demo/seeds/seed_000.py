"""Seed 000 — Meurthe-et-Moselle: tripartite convention Département / commune d'Herserange /
association « Portes Z'Ouvertes », 2023-2025 (file ``000_3d4f858facd5f3a1.txt``).

The source is an OCR scan. Obvious scan errors are corrected in the texts below and nothing
else: « 1' » → « l' », « I' » → « l' », « a »/« 4 »/« 3 »/« & » → « à », « ceuvre » → « œuvre »,
« matiére » → « matière », « ci-aprés » → « ci-après », « 1a » → « la », « 11 »/« 1l » → « Il »,
« 1.221-1 » → « L.221-1 », « fragilit¢ » → « fragilité », « 8§ » → « 8 », « 4ges »/« dge » →
« âges »/« âge », « gargons » → « garçons », « Qutil » → « Outil ». The doubled « la la » of
art. 3 is kept single.
"""

from datetime import date

from reperes.conventions import catalogue as k
from reperes.conventions.enums import ConventionKind, DelayUnit, PartyRole, PeriodKindChoices
from reperes.demo import spec
from reperes.demo.seeds import communes as c
from reperes.partners.enums import OrganisationKind, QuartierKind
from reperes.people.enums import DocumentKind
from reperes.rules import due as due_rules

SOURCE = "Seed 000 — convention Meurthe-et-Moselle / Herserange / Portes Z'Ouvertes 2023-2025"

DEPARTEMENT = "Département de Meurthe-et-Moselle"
VILLE = "Commune d'Herserange"
ASSOCIATION = "Association Portes Z'Ouvertes"
SERVICE = "SPS Portes Z'Ouvertes — territoire de Longwy"
CONCORDE = "Concorde"

ORGANISATIONS = (
    spec.OrganisationSpec(DEPARTEMENT, OrganisationKind.DEPARTEMENT, "54"),
    spec.OrganisationSpec(VILLE, OrganisationKind.COMMUNE, "54", commune=c.HERSERANGE.insee_code),
    spec.OrganisationSpec(
        ASSOCIATION, OrganisationKind.ASSOCIATION, "54", short_name="Portes Z'Ouvertes"
    ),
)

# Parties (first lines) and signature block.
PRESIDENTE_DEPARTEMENT = spec.RepresentativeSpec(
    DEPARTEMENT, "Chaynesse KHIROUNI", "Présidente du Conseil départemental"
)
MAIRE = spec.RepresentativeSpec(VILLE, "Gérard DIDELOT", "Maire")
PRESIDENT_ASSOCIATION = spec.RepresentativeSpec(ASSOCIATION, "Daniel BARCELLA", "Président")
REPRESENTATIVES = (PRESIDENTE_DEPARTEMENT, MAIRE, PRESIDENT_ASSOCIATION)

# « autorisée à signer la présente convention par délibération de la Commission permanente du
# 9 mars 2020 » (parties).
CP_9_MARS_2020 = spec.DeliberationSpec(
    DEPARTEMENT,
    "Commission permanente",
    date(2020, 3, 9),
    "9 mars 2020",
)
# « autorisé à signer la présente convention par délibération du XXXXXXXXXX » (parties): the
# date is left blank in the source; only a municipal council can empower the mayor.
CM_HERSERANGE = spec.DeliberationSpec(VILLE, "Conseil municipal", None, "XXXXXXXXXX")
# « Vu la délibération de la Commission permanente en date du 7 octobre relative à la délégation
# faite à l'association … » (préambule): no year.
CP_7_OCTOBRE = spec.DeliberationSpec(
    DEPARTEMENT,
    "Commission permanente",
    None,
    "7 octobre",
    title="Délégation faite à l'association « Portes Z'Ouvertes » pour la mise en œuvre des "
    "actions de prévention spécialisée sur le territoire d'Herserange",
    warnings=(
        spec.warning(
            SOURCE,
            "préambule",
            "La délibération de la Commission permanente « en date du 7 octobre » est citée "
            "sans année : la date reste inconnue.",
            ("7 octobre",),
            field="decided_on",
        ),
    ),
)

QUARTIERS = (
    # Art. 2 « Pour le Département » and art. 4: the QPV « Concorde » at Herserange.
    spec.QuartierSpec(c.HERSERANGE.insee_code, CONCORDE, QuartierKind.QPV),
)

SERVICES = (
    spec.ServiceSpec(
        name=SERVICE,
        operator=ASSOCIATION,
        departement=DEPARTEMENT,
        # Art. 2 « Pour l'Association »: « le territoire de Longwy dont trois villes sont
        # concernées, à savoir : Herserange, Longwy, Mont-Saint-Martin ».
        communes=(c.HERSERANGE.insee_code, c.LONGWY.insee_code, c.MONT_SAINT_MARTIN.insee_code),
        authorisations=(
            spec.AuthorisationSpec(
                # Art. 2: « délivré par le département en date du 31 mars 2009 pour une validité
                # de 15 ans » — the article that states the validity wins.
                granted_on=date(2009, 3, 31),
                granted_on_text="31 mars 2009",
                validity_years=15,
                reference="Arrêté d'autorisation du Département de Meurthe-et-Moselle",
                warnings=(
                    spec.warning(
                        SOURCE,
                        "préambule et article 2",
                        "La convention donne deux dates pour l'arrêté d'autorisation de "
                        "l'association : le 27 janvier 2009 (préambule) et le 31 mars 2009 "
                        "(article 2, avec une validité de 15 ans). La date de l'article 2 est "
                        "retenue.",
                        ("27 janvier 2009 (préambule)", "31 mars 2009 (article 2)"),
                        field="granted_on",
                    ),
                ),
            ),
        ),
    ),
)

LEGAL_BASES = (
    "Vu les articles L. 121-2 et L. 221-1 et L123-5 du Code de l'Action Sociale et des Familles,",
    "Vu la délibération du conseil départemental lors de la session du 15 décembre 1999, relative "
    "aux orientations départementales en matière de prévention spécialisée,",
    "Vu les délibérations du conseil départemental lors de la session des 6 décembre 2010, 4 avril "
    "et 20 juin 2011, relatives aux orientations départementales en matière politique d'action "
    "sociale intitulées « La solidarité au cœur — La culture et l'éducation pour tous »,",
    "Vu la délibération du conseil départemental lors de la session du 11 janvier 2016 intitulée "
    "« Bâtir une république plus unie et plus exigeante »,",
    "Vu l'arrêté d'autorisation de l'association « Portes Z'Ouvertes » du 27 janvier 2009,",
    "Vu la délibération du conseil départemental lors de la session du 24 juin 2019 relative aux "
    "orientations départementales en matière de prévention spécialisée,",
    "Vu la délibération de la Commission permanente en date du 7 octobre relative à la délégation "
    "faite à l'association « Portes Z'Ouvertes » pour la mise en œuvre des actions de prévention "
    "spécialisée sur le territoire d'Herserange,",
    "Vu la convention pluriannuelle signée entre le département et l'association « Portes "
    "Z'Ouvertes » pour la période 2023-2025,",
)

ARTICLE_1 = """\
La présente convention proposée par le Département et la ville d'Herserange a pour objet de \
préciser la durée, le sens et les enjeux d'une collaboration pour la mise en œuvre d'un programme \
d'actions de prévention spécialisée au sein du quartier prioritaire de la politique de la ville \
d'Herserange. Sont annexées à la convention les modalités d'évaluation de l'activité de l'équipe \
de prévention spécialisée. (annexe 1)"""

ARTICLE_2 = """\
Pour le Département :

La prévention spécialisée s'inscrit dans le cadre des actions de l'Aide Sociale à l'Enfance dont \
la responsabilité est assurée par les Départements. Le cadre juridique est défini par le Code de \
l'Action Sociale et des Familles dont les articles L.221-1 et L121-2, modifiés par la Loi n° \
2007-293 du 5 mars 2007 réformant la protection de l'enfance, précisent :

« Dans les zones urbaines sensibles et dans les lieux où se manifestent des risques \
d'inadaptation sociale, le Département participe aux actions visant à prévenir la marginalisation \
et à faciliter l'insertion ou la promotion sociale des jeunes et des familles, qui peuvent prendre \
une ou plusieurs des formes suivantes (...) Actions dites de prévention spécialisée auprès des \
jeunes et des familles en difficulté ou en rupture avec leur milieu ».

En tant que chef de file de cette politique publique, le Département a défini le cadre \
départemental dans le rapport d'orientation pour la prévention spécialisée adopté le 24 juin 2019. \
Celui-ci prévoit notamment de confier la mise en œuvre de cette mission à un acteur associatif \
pour le quartier prioritaire de la politique de la ville d'Herserange.

L'association « Portes Z'Ouvertes » a été retenue pour mener des actions de prévention \
spécialisée sur le quartier « Concorde » dont le périmètre a été défini par l'Etat sur des \
critères de concentration urbaine de populations et de bas revenus.

Pour la Ville :

La Ville a compétence pour accompagner et participer à la coordination sur son territoire des \
opérations de prévention spécialisée confiées à l'association « Portes Z'Ouvertes » par le \
Département.

Il convient alors de préciser le cadre d'intervention souhaité par la Ville au regard des besoins \
du territoire, ainsi que les principales orientations pour la période contractuelle 2023-2025.

L'objectif de cette coordination est de favoriser le travail en partenariat entre l'ensemble des \
acteurs territoriaux de la jeunesse sur des thématiques et priorités partagées.

Pour l'Association :

L'Association dispose d'un arrêté d'autorisation permettant de faire fonctionner le service de \
prévention spécialisée, délivré par le département en date du 31 mars 2009 pour une validité de \
15 ans. Elle respecte le cadre légal en matière d'évaluation interne et externe. Le projet \
associatif et le projet de services de l'Association sont conformes aux valeurs et au cadre \
portés par le Département.

La convention triennale signée avec le Département lui confie la mise en œuvre de la prévention \
spécialisée sur le territoire de Longwy dont trois villes sont concernées, à savoir :

- Herserange,
- Longwy,
- Mont-Saint-Martin."""

# Art. 3, one list per party; with art. 5.2 and 5.3, they are each party's commitments.
ART_3_DEPARTEMENT = (
    "Dans le cadre de ses compétences, le Département assume la responsabilité de la mise en "
    "œuvre de la mission de prévention spécialisée sur le territoire où elle s'exerce. A ce titre, "
    "il fixe les orientations générales et l'organisation territoriale de la mission de prévention "
    "spécialisée en lien étroit avec la ville d'Herserange.",
    "La direction des services territoriaux du Département assure une veille territoriale qui "
    "permet de repérer les caractéristiques en matière de jeunesse, de faire émerger les besoins "
    "et de fixer les priorités pour la prévention spécialisée dans le cadre de la politique "
    "jeunesse. Ce travail est mené en coordination entre la Ville, l'association Portes "
    "Z'Ouvertes et la Maison Départementale des Solidarités Longwy — Mont-Saint-Martin site "
    "Longwy-bas.",
)
ART_3_VILLE = (
    "La Ville définit conjointement avec le Département et le responsable de l'équipe associative "
    "les priorités d'intervention de l'équipe de prévention spécialisée présente sur le "
    "territoire.",
    "La Ville s'appuie sur l'association pour conforter l'action sociale en direction des jeunes et "
    "jeunes adultes en situation de fragilité ou de risque de marginalisation.",
    "La Ville s'engage à faciliter le partenariat entre l'équipe de prévention spécialisée et les "
    "acteurs publics ou associatifs des territoires concernés.",
    "La Ville pourra apporter un soutien financier direct pour le programme d'actions ou indirect "
    "pour la mise à disposition de locaux et de matériel à l'Association.",
)
ART_3_ASSOCIATION = (
    "L'Association traduit en actions les priorités d'interventions définies conjointement avec le "
    "Département et la ville d'Herserange (article 4 de la présente convention).",
    "Un programme d'actions, conforme aux orientations définies par la présente convention, sera "
    "présenté dans le courant de l'année 2023 pour la durée de la période contractuelle, au comité "
    "de pilotage. Ce programme d'actions peut éventuellement faire l'objet d'un ajustement annuel.",
    "L'Association évalue les actions à l'issue de leur mise en œuvre conjointement avec les "
    "signataires selon des modalités quantitatives et qualitatives détaillées en annexe.",
    "En accord avec les orientations de la présente convention, l'Association s'engage à mobiliser "
    "tous les moyens financiers complémentaires à ceux alloués par les signataires de la présente "
    "convention (CAF, Etat, Région...) en vue de mettre en œuvre les actions définies.",
    "Elle s'assure de la gestion du personnel, de l'encadrement et du fonctionnement administratif "
    "et matériel de l'équipe par une mobilisation de ses moyens propres tels que définis dans la "
    "convention triennale.",
    "Elle dispose d'un outil de suivi des accompagnements éducatifs individuels. (annexe 2)",
)
COMMITMENTS_DEPARTEMENT = (
    *ART_3_DEPARTEMENT,
    # Art. 5.2.
    "Conformément à la convention triennale entre le Département et l'association « Portes "
    "Z'Ouvertes », le Département verse une dotation annuelle à l'Association permettant de "
    "couvrir ses charges courantes de fonctionnement et une partie du programme d'actions.",
    # Art. 5.3.
    "Le Département verse à l'Association, dans le cadre et les modalités de la convention "
    "triennale précitée : le financement du poste de directeur à hauteur d'1 ETP, le financement "
    "d'1 ETP de poste administratif, le financement des 8 ETP d'éducateurs spécialisés, les "
    "dépenses de fonctionnement auxquelles est intégrée la participation au programme d'actions.",
)
COMMITMENTS_VILLE = (
    *ART_3_VILLE,
    # Art. 5.2.
    "La ville d'Herserange contribue aux moyens logistiques et matériels par la mise à disposition "
    "à titre gracieux de créneaux d'occupation dans des locaux permettant l'accueil collectif de "
    "jeunes sur son territoire.",
)
COMMITMENTS_ASSOCIATION = ART_3_ASSOCIATION


def _bullets(items: tuple[str, ...]) -> str:
    return "\n\n".join(f"- {item}" for item in items)


ARTICLE_3 = f"""\
Pour le Département :

{_bullets(ART_3_DEPARTEMENT)}

Pour la Ville :

{_bullets(ART_3_VILLE)}

Pour l'Association :

{_bullets(ART_3_ASSOCIATION)}"""

ARTICLE_4 = """\
L'intervention de l'équipe éducative est organisée à partir d'un ancrage territorial sur le \
quartier politique de la ville « Concorde ».

Sur ce quartier, l'équipe développera un ensemble d'actions à partir des trois axes \
d'interventions propres à la prévention spécialisée, à savoir :

- Présence sociale,
- Actions éducatives (individuelles et collectives),
- Actions sur le milieu dites de « développement social local ».

Les publics jeunes (et leurs familles) de l'ensemble de la Ville pourront bénéficier d'un \
accompagnement éducatif individuel et/ou participer à des actions collectives selon les besoins \
et les possibilités de l'équipe, notamment dans le cadre des actions partenariales avec les \
collèges."""

ARTICLE_5 = """\
5.1. Les moyens humains affectés à la mise en œuvre de cette mission

L'équipe de prévention spécialisée intervenant sur ce quartier d'intervention est constituée de \
l'effectif suivant :

- Un directeur à hauteur d'1 ETP,
- Un poste administratif à hauteur d'1 ETP,
- 8 éducateurs spécialisés de prévention spécialisée représentant 8 ETP.

L'équipe de prévention spécialisée organise son intervention sur le quartier politique de la \
ville pour lequel elle est missionnée par le Département.

Ces travailleurs sociaux sont placés sous la responsabilité de leur direction et travaillent en \
lien avec les instances de coordination du territoire.

5.2. Les moyens logistiques et matériels nécessaires à l'exercice de la mission

Conformément à la convention triennale entre le Département et l'association « Portes \
Z'Ouvertes », le Département verse une dotation annuelle à l'Association permettant de couvrir \
ses charges courantes de fonctionnement et une partie du programme d'actions.

La ville d'Herserange contribue aux moyens logistiques et matériels par la mise à disposition à \
titre gracieux de créneaux d'occupation dans des locaux permettant l'accueil collectif de jeunes \
sur son territoire.

Les dépenses liées au programme d'actions sont cofinancées par :

- Le Département,
- La Ville,
- Les autres ressources mobilisables (financements CAF, Politiques de la ville, programme VVV, \
Prévention de la délinquance et lutte contre la radicalisation...).

5.3. Modalités financières

Le Département verse à l'Association, dans le cadre et les modalités de la convention triennale \
précitée ;

Le financement du poste de directeur à hauteur d'1 ETP,
Le financement d'1 ETP de poste administratif,
Le financement des 8 ETP d'éducateurs spécialisés,

Les dépenses de fonctionnement auxquelles est intégrée la participation au programme \
d'actions."""

ARTICLE_6 = """\
Deux instances sont mises en place :

« Un comité de pilotage de prévention spécialisée » qui se réunit au moins une fois par an,

« Un conseil pédagogique de prévention spécialisée » qui se réunit deux fois par an.

Le comité de pilotage :

Il est composé d'une représentation d'élus désignée comme suit et accompagnée des techniciens en \
charge de la mise en œuvre et du suivi de la convention :

Le conseiller départemental délégué au territoire ou son représentant,
Le maire et/ou son représentant,
Le président de l'association « Portes Z'Ouvertes » et/ou son représentant,
Le directeur Enfance Famille Santé Publique et/ou son représentant,
Le directeur de l'association « Portes Z'Ouvertes »,
La directrice des services territoriaux de Longwy et/ou son représentant,
La responsable territoriale des Solidarités,
Le responsable territorial et coordonnateur départemental pour la prévention spécialisée.

Il a pour fonction de :

Garantir le respect du cadre départemental,
Garantir l'inscription du projet d'intervention de l'équipe de prévention spécialisée dans la \
politique enfance/jeunesse du territoire,
Valider les orientations proposées par le comité technique,
Se prononcer sur la pertinence du renouvellement ou de l'adaptation des conventions en fonction \
de l'évaluation qui sera faite à l'échéance des programmes,
Etudier le bilan des actions de la prévention spécialisée (objectifs et résultats).

Les invitations et les comptes rendus des comités de pilotage sont assurés par l'Association \
Portes Z'Ouvertes. Un bilan annuel de l'année écoulée permettant de rendre compte de manière \
synthétique de l'activité avec des focus et des actions et enjeux phares sera présenté. (annexe 1)

Le conseil pédagogique :

Il réunit :
- Un élu ou un représentant de la commune,
- Le président de l'association « Portes Z'Ouvertes » ou son représentant,
- Le directeur général des services de la Ville ou son représentant,
- Le directeur de l'équipe de prévention spécialisée ou son représentant,
- La responsable territoriale des Solidarités,
- Le responsable territorial et coordonnateur départemental pour la prévention spécialisée,
- Les acteurs parties prenantes à la démarche autant que de besoin, sur invitation.

Il a pour fonction de :

- Caractériser les questions de jeunesse sur le territoire et faire émerger les besoins en \
matière de prévention spécialisée,
- Dégager des axes d'intervention et des priorités d'action,
- Etablir un programme commun d'interventions à proposer au comité de pilotage,
- Assurer le suivi et l'évaluation du programme d'actions établi conjointement en vue de son \
réajustement éventuel.

Les invitations et les comptes rendus des conseils pédagogiques sont assurés par l'association \
Portes Z'Ouvertes. Des reportings d'activité permettant de suivre et d'évaluer l'action de \
prévention spécialisée seront transmis en amont des conseils pédagogiques. (annexe 1)"""

ARTICLE_7 = """\
La durée de la présente convention, approuvée par délibération des assemblées des parties \
signataires est de 3 ans, pour la période du 01 janvier 2023 au 31 décembre 2025. En cas de \
manquement à ses obligations par une des parties, elle peut faire l'objet d'une dénonciation \
après une mise en demeure d'un délai de six mois."""

ANNEX_1 = """\
Des reportings d'activité et un bilan annuel permettent de suivre et d'évaluer l'action de \
prévention spécialisée.

Les reportings d'activité :
Ils sont transmis en amont des conseils pédagogiques et se composent de trois grandes parties :

I. Activité de l'équipe

L'activité de l'équipe est présentée en pourcentage de temps de travail à travers huit items \
principaux :

Présence sociale,
Accompagnement individuel,
Action collective,
Réunion Institutionnelle,
Réunion extérieure,
Travail administratif,
Formation,
Autre,

II. Programme d'action

Il se décline sous trois thématiques principales :

1. Présence sociale
   - Nombre de contacts,
   - Typologie du public (âges, genre),
   - Répartition géographique des jeunes en contact.

2. Action éducative
   - Appui à la fonction parentale,
   - Activités socio-éducatives,
   - Chantiers contrepartie loisirs,
   - Chantiers rémunérés,
   - Séjour éducatif,
   - Intervention dans les collèges.

3. Action sur le milieu — développement social

Pour chacune des actions entrant dans ces thématiques, il est rendu compte de l'intitulé de \
l'action, de la période de réalisation, du nombre de participants, de la répartition par \
catégorie d'âge des bénéficiaires et de leur répartition géographique.

III. Accompagnements éducatifs individualisés

Ils font l'objet d'un compte rendu plus détaillé sur la base de l'outil d'évaluation présenté en \
annexe 2 de la présente convention.

Chaque trimestre, un suivi des accompagnements de l'année est actualisé pour rendre compte de :

- Nombre de jeunes concernés (filles / garçons),
- Répartition par catégorie d'âge,
- Répartition géographique générale et « genrée »,
- Mode d'entrée en contact,
- Durée des accompagnements,
- Problématiques,
- Réponses apportées.

Cette présentation sous forme de graphiques permet d'apporter des éléments concernant la \
typologie des publics concernés, les problématiques abordées et réponses apportées. Elle donne \
également à voir le point d'entrée de ces accompagnements et leur durée.

Le bilan annuel :

Présenté au début de l'année N+1 il se décline à travers un document et un temps de \
présentation. L'objectif est de rendre compte de manière synthétique de l'activité de l'année \
avec des focus sur des actions et enjeux phares.

Le bilan annuel se présente sous quatre grandes thématiques :

I. Présence sociale et connaissance des territoires d'intervention
Il s'agit de rendre compte de :
- Eléments chiffrés permettant de redonner le nombre d'entrée en contact sur l'année avec une \
répartition par territoire et une distinction filles / garçons,
- Manière dont s'est organisée cette présence sur les territoires,
- Eléments d'observations et de compréhension des territoires en termes de problématiques, de \
force et de faiblesse.

II. L'action éducative
- Accompagnement éducatif individualisé,
- Actions de soutien à la fonction parentale,
- Actions en direction des jeunes scolarisés,
- Actions en direction des jeunes déscolarisés.

III. Les actions sur le milieu

IV. Le partenariat"""

ANNEX_2 = """\
L'équipe rend compte des accompagnements éducatifs individuels à travers ce tableau Excel qui \
permet de préciser ;

- La typologie des publics,
- L'entrée en contact,
- La durée de l'accompagnement,
- Les principales problématiques abordées,
- Les principales réponses apportées."""

# The duties the convention creates, as typed clauses (reperes.conventions.catalogue). The
# texts fix the documents and their rhythm but few delays; each reading is said beside it.
CONSEIL_PEDAGOGIQUE = "Conseil pédagogique de prévention spécialisée"
OPERATOR = PartyRole.OPERATOR
SIGNATORIES = [PartyRole.PILOT, PartyRole.CO_FUNDER]
CLAUSES = (
    # Art. 3: « Un programme d'actions […] sera présenté dans le courant de l'année 2023 pour la
    # durée de la période contractuelle, au comité de pilotage » — once, in 2023.
    spec.ClauseSpec(
        "programme-actions",
        k.DOCUMENT,
        "art. 3",
        {
            "document": DocumentKind.OTHER,
            "title": "Programme d'actions 2023-2025 présenté au comité de pilotage",
            "owner": OPERATOR,
            "recipients": SIGNATORIES,
            "periodicity": due_rules.YEAR,
            "due": spec.on_day(12, 31),
        },
        valid_from=date(2023, 1, 1),
        valid_until=date(2023, 12, 31),
    ),
    # Art. 6 and annex 1: « Des reportings d'activité […] seront transmis en amont des conseils
    # pédagogiques » — no delay is written: due the day before the meeting at the latest.
    spec.ClauseSpec(
        "reporting-conseil-pedagogique",
        k.REPORT,
        "art. 6 et annexe 1",
        {
            "model": "conseil-pedagogique",
            "owner": OPERATOR,
            "recipients": SIGNATORIES,
            "periodicity": due_rules.MEETING,
            "due": spec.before_meeting(1, due_rules.DAYS, CONSEIL_PEDAGOGIQUE),
        },
    ),
    # Annex 1, III: « Chaque trimestre, un suivi des accompagnements de l'année est actualisé »
    # — no delay is written: read as within the month after the quarter.
    spec.ClauseSpec(
        "suivi-trimestriel",
        k.REPORT,
        "annexe 1",
        {
            "model": "suivi-trimestriel",
            "owner": OPERATOR,
            "recipients": SIGNATORIES,
            "periodicity": due_rules.QUARTER,
            "due": spec.after_period(1, due_rules.MONTHS),
        },
    ),
    # Art. 6: « Un bilan annuel de l'année écoulée […] sera présenté » (to the comité de
    # pilotage); annex 1: « Présenté au début de l'année N+1 » — read as by 31 March N+1.
    spec.ClauseSpec(
        "bilan-annuel",
        k.REPORT,
        "art. 6 et annexe 1",
        {
            "model": "bilan-annuel",
            "title": "Bilan annuel présenté au comité de pilotage",
            "owner": OPERATOR,
            "recipients": SIGNATORIES,
            "periodicity": due_rules.YEAR,
            "due": spec.on_day(3, 31, 1),
        },
    ),
)

CONVENTION = spec.ConventionSpec(
    title="Convention de partenariat entre le Département de Meurthe-et-Moselle, la commune "
    "d'Herserange et l'association « Portes Z'Ouvertes » pour l'exercice de la mission de "
    "prévention spécialisée sur le territoire de Longwy",
    short_title="Meurthe-et-Moselle / Herserange / Portes Z'Ouvertes 2023-2025",
    kind=ConventionKind.PREVENTION,
    object=ARTICLE_1,
    source=SOURCE,
    terms=spec.TermsSpec(
        # Art. 7: « pour la période du 01 janvier 2023 au 31 décembre 2025 ».
        period_kind=PeriodKindChoices.FIXED,
        starts_on=date(2023, 1, 1),
        starts_on_text="01 janvier 2023",
        ends_on=date(2025, 12, 31),
        # Art. 7: « dénonciation après une mise en demeure d'un délai de six mois ».
        formal_notice_value=6,
        formal_notice_unit=DelayUnit.MONTHS,
    ),
    parties=(
        spec.PartySpec(
            DEPARTEMENT,
            PartyRole.PILOT,
            "le Département",
            signatories=(
                PRESIDENTE_DEPARTEMENT.signs(
                    CP_9_MARS_2020,
                    "autorisée à signer la présente convention par délibération de la Commission "
                    "permanente du 9 mars 2020",
                ),
            ),
            commitments=COMMITMENTS_DEPARTEMENT,
        ),
        # Co-funder: art. 5.2 lists « la Ville » among those who co-finance the programme
        # d'actions, and it lends rooms free of charge (an in-kind contribution).
        spec.PartySpec(
            VILLE,
            PartyRole.CO_FUNDER,
            "la Ville",
            signatories=(
                MAIRE.signs(
                    CM_HERSERANGE,
                    "autorisé à signer la présente convention par délibération du XXXXXXXXXX",
                ),
            ),
            commitments=COMMITMENTS_VILLE,
        ),
        spec.PartySpec(
            ASSOCIATION,
            PartyRole.OPERATOR,
            "l'Association",
            signatories=(
                PRESIDENT_ASSOCIATION.signs(authority_text="représenté par son Président"),
            ),
            commitments=COMMITMENTS_ASSOCIATION,
        ),
    ),
    legal_bases=LEGAL_BASES,
    articles=(
        spec.ArticleSpec("1", "Objectifs de la convention", ARTICLE_1),
        spec.ArticleSpec("2", "Le cadre d'intervention des partenaires signataires", ARTICLE_2),
        spec.ArticleSpec("3", "Responsabilités et engagements des signataires", ARTICLE_3),
        spec.ArticleSpec(
            "4",
            "Les priorités d'intervention de l'équipe de prévention spécialisée pour "
            "la période 2023-2025",
            ARTICLE_4,
        ),
        spec.ArticleSpec("5", "Moyens mobilisés", ARTICLE_5),
        spec.ArticleSpec("6", "Instances de pilotage et de suivi", ARTICLE_6),
        spec.ArticleSpec("7", "Durée de la présente convention", ARTICLE_7),
    ),
    annexes=(
        spec.AnnexSpec("1", "Modalités de suivi et d'évaluation", ANNEX_1),
        spec.AnnexSpec("2", "Outil d'évaluation des accompagnements individualisés", ANNEX_2),
    ),
    clauses=CLAUSES,
    service=SERVICE,
    communes=(c.HERSERANGE.insee_code,),
    quartiers=((c.HERSERANGE.insee_code, CONCORDE),),
    # Signature block: « Signature de la convention en date du ............... », no place,
    # no number of originals, no jurisdiction clause.
    is_signed=True,
    signed_on=None,
    signed_on_text="en date du ...............",
    warnings=(
        spec.warning(
            SOURCE,
            "articles 2 et 7",
            "L'autorisation du service (arrêté du 31 mars 2009, 15 ans) prend fin le 30 mars 2024, "
            "avant la fin de la convention (31 décembre 2025) : son renouvellement n'est pas "
            "mentionné.",
            ("fin de l'autorisation : 30/03/2024", "fin de la convention : 31/12/2025"),
            field="ends_on",
        ),
        spec.warning(
            SOURCE,
            "article 6",
            "L'article 6 confie au comité de pilotage la validation des « orientations proposées "
            "par le comité technique », mais la convention n'institue pas de comité technique "
            "(seules deux instances sont mises en place).",
            field="clauses",
        ),
    ),
)

SEED = spec.Seed(
    number="000",
    source=SOURCE,
    organisations=ORGANISATIONS,
    representatives=REPRESENTATIVES,
    deliberations=(CP_9_MARS_2020, CM_HERSERANGE, CP_7_OCTOBRE),
    quartiers=QUARTIERS,
    services=SERVICES,
    conventions=(CONVENTION,),
)
