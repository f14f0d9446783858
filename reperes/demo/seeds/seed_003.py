"""Seed 003 — Metz: global partnership protocol CAF de la Moselle / Ville de Metz / CCAS de Metz,
with its thematic « fiches annexes » (file ``003_2f1690ca495ccbad.txt``).

The protocol has no numbered articles, no « Vu » and no date: its sections are loaded as
clauses under their own headings, the fiches as annexes. Metz is in Moselle: the organisations
carry département 57, so delays are computed with the Alsace-Moselle holidays.
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
    OrganisationSpec,
    PartySpec,
    RepresentativeSpec,
    Seed,
    TermsSpec,
    on_day,
    warning,
)
from reperes.partners.enums import OrganisationKind
from reperes.people.enums import DocumentKind
from reperes.rules import due as due_rules

SOURCE = "Seed 003 — protocole global CAF de la Moselle / Ville de Metz / CCAS de Metz"

CAF = "Caisse d'allocations familiales de la Moselle"
VILLE = "Commune de Metz"
CCAS = "CCAS de Metz"

ORGANISATIONS = (
    # Parties: « La Caisse d'Allocations Familiales »; the fiches name it « Caisse
    # d'allocations familiales de la Moselle ».
    OrganisationSpec(CAF, OrganisationKind.CAF, "57", short_name="CAF de la Moselle"),
    OrganisationSpec(VILLE, OrganisationKind.COMMUNE, "57", commune=c.METZ.insee_code),
    OrganisationSpec(CCAS, OrganisationKind.CCAS, "57", commune=c.METZ.insee_code),
)

# Parties: the CAF is represented by its Président « et sa Directrice, Madame de METZ NOBLAT »
# (first name not given).
PRESIDENT_CAF = RepresentativeSpec(CAF, "Robert CANTISANI", "Président")
DIRECTRICE_CAF = RepresentativeSpec(CAF, "Madame de METZ NOBLAT", "Directrice")
MAIRE = RepresentativeSpec(VILLE, "Dominique GROS", "Maire")
VICE_PRESIDENTE_CCAS = RepresentativeSpec(CCAS, "Christiane PALLEZ", "Vice-Présidente")
REPRESENTATIVES = (PRESIDENT_CAF, DIRECTRICE_CAF, MAIRE, VICE_PRESIDENTE_CCAS)

PREAMBULE = """\
Les Caisses d'Allocations Familiales, les Communes et les C.C.A.S. ont pour mission de participer au développement social des territoires où ils sont implantés et mènent à ce titre des politiques en faveur de la population.

La Caisse d'Allocations Familiales, la Ville de METZ et le C.C.A.S. de METZ dans un contexte marqué par la diversité de dispositifs souvent insuffisamment coordonnés, souhaitent formaliser et renforcer leur partenariat dans le cadre d'un conventionnement global.

Cette convention exprime la volonté conjointe des trois partenaires de renforcer la cohérence et l'efficacité de leurs interventions afin de mieux répondre aux besoins de la population et de s'adapter aux évolutions de la réalité locale. Cette démarche « globale » vient en complément de partenariats spécifiques existants (tels que le Contrat Enfance Jeunesse , le Contrat Urbain de Cohésion Sociale, etc...) ou à venir."""

FINALITES = """\
- Articuler les politiques menées par la Caisse d'Allocations Familiales, la Ville de METZ et le C.C.A.S de METZ en direction de la population, dans les domaines de l'action sociale et familiale.
- Améliorer la cohérence et l'efficacité de l'intervention territoriale des trois partenaires afin de mieux répondre aux besoins de la population,
- Améliorer l'expertise des acteurs et la prise en compte des spécificités du territoire concerné, par l'échange de données statistiques et la mise en œuvre d'une observation sociale partagée.

- Définir de manière concertée des objectifs de qualité sur les différents thèmes de coopération, qui soient simples, mesurables, accessibles et contrôlables,
- Optimiser les procédures liées au financement des projets d'actions portés par les associations et bénéficiant de financements multiples prévus dans les différents dispositifs."""

