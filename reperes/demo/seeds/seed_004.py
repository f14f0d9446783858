"""Seed 004 — Drôme: bipartite convention Département de la Drôme / commune de Montélimar,
2023-2025 (file ``004_f43b5878dd4b7649.txt``).

The commune runs the service itself or through an association (art. 8): it is the operator.
"""

from datetime import date

from reperes.conventions import catalogue as k
from reperes.conventions.enums import ConventionKind, DelayUnit, PartyRole, PeriodKindChoices
from reperes.demo.seeds import communes as c
from reperes.demo.spec import (
    AnnexSpec,
    ArticleSpec,
    ClauseSpec,
    ConventionSpec,
    DeliberationSpec,
    OrganisationSpec,
    PartySpec,
    PlaceSpec,
    QuartierSpec,
    RepresentativeSpec,
    Seed,
    ServiceSpec,
    TermsSpec,
    on_day,
    warning,
)
from reperes.partners.enums import OrganisationKind, PlaceKind, QuartierKind
from reperes.people.enums import DocumentKind, StaffCategory
from reperes.rules import due as due_rules

SOURCE = "Seed 004 — convention Drôme / Montélimar 2023-2025"

DEPARTEMENT = "Département de la Drôme"
COMMUNE = "Commune de Montélimar"
SERVICE = "SPS de Montélimar"
M = c.MONTELIMAR.insee_code

ORGANISATIONS = (
    OrganisationSpec(DEPARTEMENT, OrganisationKind.DEPARTEMENT, "26"),
    OrganisationSpec(COMMUNE, OrganisationKind.COMMUNE, "26", commune=M),
)

PRESIDENTE_DEPARTEMENT = RepresentativeSpec(
    DEPARTEMENT, "Marie-Pierre MOUTON", "Présidente du Conseil départemental"
)
MAIRE = RepresentativeSpec(COMMUNE, "Julien CORNILLET", "Maire de Montélimar")
REPRESENTATIVES = (PRESIDENTE_DEPARTEMENT, MAIRE)

# Parties: « agissant en vertu de la délibération du 20 février 2023 »; the preamble names the
# Commission permanente of that day (« ayant approuvé la répartition des crédits »).
CP_20_FEVRIER_2023 = DeliberationSpec(
    DEPARTEMENT,
    "Commission permanente",
    date(2023, 2, 20),
    "20 février 2023",
    title="Approbation de la répartition des crédits de prévention spécialisée en fonction des "
    "critères d'éligibilité arrêtés en Commission permanente du 18 décembre 2017",
)
# Parties: « dûment habilité(e) aux fins des présentes, par délibération du [blanc] ».
CM_MONTELIMAR = DeliberationSpec(COMMUNE, "Conseil municipal", None, "")

# Art. 4: the three QPV (décret n° 2014-1750), then the places of intervention « sur ces
# espaces ». « centre-ville (ancien) » and « Nocaze » in the list of places are read as the QPV
# « Centre Ancien » and « Nocaze » already named.
NOCAZE, CENTRE_ANCIEN, OUEST = "Nocaze", "Centre Ancien", "Ouest"
OTHER_QUARTIERS = ("Pracomtal", "Grangeneuve", "Jean Moulin", "Bagatelle")
QUARTIERS = (
    QuartierSpec(M, NOCAZE, QuartierKind.QPV),
    QuartierSpec(M, CENTRE_ANCIEN, QuartierKind.QPV),
    QuartierSpec(M, OUEST, QuartierKind.QPV),
    *(QuartierSpec(M, name, QuartierKind.OTHER) for name in OTHER_QUARTIERS),
)
PLACES = (
    PlaceSpec(M, "Collège Europa", PlaceKind.COLLEGE),
    PlaceSpec(M, "Collège Alain Borne", PlaceKind.COLLEGE),
    PlaceSpec(M, "Collège Monod", PlaceKind.COLLEGE),
    PlaceSpec(M, "Espaces publics", PlaceKind.PUBLIC_SPACE),
    PlaceSpec(M, "Médiathèque", PlaceKind.EQUIPMENT),
    PlaceSpec(M, "Ludothèque", PlaceKind.EQUIPMENT),
    PlaceSpec(M, "Centres sociaux municipaux", PlaceKind.EQUIPMENT),
    PlaceSpec(M, "City stades", PlaceKind.PUBLIC_SPACE),
)