DOMAINES = """\
- Animation et vie sociale (centres sociaux, ...)
- Accompagnement des familles notamment les plus démunies,
- Petite enfance et parentalité (accueil 0-6ans, périscolaire, programme de réussite éducative...),
- Logement et Habitat,
- Observatoire de données sociales"""

MODALITES = """\
a) Comité de pilotage

Co-présidé par le Maire, le Vice-Président du C.C.A.S. et le Président de la Caisse d'Allocations Familiales ou leurs représentants respectifs, il se réunit à l'initiative de la Ville de Metz.

Composition

- Ville Metz : 4 représentants, le Maire, L'Adjointe en charge de la Politique de la Ville et du Logement, l'Adjoint en charge de l'Animation, de la Jeunesse et de la Vie Associative, l'Adjointe en charge des Affaires Scolaires et de l'Action Educative
- Caisse d'Allocations Familiales : 4 représentants
- Centre Communal d'Action Sociale : 2 représentants

Fonctions

- Se réunit au moins une fois par an pour arrêter les orientations stratégiques et les principes de mise en œuvre et de suivi du projet de coopération,
- Arrête les territoires et les champs de coopération jugés prioritaires,
- Valide les bilans et propositions du Comité Technique,

b) Comité technique

Il est animé par un représentant des services de la Ville de Metz dûment mandaté.

Composition

Le Comité technique est composé des responsables des services concernés ou de leurs représentants.

Fonctions

- Formule des propositions au Comité de Pilotage quant aux territoires, aux champs de coopération et aux axes de travail à mener avec les acteurs locaux. Ces propositions préciseront les objectifs visés ainsi que les modalités d'évaluation de ces démarches partenariales.

Pour ce faire, le Comité Technique s'appuie sur la démarche méthodologique suivante :

- Un état des lieux et des constats portant sur :
  - Les compétences réciproques et les coopérations existantes entre les trois partenaires,
  - La connaissance des caractéristiques de la population ainsi que des problématiques, ressources et potentialités du territoire de METZ,
  - Les actions existantes sur le territoire et les pratiques de coopération initiées entre les acteurs locaux.
- Assure la mise en œuvre du projet de coopération arrêté par le Comité de Pilotage.
- Organise la concertation avec les autres acteurs autour de thèmes retenus par le Comité de Pilotage dans le cadre des groupes de travail thématiques."""

THEMES = """\
Ces thèmes de coopération qui s'inscrivent dans le champ des compétences partagées par les trois partenaires sont déterminés annuellement par le Comité de Pilotage. Ils font l'objet d'une annexe à la présente convention et seront déclinés en fiches-actions. Cette dynamique de travail partenarial pourra être développée et évaluée à l'échelle de territoires communaux spécifiques."""

DUREE = """\
Le présent protocole est adopté pour une durée de trois ans à compter de la date de signature."""

DENONCIATION = """\
Chaque partie a la possibilité de dénoncer le présent protocole à tout moment par lettre recommandée avec Accusé de Réception."""

# The « Précisions réglementaires » that four of the fiches end on, word for word.
SECRET_STATISTIQUE = """\
PRECISIONS REGLEMENTAIRES

Le transfert d'informations statistique s'opère dans le cadre de la réglementation concernant le respect du secret statistique et la Loi Informatique et Liberté.

Les informations échangées ne permettront pas, sous quelque forme que ce soit, l'identification directe ou indirecte des personnes physiques auxquelles elles s'appliquent. Conformément aux règles de secret statistique, les partenaires s'engagent à ne diffuser aucune donnée portant sur une zone géographique comptant moins de 100 allocataires et à ne diffuser aucune donnée ou case de tableau dont l'effectif serait inférieur à 5."""

FICHE_HABITAT_LOGEMENT = f"""\
Année(s) : 2009-2010

ÉLÉMENTS DESCRIPTIFS DE L'EXISTANT :

La connaissance et l'analyse par les signataires de la convention globale de données relatives aux conditions de vie des habitants de la commune, notamment des quartiers qualifiés de prioritaires au titre de la cohésion sociale, intègrent nécessairement celles concernant l'habitat et le logement.

PRÉOCCUPATIONS PARTAGÉES :

La ville de Metz, le CCAS de Metz et la Caisse d'allocations familiales de la Moselle ont la volonté :

- d'approfondir la connaissance de la population de Metz et de ses quartiers notamment en disposant de données précises et actualisées sur ses conditions d'habitat et de logement
- de disposer de données relatives au logement social précises et actualisées
- de mettre en œuvre un Programme d'Intérêt Général Habitat Dégradé

OBJECTIFS DU PARTENARIAT :

Le partenariat vise à :

- approfondir la connaissance de la population de Metz et de ses conditions d'habitat par la Ville, le CCAS et la Caf
- mener des études thématiques
- résorption du logement indigne
- participer ou/ être associé à l'amélioration du cadre de vie des quartiers prioritaires
- faciliter l'accès au logement des jeunes

PRIORITÉS RETENUES :

- Partage d'indicateurs sur l'habitat et le logement
- suivi de l'évolution des indicateurs
- Accompagnement des familles notamment les plus démunies
- Mise en œuvre du protocole d'intervention pour un programme d'intérêt général Habitat Dégradé

ACTIONS DE PARTENARIAT À DÉVELOPPER :

Voir priorités retenues

INDICATEURS D'ÉVALUATION :

- Mise en place d'une base de données partagée
- évolution quantitative et qualitative du parc de logements sociaux et de logements privés à vocation sociale

{SECRET_STATISTIQUE}"""

FICHE_OBSERVATOIRE = f"""\
Année(s) : 2009-2010

ÉLÉMENTS DESCRIPTIFS DE L'EXISTANT :

De nombreuses données socio-démographiques détenues par la Ville, le CCAS (par exemple : l'analyse annuelle des besoins sociaux) et la Caf (par exemple : statistiques Epicaf), mais un partage limité à quelques échanges ponctuels

PRÉOCCUPATIONS PARTAGÉES :

La ville de Metz, le CCAS de Metz et la Caisse d'allocations familiales de la Moselle ont la volonté :

- d'améliorer leur réponse aux problèmes familiaux et sociaux rencontrés par les Messins
- de mieux anticiper les évolutions socio-démographiques de la commune

OBJECTIFS DU PARTENARIAT :

Le partenariat vise à :

- approfondir la connaissance de la population de Metz et de ses quartiers par la Ville, le CCAS et la Caf
- mener des études thématiques
- évaluer les dispositifs gérés et financés par la Ville, le CCAS et/ou la Caf, et le cas échéant les adapter

PRIORITÉS RETENUES :

- partage d'indicateurs socio-démographiques en vue de la constitution d'une base de données au niveau de la commune, de ses quartiers et Iris (Ilot Regroupé pour l'Information Statistique), contenant cartes, graphiques et tableaux de bord commentés et analysés
- suivi de l'évolution des indicateurs
- sur l'une des thématiques à déterminer parmi Animation et vie sociale, Accompagnement des familles notamment les plus démunies, Petite enfance et parentalité, Logement et Habitat :
  - élaboration d'un bilan des besoins de la population et des réponses apportées par les institutions et associations
  - mise en évidence des points forts et des points d'amélioration
  - élaboration de propositions d'évolution permettant la prise de décisions par le Copil

ACTIONS DE PARTENARIAT À DÉVELOPPER :

Voir priorités retenues

INDICATEURS D'ÉVALUATION :

Mise en place d'une base de données partagée, facilement accessible et lisible
Satisfaction du Copil sur la qualité des indicateurs restitués

{SECRET_STATISTIQUE}"""