SERVICES = (
    # Art. 8: « La collectivité s'engage à réaliser (en régie ou via une association) la mission
    # de prévention spécialisée ». No authorisation is cited.
    ServiceSpec(name=SERVICE, operator=COMMUNE, departement=DEPARTEMENT, communes=(M,)),
)

LEGAL_BASES = (
    "Vu l'article L121-2 du code de l'action sociale et des familles (CASF) : « Dans les quartiers "
    "prioritaires de la politique de la ville et dans les lieux où se manifestent des risques "
    "d'inadaptation sociale le département participe aux actions visant à prévenir la "
    "marginalisation et à faciliter l'insertion ou la promotion sociale des jeunes et des "
    "familles, qui peuvent prendre une ou plusieurs des formes suivantes : 1° Actions tendant à "
    "permettre aux intéressés d'assurer leur propre prise en charge et leur insertion sociale ; "
    "2° Actions dites de prévention spécialisée auprès des jeunes et des familles en difficulté ou "
    "en rupture avec leur milieu ; 3° Actions d'animation socio-éducatives ; 4° Actions de "
    "prévention de la délinquance. Pour la mise en œuvre des actions mentionnées au 2° ci-dessus, "
    "le président du conseil départemental habilite des organismes publics ou privés dans les "
    "conditions prévues aux articles L. 313-8, L. 313-8-1 et L. 313-9 ».",
    "Vu l'article L221-1-2° du CASF : « le service de l'aide sociale à l'enfance est un service "
    "non personnalisé du département chargé […] d'organiser dans les lieux où se manifestent des "
    "risques d'inadaptation sociale, des actions collectives visant à prévenir la marginalisation "
    "et à faciliter l'insertion ou la promotion sociale des jeunes et des familles ».",
    "Vu l'article L121-6 du CASF : « Par convention passée avec le département, une commune peut "
    "exercer directement tout ou partie des compétences qui, dans le domaine de l'action sociale, "
    "sont attribuées au département en vertu des articles L. 121-1 et L. 121-2. La convention "
    "précise l'étendue et les conditions financières de la délégation de compétence, ainsi que "
    "les conditions dans lesquelles les services départementaux correspondants sont mis à la "
    "disposition de la commune ».",
    "Vu la Séance Plénière du 14 décembre 2022 ayant adopté les crédits correspondants.",
    "Vu la Commission Permanente du 20 février 2023 ayant approuvé la répartition des crédits en "
    "fonction des critères d'éligibilité arrêtés en Commission Permanente du 18 décembre 2017.",
    "Parcours Solidarités 2019/2024 : le schéma unique du Département.",
)

ARTICLE_1 = """\
La présente convention a pour objet de définir le cadre partenarial et les modalités \
contractuelles entre la commune de Montélimar et le Département de la Drôme en matière de \
prévention spécialisée pour la période 2023-2025."""