FICHE_PARENTALITE = f"""\
Année(s) : 2009-2010

ÉLÉMENTS DESCRIPTIFS DE L'EXISTANT :

La cellule familiale reste le lieu fondamental d'éducation et de socialisation des enfants. Or, l'évolution de la société française, avec notamment l'augmentation du nombre de familles monoparentales et multiparentales conjuguée aux effets d'un contexte socio économique dégradé dans certains quartiers de la commune de Metz, rendent la fonction parentale de plus en plus délicate à exercer.

Conscients de ce problème, la ville de Metz, le CCAS et la CAF soutiennent et participent à de nombreux dispositifs et projets visant sauvegarder, développer et conforter les fondements d'une relation parent(s)/ enfant(s) équilibrée

- CLAS
- REAAP
- Programme de réussite éducative
- Lieux d'accueil parents –enfants
- ...

PRÉOCCUPATIONS PARTAGÉES :

La ville de Metz, le CCAS de Metz et la Caisse d'allocations familiales de la Moselle ont la volonté de rendre lisible et cohérent leur soutien aux actions sur la parentalité. Mais conscient que les crédits ne sont pas extensibles, il s'agit de répondre au mieux aux besoins émergents mais également de donner les moyens aux opérateurs de travailler sur le long terme.

OBJECTIFS DU PARTENARIAT :

Le partenariat vise à :

- Créer un référentiel commun sur la question de la parentalité
- Avoir une lisibilité sur les actions développées sur l'ensemble de la commune (qui finance quoi, quel public, quels objectifs, quel territoire...)
- Coordonner les financements
- Coordonner les actions et faciliter les collaborations entre les intervenants
- Répondre de manière la plus cohérente possible aux besoins des populations (en lien avec l'observatoire social).
- Avoir un positionnement concerté sur le soutien apporté aux actions associatives et viser à un équilibre territorial des projets développés
- Elaborer une méthodologie d'évaluation concertée des actions développées et soutenues
- Qualifier les acteurs

PRIORITÉS RETENUES :

- Identifier les différents opérateurs et réaliser une cartographie des actions liées à la parentalité sur l'ensemble du territoire

- Continuer à soutenir les différentes actions actuellement en place
- Définir le positionnement des actions et leur pertinence au regard des projets nouvellement mis en œuvre (Dispositif de Réussite Educative, AGORA Patrotte/Chemin de la Moselle)
- Veiller à une juste répartition des actions en fonctions des besoins recensés
- Donner les moyens aux acteurs de se qualifier sur la question de la parentalité

ACTIONS DE PARTENARIAT À DÉVELOPPER :

Voir priorités retenues

INDICATEURS D'ÉVALUATION :

- *nombre de familles bénéficiaires de projets*
- *évaluation des projets associatifs développés au titre de cette thématique*
- *données exploitées dans le cadre de la mise en œuvre du dispositif de réussite éducative*

{SECRET_STATISTIQUE}"""

FICHE_PATROTTE = f"""\
Année(s) : 2009-2010

ÉLÉMENTS DESCRIPTIFS DE L'EXISTANT :

Quartiers éligibles à la politique de la ville à fort taux de logement social souffrant de déséquilibres urbains, sociaux et économiques marqués (cf données chiffrées annexées), justifiant une mobilisation renforcée de moyens et dispositifs visant des objectifs de cohésion sociale.

Une population majoritairement touchée par des difficultés d'ordre social et économique menacée d'exclusion, vivant dans un cadre urbain fortement dégradé nécessitant la mise en œuvre de processus de rénovation concertés.

PRÉOCCUPATIONS PARTAGÉES :

La ville de Metz, le CCAS de Metz et la Caisse d'allocations familiales de la Moselle qui mobilisent des moyens au sein de ces quartiers ont la volonté :

- de renforcer l'approche concertée et partenariale des problématiques rencontrées en s'appuyant notamment sur la dynamique qui doit résulter des projets et dispositifs suivants :
  - > AGORA/ Maison du Projet : lieu d'émergence de projets en direction des habitants
  - > partenariat à venir dans le cadre de la future opération de rénovation urbaine : définition d'un projet de redynamisation urbaine intégrant une importante dimension sociale et économique
  - > partenariat au titre du dispositif de réussite éducative initiée à compter de 2009 (actions de soutien à la parentalité, participation aux travaux des équipes pluridisciplinaires etc...)
- de conforter les dispositifs mobilisés en direction des habitants de ce secteur
- de mieux anticiper les évolutions socio-démographiques de ces quartiers

OBJECTIFS DU PARTENARIAT :

- élaborer et développer des stratégies d'actions dans un cadre partenarial
- avoir un positionnement cohérent face aux associations qui interviennent et développent des projets poursuivant des objectifs de cohésion sociale en direction des habitants => instruction concertée des projets et des demandes de subvention qui concernent des actions s'inscrivant dans les domaines d'intervention des partenaires
- évaluer le degré de pertinence des dispositifs gérés et financés par la Ville, le CCAS et/ou la Caf, et le cas échéant les adapter. Il s'agit notamment de disposer d'outils et de méthodes d'évaluation partagés permettant d'élaborer des stratégies d'intervention partenariales concertées.

PRIORITÉS RETENUES :

- disposer d'un recueil de données de nature socio-économique et démographique récentes sur le quartier afin d'adapter la réponse apportée aux évolutions de la réalité locale
- renforcer dans le cadre du projet AGORA Patrotte/ Chemin de la Moselle la dynamique de travail partenarial existante

ACTIONS DE PARTENARIAT À DÉVELOPPER :

Voir priorités retenues

INDICATEURS D'ÉVALUATION :

- *évolution des données chiffrées des indicateurs socio-démographiques*
- *analyse de l'impact des projets d'origine institutionnelle ou associative développés*

{SECRET_STATISTIQUE}"""

FICHE_INTERVENTION_SOCIALE = """\
année(s) : 2009-2010

ÉLÉMENTS DESCRIPTIFS DE L'EXISTANT :

La ville de Metz, le CCAS de Metz, engagent, à l'intention des habitants, des politiques sociales relatives notamment au logement, à l'enfance et à la Jeunesse, à la précarité. La Caf de la Moselle mène, dans le cadre de sa politique d'action sociale et sur des thématiques similaires, des actions en faveur des familles allocataires.

PRÉOCCUPATIONS PARTAGÉES :

La ville de Metz, le CCAS de Metz et la Caisse d'allocations familiales de la Moselle ont la volonté :

- d'approfondir la connaissance de la population de Metz et de ses quartiers notamment en disposant de données précises et actualisées sur les domaines économique et social
- de coordonner leurs interventions tant au plan des aides aux familles, du financement des acteurs locaux de la vie sociale
- de renforcer leur partenariat dans l'offre de services à la population

OBJECTIFS DU PARTENARIAT :

Le partenariat vise à :

- approfondir la connaissance de la population de Metz par la Ville, le CCAS et la Caf
- rechercher la meilleure affectation des aides financières individuelles et des subventions aux associations en optimisant le service rendu à la population
- faciliter les relations entre les responsables de la Caf et ses intervenants sociaux (conseillers techniques, travailleurs sociaux) et ceux de la ville de Metz ainsi que de son CCAS

PRIORITÉS RETENUES :

- Rédiger une convention facilitant l'accès des parents isolés bénéficiaires du RSA, qui font l'objet d'un accompagnement par la Caf aux équipements d'accueil gérés par le CCAS
- réflexion et propositions sur une coordination de l'octroi des aides financières aux familles et des financements aux associations
- connaissance réciproque des personnels de la ville, du CCAS et de la Caf intervenant auprès des familles et de leurs activités
- réflexion et propositions sur des coopérations associant le CCAS et le travail social de la Caf au sujet des services à rendre aux familles
- recherche d'une optimisation du service rendu par les équipements financés

ACTIONS DE PARTENARIAT À DÉVELOPPER :

Voir priorités retenues

INDICATEURS D'ÉVALUATION :

- Mise en place d'une base de données partagée (Cf fiche « observatoire de données sociales)
- Documents produits (conventions, analyses et projets)
- Cooperations engagées

PRECISIONS REGLEMENTAIRES

Le partenariat entre la ville, le CCAS et la Caf s'inscrit dans le respect des compétences et prérogatives de chacun."""