ARTICLE_2 = """\
La prévention spécialisée fonde sa légitimité, sa singularité, et sa spécificité sur les \
principes et objectifs suivants :

• Il s'agit d'une pratique éducative inscrite dans le champ du travail social, ayant sa \
singularité propre dans le cadre des missions de l'ASE et la rejoignant en amont ou en \
complémentarité des dispositifs de la protection de l'enfance et de l'adolescence,

• C'est une mission éducative auprès et avec des jeunes et des groupes de jeunes dans leur \
milieu de vie basée sur un travail de rue et composée d'actions individuelles et collectives \
dans et sur l'environnement ; elle s'adapte en permanence aux besoins des jeunes et du milieu,

• Son action est basée sur le principe de libre adhésion et de l'anonymat, visant à établir une \
relation de confiance,

• Elle est un outil de prévention et d'intégration sociale en milieu ouvert sans mandat \
administratif ou judiciaire individualisé, qui vise à créer et à inventer des solutions pour \
prévenir la marginalisation et l'inadaptation sociale ; par son action la prévention spécialisée \
contribue à la lutte contre la violence, l'exclusion, la délinquance, la radicalisation, et la \
montée du sentiment d'insécurité,

• Elle participe aux politiques sociales, à la politique de la ville, à la politique de \
l'éducation, cette mission est exercée dans la perspective de relais avec les professionnels des \
autres institutions concernées.

Les objectifs attendus sont les suivants :
- Concourir à la socialisation, développer la citoyenneté et la vie sociale,
- Favoriser la réussite scolaire et l'insertion professionnelle des jeunes,
- Participer à la mise en œuvre de l'obligation de formation,
- Prévenir les conduites à risques,
- Accompagner à la santé de jeunes
- Renforcer le partenariat entre les acteurs.

Les professionnels qualifiés doivent aux travers de leurs interventions :

• Assurer une présence éducative sur les sites définis ci-dessous « travail de rue »,

• Concernant le territoire identifié, la collectivité mettra en place le dispositif de \
prévention spécialisée dans les lieux ou espaces suivants :
- Quartiers en géographie prioritaire :
- Dans et autour des collèges et lycées :
- Équipements socioculturels : Maisons de quartiers, Espace Enfance, Foyers, etc.

• Accompagner les jeunes en rupture dans leurs projets d'insertion sociale :
- Réussite scolaire et éducative
- Emploi et formation
- Logement
- Santé
- Famille / parentalité
- Loisirs et citoyenneté
- Justice et accès aux droits
- Problèmes administratifs

• Favoriser l'accès des jeunes aux structures ou dispositifs existants notamment dans le \
domaine de l'animation socioculturelle ou de l'éducation populaire.

• Travailler sur les groupes existants et poursuivre les actions engagées : partenariats, \
chantiers éducatifs.

Les actions de prévention spécialisée doivent s'inscrire dans des lieux où se manifestent des \
risques d'inadaptation sociale.

Le référentiel départemental de la prévention spécialisée permettra une appropriation par tous \
du dispositif, de sa pratique, et de ses attentes."""

ARTICLE_3 = """\
Les actions de prévention spécialisée s'adressent à un public de préadolescents, adolescents et \
jeunes adultes en risque ou en cours de marginalisation de 10 à 21 ans.

Afin d'optimiser les interventions des différents acteurs concernés et renforcer ainsi l'action \
éducative partagée auprès des jeunes, le partenariat devra être poursuivi :
- avec les collèges du secteur,
- avec les structures et les associations d'éducation populaire et en lien étroit avec le \
service de Prévention de la collectivité.

Une collaboration ou contribution en qualité d'expert sera prévue :
- avec les services sociaux du département (Services ASE, CMS),
- avec les structures de prévention de la délinquance le cas échéant et tout autre dispositif de \
prévention des conduites à risques.

Au-delà, pour les jeunes en cours de prise en charge, notamment dans le cadre d'un parcours \
scolaire, de qualification, ou d'insertion, l'accompagnement pourra être exercé jusqu'à la fin \
dudit parcours dans la perspective d'une prise de relais par les dispositifs de droit commun, \
défini en terme de calendrier."""

ARTICLE_4 = """\
Dans le cadre de la présente convention, les actions de prévention spécialisée s'exercent sur les \
quartiers suivants tels que définis dans le Décret n°2014-1750 du 30 décembre 2014 fixant la \
liste des quartiers prioritaires de la politique de la ville dans les départements \
métropolitains :

- quartier Nocaze
- quartier Centre Ancien
- quartier Ouest

Sur ces espaces, la ville de Montélimar mettra en place le dispositif de prévention spécialisée \
dans les lieux suivants :
- Quartiers Pracomtal, Grangeneuve, Jean Moulin, Bagatelle, centre-ville (ancien), Nocaze,
- Dans et autour des collèges : Europa, Alain Borne, Monod
- Espaces publics,
- Equipements culturels et socio-culturels : Médiathèque, ludothèque, centres sociaux \
municipaux, city stades…
Les équipes d'intervenants seront également présentes lors des manifestations collectives."""

ARTICLE_5 = """\
Les équipes de professionnels financées par le Département au titre de la mission de prévention \
spécialisée seront composées de personnels diplômés relevant du cadre d'emploi d'éducateur \
spécialisé ou équivalence de formation.

La validation des acquis d'expérience pour des personnels non titulaires du diplôme requis sera \
impérative dans un délai de 2 ans après la mise en œuvre de la convention.

Les personnels poursuivront également un processus de formation complémentaire lié à la mission \
spécifique de prévention spécialisée.

Un encadrement technique permettant une régulation et une supervision sera prévu par la \
collectivité ou l'opérateur choisi."""