FICHE_PERISCOLAIRE = """\
Année(s) : 2009-2010

ÉLÉMENTS DESCRIPTIFS DE L'EXISTANT :

La Ville de Metz depuis deux ans met en œuvre une politique volontariste afin que tous les enfants de Metz puissent bénéficier d'un accueil Périscolaire de qualité. Depuis septembre 2009 l'ensemble des enfants scolarisés dans les écoles maternelles et élémentaires ont accès à ce service.

PRÉOCCUPATIONS PARTAGÉES :

Le contexte socio économique évolue. Il convient donc de bien adapté l'accueil périscolaire à ces évolutions sans jamais omettre le rythme de l'enfant.
Il convient de créer un dynamisme et une interaction entre les associations organisatrices et la Ville afin de co-construire une proposition d'activité de qualité.

OBJECTIFS DU PARTENARIAT :

Le partenariat vise à :

- Offrir aux familles un accueil de qualité pour leur enfant,
- Travailler avec les associations organisatrices afin qu'elles pratiquent un tarif identique qui prend en compte les réalités économiques des ménages.

PRIORITÉS RETENUES :

- Inscrire l'accueil périscolaire dans un projet éducatif global.
- Amélioration des conditions d'accueil des – de 6 ans.
- Mise en place d'une trame de projet pédagogique commune.

ACTIONS DE PARTENARIAT À DÉVELOPPER :

- Voir Priorités retenues

INDICATEURS D'ÉVALUATION :

- Statistiques sur la fréquentation.
- Enquête de satisfaction auprès des familles.
-

PRÉCISIONS RÉGLEMENTAIRES

Depuis septembre 2009 , tous les accueils périscolaires sont déclarés à la Direction Départementale de la Jeunesse et des Sports qui leur impose un cadre réglementaire très clair en terme de qualification de l'encadrement et de locaux."""

FICHE_PETITE_ENFANCE = """\
Année(s) : 2009-2010

ÉLÉMENTS DESCRIPTIFS DE L'EXISTANT :

Depuis 1992, le Centre Communal d'Action Sociale a signé avec la Ville de Metz et la Caisse d'Allocations Familiales de la Moselle, 3 contrats enfance successifs d'une durée de 5 ans chacun. Au terme du contrat 2002/2006, le partenariat s'est poursuivi sous la forme d'un contrat enfance jeunesse, signé cette fois pour une durée de 4 ans et arrivant à échéance le 31/12/2010.

Avec le partenariat de la Caisse d'Allocations Familiales et de la Ville de Metz, le Centre Communal d'Action Sociale gère, dans le cadre de sa politique petite enfance :

- 11 équipements Multi-Accueils, Haltes Garderies et Ludothèque
- l'information des familles sur les services mis à leur disposition pour accueillir leurs enfants et le cas échéant les accompagner dans leur fonction parentale (Coordination des Modes d'Accueil, Point Info Familles, Relais Assistant(e)s Maternel(le)s) ;
- le soutien du secteur associatif et la promotion des actions en faveur de la petite enfance (action Passerelle, Livre Petite Enfance).

PRÉOCCUPATIONS PARTAGÉES :

Adapter la politique petite enfance de Metz aux nouvelles attentes des parents (en termes de choix et de qualité de service). Outre une préférence pour l'accueil collectif, les demandes se tournent vers des formules d'accueil souples, conjuguant des emplois du temps compliqués, susceptibles de varier significativement d'une semaine à l'autre, et des créneaux décalés ou atypiques.

Inscrire cette politique dans le contexte de l'inflexion de la politique nationale de financement de la petite enfance, qui entraîne un resserrement des recettes, sans pour autant aboutir à faire des choix qui entameraient l'étendue ou la qualité du service rendu.

OBJECTIFS DU PARTENARIAT :

Le partenariat vise à :

- adapter les modes de fonctionnement des services petite enfance aux évolutions de la société,
- offrir aux familles un service professionnalisé de qualité
- proposer des services en adéquation avec les besoins sociaux et réalités économiques

PRIORITÉS RETENUES :

Elaborer le schéma de développement 2010 du contrat enfance jeunesse de manière à :

- inscrire la politique petite enfance dans une démarche d'aménagement du territoire
- compléter l'offre messine de services publics
- conforter l'attractivité économique de la ville

ACTIONS DE PARTENARIAT À DÉVELOPPER :

- Créer de nouveaux équipements de 60 places sur des quartiers en développement : Amphithéâtre, Borny Sébastopol;
- Mettre à niveau l'offre sur la Ville de Metz et développer de nouveaux dispositifs innovants ;
- Mettre en cohérence l'offre associative et municipale ;
- Maintenir l'accueil familial aux côtés de l'accueil collectif ;
- Améliorer l'efficacité et la cohérence de la gestion centralisée des places sur la ville : mettre en place un guichet unique ?
- Analyser les missions des RAM, dans le contexte d'une extension de leurs missions concomitante à la diminution du financement de ce service par le département ;
- Partager les données disponibles relatives aux besoins d'accueil petite enfance et mettre en place une méthodologie d'évaluation ;
- Mettre en place une méthodologie d'évaluation et notamment le dispositif d'accueil en horaires atypiques et de nuit.

INDICATEURS D'ÉVALUATION :

Définis par action, dans le cadre des orientations retenues dans le schéma de développement du contrat enfance jeunesse.

PRECISIONS REGLEMENTAIRES"""