ARTICLE_6 = """\
Le Département assure à la collectivité la participation au financement de 6 postes de \
prévention par une dotation fixe de 245 000 € par an.

Un versement de 60% de la dotation annuelle sera versé courant 1er trimestre de l'année en cours \
si un 1 ETP au moins est en poste.
Le solde soit 40% sera réglé sur présentation du rapport d'activité N-1, comme détaillé à \
l'article 10 ainsi qu'un état des effectifs composé des CV des éducateurs présents (date \
d'arrivée et date de départ) sur l'année avec une transmission avant le 30 novembre de l'année \
N. Si la présence éducative réelle sur l'année est inférieure au prévisionnel alors le versement \
de ce solde sera effectué au prorata de la présence réelle des éducateurs.

Dans le cadre de la présente convention, le Département s'engage à apporter une dotation de \
735 000 € (245 000€ pour l'année 2023, 245 000€ pour l'année 2024 et 245 000 € pour 2025).

Le Département se réserve en outre la possibilité de solliciter la restitution de toute somme \
versée qui n'aurait pas été utilisée conformément aux engagements de la présente convention."""

ARTICLE_7 = """\
Le Département assure la responsabilité et le pilotage de la mission de prévention spécialisée \
et en est le garant. Il fixe les orientations générales et l'organisation territoriale. Il \
habilite les structures auxquelles il a été décidé par les collectivités de confier une partie \
de ces missions."""

ART_8_PARAGRAPHS = (
    "La collectivité s'engage à réaliser (en régie ou via une association) la mission de "
    "prévention spécialisée dans le respect du principe de libre adhésion et d'anonymat et à se "
    "doter pour cette mission des postes financés par le Département dans le cadre de la dotation "
    "globale.",
    "La mise en œuvre du dispositif de prévention spécialisé sur les territoires éligibles est "
    "placée sous la responsabilité du Maire dans le respect des principes établis par le "
    "Département en la matière et en coordination avec les acteurs territoriaux du Département.",
    "Pour ce faire, la commune s'engage à ce que le personnel soit recruté de façon effective dans "
    "le respect de l'article 5.",
    "L'exercice de la mission de prévention spécialisée se fait notamment en lien avec la "
    "politique de la ville, la politique de l'animation socioculturelle et d'éducation populaire, "
    "la politique de l'éducation, la politique de l'insertion, la politique médico-sociale et la "
    "politique de sécurité et de prévention de la délinquance.",
    "A ce titre, les actions de prévention spécialisée sont réalisées à l'appui d'un diagnostic "
    "local de la commune, construit par celle-ci en lien avec les partenaires, présenté et "
    "confronté aux instances départementales dédiées : Commission locale de suivi et Commission "
    "Départementale de prévention spécialisée.",
    "L'exercice de cette mission est librement décidé par la ville qui peut l'assurer directement "
    "au sein de ses services par des professionnels qualifiés, ou en confier sur sa propre "
    "initiative la gestion à tout organisme habilité, chargé de la gestion de ses personnels et "
    "de la mise en œuvre de la politique de prévention spécialisée.",
    "De manière générale, la collectivité s'engage à financer en propre les coûts de "
    "fonctionnement du dispositif.",
    "La commune s'engage à fournir au Conseil Départemental un rapport d'activité N-1 ainsi que "
    "tout justificatif attestant du bon emploi de la dotation versée au plus tard le 30 avril N.",
    "Tout support et élément de communication réalisé par la ville devra faire référence au "
    "partenariat avec le Département, comporter la marque « La Drôme » et établir un lien avec le "
    "site www.ladrome.fr.",
)
ARTICLE_8 = "\n\n".join(ART_8_PARAGRAPHS)