# The last fiche ends on an empty « PRECISIONS REGLEMENTAIRES » heading.
PETITE_ENFANCE_EMPTY = warning(
    SOURCE,
    "fiche Petite enfance",
    "La rubrique « Précisions réglementaires » de la fiche Petite enfance est vide dans le "
    "document transmis (texte interrompu ?).",
    field="description",
)

# The protocol does not number its sections: (heading, text).
SECTIONS = (
    ("Préambule", PREAMBULE),
    ("Finalités du partenariat", FINALITES),
    ("Domaines d'intervention communs aux partenaires", DOMAINES),
    ("Modalités du partenariat", MODALITES),
    ("Thèmes de coopération retenus dans le cadre du présent protocole", THEMES),
    ("Durée du protocole", DUREE),
    ("Dénonciation", DENONCIATION),
)
# The fiches annexes, by theme (Petite enfance, with its warning, apart).
FICHES = (
    ("Habitat et logement", FICHE_HABITAT_LOGEMENT),
    ("Observatoire de données sociales", FICHE_OBSERVATOIRE),
    ("Parentalité", FICHE_PARENTALITE),
    ("Patrotte / Chemin de la Moselle", FICHE_PATROTTE),
    ("Intervention sociale", FICHE_INTERVENTION_SOCIALE),
    ("Périscolaire", FICHE_PERISCOLAIRE),
)

# The one dated duty of the protocol, as a typed clause (reperes.conventions.catalogue).
# « Ces thèmes de coopération […] sont déterminés annuellement par le Comité de Pilotage. Ils
# font l'objet d'une annexe […] et seront déclinés en fiches-actions », the comité « se réunit à
# l'initiative de la Ville de Metz »; the fiches cover « Année(s) : 2009-2010 ». No day is
# written: read as by the end of each year.
CLAUSES = (
    ClauseSpec(
        "themes-cooperation",
        k.DOCUMENT,
        "« Thèmes de coopération retenus » et fiches annexes",
        {
            "document": DocumentKind.OTHER,
            "title": "Thèmes de coopération et fiches-actions arrêtés par le comité de pilotage",
            "owner": PartyRole.PILOT,
            "recipients": [PartyRole.PARTNER],
            "periodicity": due_rules.YEAR,
            "due": on_day(12, 31),
        },
        valid_from=date(2009, 1, 1),
        valid_until=date(2010, 12, 31),
    ),
)