ARTICLE_9 = """\
Le dispositif de prévention spécialisé prend appui sur un diagnostic local réalisé par la \
commune en lien avec les partenaires, confronté en Commission locale de suivi, et validé par la \
Commission Départementale.

Il comporte les éléments suivants (liste non-exhaustive) :
- bassin géographique concerné et « zonage » spécifique,
- état du quartier, équipements structurants et socioculturels de quartiers, présence de \
services publics et/ou associatifs, existence de conseils ou comités de quartiers,
- données chiffrées : nombre d'habitants, composition par âge et par sexe, revenu moyen par \
habitant, nombre d'allocataires CAF, nombre de personnes au RSA, taux de chômage (notamment des \
18-21 ans), taux de logements sociaux, taux de scolarisation (dont nombre de jeunes de moins de \
16 ans déscolarisés), absences, faits et nombre d'actes de délinquance (évolution sur les 3 \
dernières années), nombre d'interpellation, nombre de jeunes suivis par la PJJ et l'ASE, nombre \
de mineurs mis en cause,
- difficultés identifiées rencontrées par les jeunes (logement, santé, emploi, insertion, \
éducation et scolarisation, formation professionnelle, animation culturelle et sportive, \
transports, etc.),
- relations partenariales et modes de collaboration,
- moyens de financement,
- lieux ou la prévention spécialisée est présente (et ou elle ne l'est pas),
- mode d'intervention de la prévention spécialisée mise en œuvre auprès des jeunes : nombre de \
jeunes en voie d'exclusion ou de marginalisation, type de comportements permettant de repérer \
les jeunes en voie de rupture sociale, moyens d'identification des processus de rupture sociale, \
tranches d'âges concernées, type de réponses apportées, outils mis en place (individuels et \
collectifs), mode partenarial utilisé,
- outils complémentaires à la prévention spécialisés,
- bilan et résultats des actions sur les trois dernières années,
- modalités d'évaluations internes et avec les partenaires,
- points forts / points d'amélioration."""

ARTICLE_10 = """\
Il est institué une Commission départementale de la prévention spécialisée présidée par la \
Présidente du conseil départemental, garante du dispositif et du bon fonctionnement du \
partenariat réunissant l'ensemble des représentants élus et techniques des sites mettant en place \
de la prévention spécialisée. Cette commission se réunit une fois par an.

Il est également créé un Comité de suivi local, instance technique présidée par le Conseiller \
départemental concerné et animé par les responsables territoriaux de la Direction Enfance \
Famille du territoire.

Ce comité de suivi local, composé du Maire ou du Président de la communauté de commune, de l'élu \
chargé de la prévention spécialisée et des éducateurs du service et des partenaires \
médico-sociaux intervenant sur le territoire se réunira tous les deux mois afin d'établir des \
bilans intermédiaires et d'orienter les différentes actions en fonction des circonstances \
locales (tensions sectorielles, événements…).

Un rapport d'activité sera réalisé présentant notamment les évolutions des données présentées à \
l'article 8, les informations relatives au fonctionnement du service (répartition du temps de \
travail (en%), le nombre de jeunes en relation avec l'équipe, le nombre de jeunes rencontrés, le \
nombre de jeunes en suivis individuels avec lesquels une action a été réalisée et son intensité, \
le nombre de jeunes en scolarité, en formation, en insertion, en emploi, diplômés, sans \
qualification, les problématiques et dysfonctionnements observés, les demandes exprimées, le \
nombre de familles connues, le nombre de familles avec lesquelles un travail est engagé, le \
nombre d'actions collectives engagées, la typologie, le nombre de participants, les résultats, \
l'évolution de la situation des jeunes accompagnés.

L'évaluation est menée sur la base du référentiel de prévention spécialisée conjoint (en annexe) \
qui permet d'identifier à partir d'indicateurs spécifiques les résultats effectifs en lien avec \
les objectifs attendus."""

ARTICLE_11 = """\
Cette convention entrera en vigueur à compter de sa signature et se terminera le 31 décembre \
2025."""

ARTICLE_12 = """\
Le non-respect d'une des clauses de la présente convention entraînera sa résiliation de plein \
droit si, après mise en demeure par lettre recommandée avec accusé de réception, la partie \
fautive ne se conformait pas aux obligations dans les trente jours qui suivent sa réception.

La résiliation s'effectuera par lettre recommandée avec accusé de réception."""

ARTICLE_13 = """\
Quelle que soit l'importance des litiges relatifs à l'exécution des présentes, les parties se \
rapprocheront préalablement à toute action susceptible d'être engagée auprès du Tribunal \
compétent."""

# The duties and staff rules of the convention, as typed clauses (reperes.conventions.catalogue).
# Art. 1: « pour la période 2023-2025 » — the start (the signature) is undated, so the clauses
# are in force from 1 January 2023; the convention ends on 31 December 2025 (art. 11).
FROM_2023 = date(2023, 1, 1)
# Art. 8, and art. 10 through it: the commune sends the Département, each year, what concerns
# year N-1 by 30 April of year N.
YEARLY_BY_30_APRIL = {
    "owner": PartyRole.OPERATOR,
    "recipients": [PartyRole.PILOT],
    "periodicity": due_rules.YEAR,
    "due": on_day(4, 30, 1),
}
CLAUSES = (
    # Art. 8: « La commune s'engage à fournir au Conseil Départemental un rapport d'activité N-1
    # ainsi que tout justificatif attestant du bon emploi de la dotation versée au plus tard le
    # 30 avril N »; art. 10: « Un rapport d'activité sera réalisé présentant notamment […] ».
    ClauseSpec(
        "rapport-activite",
        k.REPORT,
        "art. 8 et 10",
        {
            "model": "rapport-drome",
            "title": "Rapport d'activité et justificatifs du bon emploi de la dotation",
            **YEARLY_BY_30_APRIL,
        },
        valid_from=FROM_2023,
    ),
    # Art. 9: « un diagnostic local réalisé par la commune en lien avec les partenaires,
    # confronté en Commission locale de suivi, et validé par la Commission Départementale »;
    # art. 10: the yearly activity report presents « les évolutions des données présentées à
    # l'article 8 [9] ». No rhythm is written for the diagnostic itself: read as updated each
    # year with the report it feeds (30 April N+1), as the Pas-de-Calais référentiel requires.
    ClauseSpec(
        "diagnostic-local",
        k.DOCUMENT,
        "art. 9 et 10",
        {
            "document": DocumentKind.DIAGNOSTIC,
            "title": "Actualisation du diagnostic local",
            **YEARLY_BY_30_APRIL,
        },
        valid_from=FROM_2023,
    ),
    # Art. 6: « un état des effectifs composé des CV des éducateurs présents (date d'arrivée et
    # date de départ) sur l'année avec une transmission avant le 30 novembre de l'année N ».
    ClauseSpec(
        "etat-effectifs",
        k.DOCUMENT,
        "art. 6",
        {
            "document": DocumentKind.STAFF_STATEMENT,
            "title": "État des effectifs (CV, dates d'arrivée et de départ des éducateurs)",
            "owner": PartyRole.OPERATOR,
            "recipients": [PartyRole.PILOT],
            "periodicity": due_rules.YEAR,
            "due": on_day(11, 30),
        },
        valid_from=FROM_2023,
    ),
    # Art. 5: « La validation des acquis d'expérience pour des personnels non titulaires du
    # diplôme requis sera impérative dans un délai de 2 ans après la mise en œuvre de la
    # convention » — the educational staff the Département finances.
    ClauseSpec(
        "vae",
        k.QUALIFICATION,
        "art. 5",
        {
            "category": StaffCategory.SOCIAL_WORKER,
            "delay_value": 2,
            "delay_unit": "years",
            "means": "Validation des acquis de l'expérience",
        },
        valid_from=FROM_2023,
    ),
    # Art. 6: « la participation au financement de 6 postes de prévention » (read as 6 ETP of
    # social workers); « Si la présence éducative réelle sur l'année est inférieure au
    # prévisionnel alors le versement de ce solde sera effectué au prorata de la présence
    # réelle des éducateurs ».
    ClauseSpec(
        "postes-finances",
        k.MINIMUM_STAFF,
        "art. 6",
        {
            "category": StaffCategory.SOCIAL_WORKER,
            "fte": "6",
            "condition": "Le solde est versé au prorata de la présence réelle des éducateurs.",
        },
        valid_from=FROM_2023,
    ),
)