CONVENTION = ConventionSpec(
    title="Convention de partenariat (protocole global) entre la Caisse d'allocations familiales "
    "de la Moselle, la Ville de Metz et le Centre communal d'action sociale de Metz",
    short_title="Metz — protocole global CAF / Ville / CCAS",
    kind=ConventionKind.GLOBAL_PROTOCOL,
    object=FINALITES,
    source=SOURCE,
    terms=TermsSpec(
        # « Le présent protocole est adopté pour une durée de trois ans à compter de la date de
        # signature. »
        period_kind=PeriodKindChoices.TERM,
        starts_at_signature=True,
        term_value=3,
        term_unit=DelayUnit.YEARS,
        # « Chaque partie a la possibilité de dénoncer le présent protocole à tout moment » :
        # a withdrawal without notice.
        withdrawal_notice_value=0,
        withdrawal_notice_unit=DelayUnit.DAYS,
    ),
    parties=(
        PartySpec(
            CAF,
            PartyRole.PARTNER,
            "la Caisse d'Allocations Familiales",
            signatories=(
                PRESIDENT_CAF.signs(authority_text="représentée par son Président"),
                DIRECTRICE_CAF.signs(authority_text="et sa Directrice"),
            ),
        ),
        # Pilot: the comité de pilotage « se réunit à l'initiative de la Ville de Metz » and the
        # comité technique « est animé par un représentant des services de la Ville de Metz ».
        PartySpec(
            VILLE,
            PartyRole.PILOT,
            "la Ville de METZ",
            signatories=(MAIRE.signs(authority_text="représentée par Monsieur le Maire"),),
            commitments=(
                "Réunir le comité de pilotage, co-présidé par le Maire, le Vice-Président du "
                "C.C.A.S. et le Président de la Caisse d'Allocations Familiales, au moins une fois "
                "par an (Modalités du partenariat, a).",
                "Animer le comité technique par un représentant des services de la Ville de Metz "
                "dûment mandaté (Modalités du partenariat, b).",
            ),
        ),
        PartySpec(
            CCAS,
            PartyRole.PARTNER,
            "le Centre Communal d'Action Sociale de la Ville de METZ",
            signatories=(
                VICE_PRESIDENTE_CCAS.signs(authority_text="représenté par sa Vice-Présidente"),
            ),
        ),
    ),
    articles=tuple(ArticleSpec("", heading, text) for heading, text in SECTIONS),
    annexes=(
        *(AnnexSpec("", f"Fiche annexe — {theme}", text) for theme, text in FICHES),
        AnnexSpec(
            "",
            "Fiche annexe — Petite enfance",
            FICHE_PETITE_ENFANCE,
            warnings=(PETITE_ENFANCE_EMPTY,),
        ),
    ),
    clauses=CLAUSES,
    communes=(c.METZ.insee_code,),
    # « Fait à Metz, le [blanc] ».
    is_signed=True,
    signed_on=None,
    signed_on_text="Fait à Metz, le",
    signed_at="Metz",
    warnings=(
        warning(
            SOURCE,
            "durée et fiches annexes",
            "Le protocole n'est pas daté (« Fait à Metz, le ») : sa durée de trois ans court à "
            "compter d'une signature inconnue. Les fiches annexes portent sur 2009-2010.",
            ("Fait à Metz, le", "fiches : 2009-2010"),
            field="signed_on",
        ),
        warning(
            SOURCE,
            "parties et signatures",
            "Le préambule fait représenter la CAF par son Président et sa Directrice ; le bloc de "
            "signature ne porte que le Président.",
            ("Robert CANTISANI, Président", "Madame de METZ NOBLAT, Directrice"),
            field="signatories",
        ),
    ),
)

SEED = Seed(
    number="003",
    source=SOURCE,
    organisations=ORGANISATIONS,
    representatives=REPRESENTATIVES,
    conventions=(CONVENTION,),
)