CONVENTION = ConventionSpec(
    title="Convention de partenariat 2023-2025 entre le Département de la Drôme et la commune de "
    "Montélimar relative au dispositif de prévention spécialisée",
    short_title="Drôme / Montélimar 2023-2025",
    kind=ConventionKind.PREVENTION,
    object=ARTICLE_1,
    source=SOURCE,
    terms=TermsSpec(
        # Art. 11: « entrera en vigueur à compter de sa signature et se terminera le 31 décembre
        # 2025 ».
        period_kind=PeriodKindChoices.FIXED,
        starts_at_signature=True,
        ends_on=date(2025, 12, 31),
        # Art. 12: « dans les trente jours qui suivent sa réception ».
        formal_notice_value=30,
        formal_notice_unit=DelayUnit.DAYS,
    ),
    parties=(
        PartySpec(
            DEPARTEMENT,
            PartyRole.PILOT,
            "« la Drôme »",
            signatories=(
                PRESIDENTE_DEPARTEMENT.signs(
                    CP_20_FEVRIER_2023, "agissant en vertu de la délibération du 20 février 2023"
                ),
            ),
            commitments=(
                ARTICLE_7,
                "Le Département assure à la collectivité la participation au financement de 6 "
                "postes de prévention par une dotation fixe de 245 000 € par an.",
                "Dans le cadre de la présente convention, le Département s'engage à apporter une "
                "dotation de 735 000 € (245 000€ pour l'année 2023, 245 000€ pour l'année 2024 et "
                "245 000 € pour 2025).",
            ),
        ),
        PartySpec(
            COMMUNE,
            PartyRole.OPERATOR,
            "la « Commune »",
            signatories=(
                MAIRE.signs(
                    CM_MONTELIMAR,
                    "dûment habilité(e) aux fins des présentes, par délibération du …",
                ),
            ),
            commitments=(
                *ART_8_PARAGRAPHS,
                # Art. 6.
                "Un état des effectifs composé des CV des éducateurs présents (date d'arrivée et "
                "date de départ) sur l'année avec une transmission avant le 30 novembre de "
                "l'année N.",
            ),
        ),
    ),
    legal_bases=LEGAL_BASES,
    articles=(
        ArticleSpec("1", "Objet", ARTICLE_1),
        ArticleSpec("2", "Principes et objectifs de la Prévention Spécialisée", ARTICLE_2),
        ArticleSpec("3", "Public ciblé", ARTICLE_3),
        ArticleSpec("4", "Quartiers concernés", ARTICLE_4),
        ArticleSpec("5", "Moyens Humains / Qualifications", ARTICLE_5),
        ArticleSpec(
            "6", "Financement et modalités de versement de la dotation annuelle", ARTICLE_6
        ),
        ArticleSpec("7", "Engagements du Département", ARTICLE_7),
        ArticleSpec("8", "Engagement de la commune", ARTICLE_8),
        ArticleSpec("9", "Diagnostic local", ARTICLE_9),
        ArticleSpec("10", "Gouvernance / Suivi / Évaluation", ARTICLE_10),
        ArticleSpec("11", "Durée", ARTICLE_11),
        ArticleSpec("12", "Résiliation et modification", ARTICLE_12),
        ArticleSpec("13", "Règlements des litiges", ARTICLE_13),
    ),
    annexes=(
        AnnexSpec(
            "",
            "Référentiel de prévention spécialisée conjoint",
            "Annoncé « en annexe » par l'article 10 : l'évaluation est menée sur sa base. Son "
            "texte ne figure pas dans la convention transmise.",
        ),
    ),
    clauses=CLAUSES,
    service=SERVICE,
    communes=(M,),
    quartiers=tuple((M, name) for name in (NOCAZE, CENTRE_ANCIEN, OUEST, *OTHER_QUARTIERS)),
    places=tuple((p.commune, p.name) for p in PLACES),
    # « Fait à Valence, le [blanc] — En deux exemplaires originaux ».
    is_signed=True,
    signed_on=None,
    signed_on_text="Fait à Valence, le",
    signed_at="Valence",
    copies=2,
    jurisdiction="Rapprochement préalable des parties avant toute action auprès du Tribunal "
    "compétent (art. 13).",
    warnings=(
        warning(
            SOURCE,
            "préambule",
            "La mention « 17.04.2023 » figure seule dans le préambule, entre deux visas, sans "
            "contexte : elle n'est retenue ni comme date de signature ni comme date d'effet.",
            ("17.04.2023",),
            field="signed_on",
        ),
        warning(
            SOURCE,
            "articles 9 et 10",
            "L'article 10 renvoie aux « données présentées à l'article 8 » ; les données du "
            "diagnostic local sont à l'article 9.",
            ("article 8 (écrit)", "article 9 (diagnostic local)"),
            field="clauses",
        ),
    ),
)

SEED = Seed(
    number="004",
    source=SOURCE,
    organisations=ORGANISATIONS,
    representatives=REPRESENTATIVES,
    deliberations=(CP_20_FEVRIER_2023, CM_MONTELIMAR),
    quartiers=QUARTIERS,
    places=PLACES,
    services=SERVICES,
    conventions=(CONVENTION,),
)
