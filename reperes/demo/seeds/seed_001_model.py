"""Seed 001 — text of the Pas-de-Calais model convention (« projet type de convention »,
annexed to the deliberation n° 2023-601 of 11 December 2023), article by article.

Copied from the seed with its Markdown emphasis removed; placeholders (« X », « JJ/MM/AAAA »,
« xxxx ») are kept as written: they are filled in each signed convention, not here.
"""

from reperes.conventions import catalogue as k
from reperes.conventions.enums import PartyRole
from reperes.demo.spec import ClauseSpec, on_day
from reperes.people.enums import DocumentKind
from reperes.rules import due as due_rules

OBJECT = (
    "Convention de partenariat relative à la mise en œuvre des actions de prévention spécialisée "
    "dans le Département du Pas-de-Calais"
)

LEGAL_BASES = (
    "Vu : Le code de l'action sociale et des familles (articles L121-2, L121-6, L221-1 et "
    "L226-2-2)",
    "Vu : L'ordonnance n°2005-1477 du 1er décembre 2005 portant diverses dispositions relatives "
    "aux procédures d'admission à l'aide sociale et aux établissements et services sociaux et "
    "médico-sociaux",
    "Vu : La loi n°86-17 du 6 janvier 1986 adaptant la législation sanitaire et sociale aux "
    "transferts de compétences en matière d'aide sociale et de santé",
    "Vu : L'arrêté du 4 juillet 1972 relatif aux clubs et équipes de prévention",
    "Vu : La délibération du 12 décembre 2022 adoptant le pacte des solidarités humaines « Agir "
    "avec vous pour l'épanouissement de tous dans le Pas-de-Calais 2022-2027 »",
    "Vu : La délibération du 19 juin 2023 adoptant le schéma départemental de l'enfance et de la "
    "famille « Bien grandir dans le Pas-de-Calais 2023-2027 »",
    "Vu : la délibération de la Commission permanente en date du xxxx autorisant le Président à "
    "signer la présente convention",
)

PREAMBULE = """\
La prévention spécialisée est une mission de service public dont la compétence a été confiée aux conseils départementaux par la loi du 6 janvier 1986. En vertu de l'article L 121-2 du code de l'action sociale et des familles le Département du Pas-de-Calais a confié au secteur associatif la mission d'intérêt général et d'utilité sociale que représente la prévention spécialisée. En effet, celle-ci s'inscrit pleinement dans une mission de protection de l'enfance impulsée par le Département, chef de file de l'action sociale, qui en assure principalement le financement."""

ARTICLE_1 = """\
Dans le cadre de l'habilitation délivrée, en application de l'article L.313-8-1 du Code de l'Action Sociale et des Familles (CASF), au Service de Prévention Spécialisée qu'elle gère, l'association s'engage dans une collaboration étroite avec le Département du Pas-de-Calais et les autres partenaires signataires de la présente convention.

A ce titre, elle accepte, à la date de la signature de ce document, la mission de service public qu'elle assure dans le cadre des dispositions législatives et réglementaires et des orientations définies par le Conseil départemental du Pas-de-Calais en matière de prévention spécialisée."""

ARTICLE_2 = """\
La prévention spécialisée est une intervention sociale à finalité éducative en direction des jeunes et des groupes de jeunes, en voie de marginalisation ou déjà marginalisés, menée dans leur milieu de vie naturel. Elle relève de cinq grands principes fondateurs qui la distinguent d'autres interventions dans le domaine du travail social :

- La libre adhésion,
- L'absence de mandat nominatif,
- Le respect de l'anonymat,
- La pratique non institutionnelle,
- Le partenariat.

Le Service de Prévention Spécialisée de X est composé de :

- X ETP de direction
- X ETP de travailleurs sociaux
- X ETP d'administratif
- X autres

2.1 Public cible

Le rôle de la prévention spécialisée est défini par les articles L121-2, L121-6 et L221-1 du code de l'action sociale et des familles et consiste à « prévenir la marginalisation et à faciliter l'insertion ou la promotion sociale des jeunes et des familles dans les lieux où se manifestent des risques d'inadaptation sociale ».

La prévention spécialisée accompagne généralement des adolescents et jeunes majeurs en difficulté (personnelle, affective, relationnelle, d'insertion...) et/ou en tensions/ruptures avec leur environnement (familial, scolaire, social...) ou qui risquent de s'y retrouver si aucune action préventive et socio-éducative n'est conduite de manière adaptée.

Le Département du Pas-de-Calais s'est fixé comme objectif d'intervenir, en priorité, sur la tranche d'âge de la préadolescence (11-16 ans). Le travail avec la famille est à conduire en parallèle de la relation de confiance établie avec le jeune.

Les jeunes de 16 à 21 ans révolus, subissant exclusion, précarité et marginalisation croissante sont également identifiés comme un public incontournable à accompagner par la prévention spécialisée.

Les méthodes d'action prennent des formes diverses et appropriées : travail de rue, local, atelier, action globale ou individuelle, information, animation. Le travail de rue représente l'axe d'action privilégié.

Elles pourront varier dans le temps, en fonction de l'évolution du quartier, du projet éducatif et de l'évaluation.

L'accompagnement individualisé repose sur la libre adhésion du jeune, il peut se présenter sous plusieurs formes, être ponctuel ou sur une longue durée. L'accompagnement se base ainsi sur un travail avec et autour de l'environnement du

jeune, en vue de soutenir l'avenir des jeunes, tout en prévenant et accompagnant les ruptures de parcours. C'est une approche dite globale.

2.2 Diagnostic territorial et cadre géographique d'intervention

L'équipe éducative du Service de Prévention Spécialisée de X exerce son action pour une durée indéterminée sur le territoire de la commune de X.

Le cadre géographique d'intervention est susceptible d'être modifié après consultation du Département, de la Direction Enfance Famille et de la (des) commune(s) d'implantation en fonction des besoins définis dans un diagnostic partagé et des orientations du Département en matière de prévention spécialisée. L'intervention pourra s'étendre aux lieux où les jeunes se trouvent habituellement après concertation avec le Département du Pas-de-Calais et le Service de Prévention Spécialisée.

Le Service de Prévention Spécialisée de X participe à la construction d'une observation territoriale et sociale préalable à toute intervention et constitue un diagnostic territorial partagé établi avec la Maison du Département Solidarité de X avec l'ensemble des acteurs."""

ARTICLE_3 = """\
L'association s'engage à réaliser son action dans les conditions définies dans son projet de service validé par le Département et à affecter le montant de la dotation globale de ce projet, à l'exclusion de toute autre dépense.

Plus généralement, l'association s'engage à porter immédiatement à la connaissance du Département tout fait de nature à entraîner la non-réalisation ou la réalisation partielle de la mission ayant fait l'objet d'une participation et à accepter le contrôle des services du Département.

En outre, elle s'engage à communiquer tous documents permettant d'établir un compte-rendu de l'emploi de la dotation (production de rapport d'activité, revue de presse, actes.....) et faisant connaître les résultats de son action.

Le rapport d'activité (évaluation qualitative et quantitative) établi sur le modèle proposé en 2023 devra être transmis au Département au plus tard le 30 avril de l'exercice suivant.

L'association s'engage à fournir au Département, dans les conditions prévues à l'article L.1611-4 du code général des collectivités territoriales, une copie certifiée conforme des budgets et de comptes de l'exercice écoulé. Les documents comptables devront être produits au Département pour le 30 avril de l'exercice suivant celui auquel ils se rapportent.

L'association reconnaît être en règle et souscrire valablement les assurances inhérentes à la mise en œuvre du projet (responsabilité civile ; ainsi que toute garantie complémentaire qui pourrait être exigée en relation avec les conditions réelles de mise en œuvre du projet de service)."""

ARTICLE_4 = """\
La structure s'engage à respecter la charte à l'intention des partenaires bénéficiant d'une aide ou d'un soutien du Conseil départemental du Pas-de-Calais, intitulée « obligations et contreparties en matière de communication », consultable sur le site internet du Département à l'adresse suivante : https://www.pasdecals.fr/Partenaires/Contreparties-communication ainsi que la charte graphique dédiée.

Dans cette charte à l'attention des partenaires, la structure s'engage notamment à :

- Promouvoir l'image du Conseil départemental, en rappelant le soutien du Département et en faisant apparaître son logo sur les différents supports de communication utilisés (plaques inaugurales, affiches, insertions publicitaires, supports dématérialisés (web et réseaux sociaux), dossards et sur tous supports de promotion utilisés lors de la manifestation, communiqués et dossiers de presse) ;
- Associer le Département aux différents points presse et présentations officielles qui seraient organisés dans le cadre du contrat de partenariat. Le choix des dates retenues devra d'effectuer impérativement dans les conditions arrêtées d'un commun accord entre la structure et le Département ;
- Permettre au Département d'installer des supports de communication sur l'ensemble des sites où se dérouleront les manifestations et autres opérations de promotion (flammes, calicots, looks and roll, popup...). Ainsi, la visibilité de l'institution devra être clairement identifiée durant l'événement."""

ARTICLE_5 = """\
Le partenariat est un principe d'action affirmé par l'article 5 de l'arrêté du 4 juillet 1972 « *L'action éducative de ces organismes est menée en collaboration avec les services sociaux, les groupements et établissements socio-éducatifs et culturels.* »

L'association garde sa liberté d'action quant aux voies et moyens à mettre en œuvre pour atteindre les objectifs fixés contractuellement dans le respect des dispositions prévues par l'autorisation et en adéquation avec le public en risque de marginalisation ciblé et non pris en compte par des structures existantes. Elle s'engage à établir les meilleures relations avec les établissements, services et organismes à caractère social, médico-social et sanitaires locaux, dans l'intérêt des publics jeunes pris en charge et de leurs familles.

L'équipe éducative veille à maintenir la spécificité de son action par rapport aux structures d'animation et de loisirs existant déjà à proximité.

Le Service de Prévention Spécialisée a vocation à s'appuyer sur un réseau large de partenaires, notamment les Maisons des adolescents, Points Accueil et Ecoute Jeunes (P.A.E.J.), les Points Information Jeunesse, l'éducation nationale, les Maisons du Département Solidarité...

Le Service de Prévention Spécialisée peut être représenté lors des séances plénières des Conseils Locaux de Sécurité et de Prévention de la Délinquance (CLSPD) ou Conseils Intercommunaux de Sécurité et de Prévention de la Délinquance (CISPD). Les informations échangées dans le cadre de ces instances sont de nature générale et ne peuvent en aucun cas concerner des informations confidentielles ni a fortiori des informations à caractère secret."""

ARTICLE_6 = """\
Le contrôle de la mise en œuvre de la présente convention est exercé par les services départementaux.

Ce contrôle peut s'effectuer sur pièces et, en cas de besoin, sur place. L'association doit tenir à la disposition des services du Département tout élément nécessaire à l'évaluation du projet ayant fait l'objet d'une participation."""

ARTICLE_7 = """\
Le pilotage du dispositif de prévention spécialisée est assuré pour le Département du Pas-de-Calais par le Service départemental de Prévention et de Protection de l'Enfance. Ce dernier organisera a minima une fois par an le comité de pilotage départemental.

A minima, une rencontre partenariale Maison du Département Solidarité (MDS) et Service de Prévention Spécialisée (SPS) sera organisée à l'initiative du SPS, avec le site de la MDS concernée, en présence du Directeur de la Maison Départementale Solidarités ou de son représentant et la Direction Enfance Famille.

Un comité des financeurs sera organisé une fois par an à l'initiative du Service de Prévention Spécialisée."""

ARTICLE_8 = """\
8.1 Modalité de calcul et de versement de la dotation

Le Président du Conseil départemental fixe chaque année la tarification des prestations fournies par le Service de Prévention Spécialisée conformément aux dispositions du CASF.

Les participations des communes ou autres collectivités territoriales au financement du Service de Prévention Spécialisée X tel que prévu dans le rapport budgétaire annuel sont réparties entre les signataires concernés comme suit :

- Département : 95 %
- Communes : 5 %
  - Dont Commune X ...%
  - Dont Commune Y ...%

Des financements complémentaires de la part des communes ou autres collectivités territoriales peuvent être versées en contrepartie des interventions réalisées sur les territoires situés en dehors des zones concernées par les financements départementaux.

D'autres financements peuvent par ailleurs être recherchés pour des opérations spécifiques (C.A.F., Etat...).

Ces financements complémentaires font l'objet de conventions spécifiques annexées qui respectent les principes de la présente convention.

Les financements indiqués dans la présente convention sont susceptibles d'évoluer chaque année en fonction d'une part des éventuelles mesures nouvelles octroyées dans le cadre de la procédure budgétaire et d'autre part du taux d'évolution des dépenses voté par l'Assemblée départementale à l'occasion de l'approbation du budget.

Ce taux permettra notamment de compenser les effets de l'inflation et des revalorisations salariales qui s'imposent aux gestionnaires d'établissements et services sociaux et médico sociaux (ESSMS).

Le financement départemental ainsi calculé fait l'objet d'un versement par dotation mensuelle.

8.2 Documents administratifs, budgétaires et comptables

L'association adresse aux signataires de la présente convention pour le 31 octobre de chaque année le budget prévisionnel de l'année suivante.

Elle doit également produire, avant le 30 avril de l'année en cours, le compte administratif de l'année précédente.

Ces documents, conformément aux modèles proposés par les services départementaux, incluent :

- L'organigramme du personnel,
- Le tableau d'amortissement,
- L'échéancier des emprunts,
- Les investissements.

Le bilan financier de l'association ainsi que le rapport d'activité annuel du Service de Prévention Spécialisée sont joints au compte administratif chaque année. Ces documents doivent être certifiés et consolidés par un Commissaire aux Comptes.

Le Président du Conseil départemental donne son accord écrit préalable à tout projet d'investissement et/ou projet d'emprunt, faute de quoi, les conséquences financières de ceux-ci ne pourront être pris en charge dans la tarification.

L'association conserve une entière liberté de choix quant au recrutement des personnels sous réserve du respect du tableau des effectifs et du droit du travail et de l'exigence de diplôme de travail social nécessaire à l'exercice des missions propres.

Il ne peut être modifié sans l'accord préalable du Département faute de quoi, les conséquences financières des modifications non autorisées ne seront pas prises en charge dans la tarification.

Le contrôle de l'application des dispositions de la convention collective applicable au personnel implique la tenue dans le service, pour chaque agent, d'un dossier individuel comportant les renseignements d'état civil de l'agent, son curriculum vitae complet, copie des diplômes, indication des dates d'entrée dans la profession et dans le service et de la date d'accession aux divers échelons.

8.3 Evaluation des Services de Prévention Spécialisée

Conformément aux dispositions des articles D 312-203, D 312-204 du Code de l'action sociale et des familles et de l'article 2 du décret n° 2021-1476 du 12 novembre 2021, le dispositif d'évaluation applicable aux Services de Prévention Spécialisée est le suivant :

- Transmission des évaluations, réalisées par des organismes évaluateurs accrédités par le Comité français d'accréditation (COFRAC) sur la base de référentiels « qualité » HAS, selon un rythme quinquennal et au plus tard 2 ans avant la date de fin d'autorisation

- L'évaluation interne n'est plus exigée mais elle est remplacée par la mise en œuvre d'une « démarche d'amélioration continue de la qualité ». Les actions engagées à ce titre devront être mentionnées dans le rapport annuel d'activité des SPS.

- Une programmation pluriannuelle pour chaque ESSMS est réalisée par les autorités en charge de délivrer les autorisations. Le 1er arrêté de programmation concernant les ESSMS autorisés par le Département du Pas-de-Calais a été publié le 18 janvier 2023 et concerne les ESSMS devant rendre leur évaluation entre le 1er juillet 2023 et le 31 décembre 2027. Cette programmation quinquennale sera actualisée annuellement au 31 décembre pour tenir compte de changements éventuels intervenus dans la situation des ESSMS concernés."""

ARTICLE_9 = """\
L'association est autorisée à traiter pour le compte du Département les données à caractère personnel nécessaires pour le projet du jeune s'inscrivant dans la démarche poursuivie par les Services de Prévention Spécialisée :

- La nature des opérations réalisées sur les données est : la mise en œuvre du projet du jeune
- Les finalités du traitement sont : l'accompagnement, le suivi des jeunes et l'évaluation du dispositif
- Les données à caractère personnel traitées sont : le nom, le prénom, l'adresse postale, le numéro de téléphone
- La catégorie de personnes concernées est : le jeune

Obligations de l'organisme vis-à-vis du Département

L'association s'engage à :

- Traiter les données uniquement pour la ou les seule(s) finalité(s) qui fait/ font l'objet de la prestation et notamment à ne pas les commercialiser ;
- Si l'association considère qu'une instruction constitue une violation du règlement européen sur la protection des données ou de toute autre disposition du droit de l'Union ou du droit des Etats membres relative à la protection des données, elle en informe immédiatement le Département. En outre, si l'association est tenue de procéder à un transfert de données vers un pays tiers ou à une organisation internationale, en vertu du droit de l'Union ou du droit de l'Etat membre auquel elle est soumise, elle doit informer le Département de cette obligation juridique avant le traitement, sauf si le droit concerné interdit une telle information pour des motifs importants d'intérêt public ;
- Garantir la confidentialité des données à caractère personnel traitées dans le cadre de la présente convention;
- Veiller à ce que les personnes autorisées à traiter les données à caractère personnel en vertu de la présente convention:
  - S'engagent à respecter la confidentialité ou soient soumises à une obligation légale appropriée de confidentialité ;
  - Reçoivent la formation nécessaire en matière de protection des données à caractère personnel ;
- Prendre en compte, s'agissant de ses outils, produits, applications ou services, les principes de protection des données dès la conception et de protection des données par défaut.
- Sous-traitance : aucune sous-traitance n'est autorisée.

Droit d'information des personnes concernées

Il appartient au Département de fournir l'information aux personnes concernées par les opérations de traitement au moment de la collecte des données.

Exercice des droits des personnes

L'association assistera le Département à s'acquitter de son obligation de donner suite aux demandes d'exercice des droits des personnes concernées : droit d'accès, de rectification, d'effacement et d'opposition, droit à la limitation du traitement, droit à la portabilité des données, droit de ne pas faire l'objet d'une décision individuelle automatisée (y compris le profilage). Lorsque les personnes concernées exercent auprès de l'association des demandes d'exercice de leurs droits, l'association doit adresser ces demandes dès réception par courrier électronique à delegue.protection.donnees@pasdecalais.fr.

Notification des violations de données à caractère personnel

L'association notifie au Département toute violation de données à caractère personnel dans un délai maximum de 24 heures après en avoir pris connaissance et par le moyen suivant delegue.protection.donnees@pasdecalais.fr Cette notification est accompagnée de toute documentation utile afin de permettre au Département, si nécessaire, de notifier cette violation à l'autorité de contrôle compétente.

Aide de l'association dans le cadre du respect par le Département de ses obligations

L'association aide le Département pour la réalisation d'analyses d'impact relative à la protection des données. L'association aide le Département pour la réalisation de la consultation préalable de l'autorité de contrôle.

Mesures de sécurité

L'association s'engage à mettre en œuvre les mesures de sécurité suivantes :

- La pseudonymisation et le chiffrement des données à caractère personnel ;
- Les moyens permettant de garantir la confidentialité, l'intégrité, la disponibilité et la résilience constantes des systèmes et des services de traitement ;
- Les moyens permettant de rétablir la disponibilité des données à caractère personnel et l'accès à celles-ci dans des délais appropriés en cas d'incident physique ou technique ;
- Une procédure visant à tester, à analyser et à évaluer régulièrement l'efficacité des mesures techniques et organisationnelles pour assurer la sécurité du traitement ;

Dans la mesure où l'article 32 du règlement européen sur la protection des données prévoit que la mise en œuvre des mesures de sécurité incombe au Département et à l'association, il est recommandé de déterminer précisément les responsabilités de chacune des parties au regard des mesures à mettre en œuvre.

Sort des données

Au terme de la prestation de services relatifs au traitement de ces données, l'association s'engage à détruire toutes les données à caractère personnel.

Le renvoi doit s'accompagner de la destruction de toutes les copies existantes dans les systèmes d'information de l'association. Une fois détruites, l'association doit justifier par écrit de la destruction.

Délégué à la protection des données

L'association communique au Département le nom et les coordonnées de son délégué à la protection des données, s'il en a désigné un conformément à l'article 37 du règlement européen sur la protection des données

Registre des catégories d'activités de traitement

L'association déclare tenir par écrit un registre de toutes les catégories d'activités de traitement effectuées pour le compte du Département comprenant :

- Le nom et les coordonnées du Département pour le compte duquel elle agit, des éventuels sous-traitants et, le cas échéant, du délégué à la protection des données ;
- Les catégories de traitements effectués pour le compte du Département;
- Le cas échéant, les transferts de données à caractère personnel vers un pays tiers ou à une organisation internationale, y compris l'identification de ce pays tiers ou de cette organisation internationale et, dans le cas des transferts visés à l'article 49, paragraphe 1, deuxième alinéa du règlement européen sur la protection des données, les documents attestant de l'existence de garanties appropriées ;
- Dans la mesure du possible, une description générale des mesures de sécurité techniques et organisationnelles, y compris entre autres, selon les besoins :
  - La pseudonymisation et le chiffrement des données à caractère personnel ;
  - Des moyens permettant de garantir la confidentialité, l'intégrité, la disponibilité et la résilience constantes des systèmes et des services de traitement ;
  - Des moyens permettant de rétablir la disponibilité des données à caractère personnel et l'accès à celles-ci dans des délais appropriés en cas d'incident physique ou technique ;
  - Une procédure visant à tester, à analyser et à évaluer régulièrement l'efficacité des mesures techniques et organisationnelles pour assurer la sécurité du traitement.

Documentation

L'association met à la disposition du Département la documentation nécessaire pour démontrer le respect de toutes ses obligations et pour permettre la réalisation d'audits, y compris des inspections, par le Département ou un autre auditeur qu'elle a mandaté, et contribuer à ces audits.

Obligations du Département vis-à-vis de l'association

Le Département s'engage à :

- Permettre à l'association de réaliser les opérations précédemment visées ;
- Documenter par écrit toute instruction concernant le traitement des données par l'association ;
- Veiller, au préalable et pendant toute la durée du traitement, au respect des obligations prévues par le règlement européen sur la protection des données de la part de l'association ;
- Superviser le traitement, y compris réaliser les audits et les inspections auprès de l'association."""

ARTICLE_10 = """\
La présente convention entre en vigueur à la date de sa signature. Elle est conclue pour une durée d'un an à compter du JJ/MM /AAAA et renouvelable chaque année par tacite reconduction.

Elle peut être dénoncée à tout moment par l'une des parties après un préavis de 6 mois donné par lettre recommandée."""

ARTICLE_11 = """\
L'association renonce, pour elle-même et pour ses membres, ses ayants droit et ayants cause, à toute réclamation financière ultérieure envers le Département pour toute action entrant dans le champ d'application de la présente convention."""

ARTICLE_12 = """\
Toute modification de la présente convention fera l'objet d'un avenant signé par les parties."""

ARTICLE_13 = """\
La présente convention pourra être résiliée unilatéralement par le Département dans le cas où la mission confiée n'est pas exécutée dans des conditions conformes à ses dispositions.

Les dirigeants de l'association sont entendus préalablement.

La résiliation prend effet un mois après la réception de sa notification par lettre recommandée avec avis de réception. Ce délai est compté de quantième à quantième. Le jour de la réception de la notification ne compte pas. Ce délai n'est pas susceptible de prorogation.

En cas de déclaration inexacte, la présente convention pourra être résiliée sans préavis par l'un ou l'autre des parties."""

ARTICLE_14 = """\
En cas de litige, les parties s'engagent à rechercher une solution amiable. À défaut, les litiges qui pourraient résulter de l'application des présentes seront portés devant le tribunal administratif de Lille."""

# (number, heading, text), in the order of the model.
ARTICLES = (
    ("", "Préambule", PREAMBULE),
    ("1", "Champ d'application", ARTICLE_1),
    ("2", "Principes d'intervention", ARTICLE_2),
    ("3", "Obligations vis-à-vis des financeurs", ARTICLE_3),
    ("4", "Obligations et contreparties en matière de communication / charte graphique", ARTICLE_4),
    ("5", "Partenariat", ARTICLE_5),
    ("6", "Modalités de contrôle", ARTICLE_6),
    ("7", "Comité de pilotage - suivi de l'activité", ARTICLE_7),
    ("8", "Dispositions financières et administratives", ARTICLE_8),
    ("9", "Protection des données à caractère personnel", ARTICLE_9),
    ("10", "Période d'application de la convention", ARTICLE_10),
    ("11", "Clause de renonciation", ARTICLE_11),
    ("12", "Avenant", ARTICLE_12),
    ("13", "Résiliation", ARTICLE_13),
    ("14", "Règlement des litiges", ARTICLE_14),
)

OPERATOR = PartyRole.OPERATOR
SIGNATORIES = [PartyRole.PILOT, PartyRole.CO_FUNDER]

# The duties and rules of the model convention, as typed clauses (reperes.conventions.catalogue):
# every signed instance inherits them (deliberation art. 2: « dans les termes du projet joint »).
CLAUSES = (
    # Art. 8.2: « L'association adresse aux signataires de la présente convention pour le 31
    # octobre de chaque année le budget prévisionnel de l'année suivante » — the budget of year
    # N is due on 31 October N-1.
    ClauseSpec(
        "budget-previsionnel",
        k.DOCUMENT,
        "art. 8.2",
        {
            "document": DocumentKind.BUDGET_FORECAST,
            "owner": OPERATOR,
            "recipients": SIGNATORIES,
            "periodicity": due_rules.YEAR,
            "due": on_day(10, 31, -1),
        },
    ),
    # Art. 8.2: « Elle doit également produire, avant le 30 avril de l'année en cours, le compte
    # administratif de l'année précédente »; art. 3: « Les documents comptables devront être
    # produits au Département pour le 30 avril de l'exercice suivant ». « Avant » is read as
    # « by »: 30 April is the last day on time.
    ClauseSpec(
        "compte-administratif",
        k.DOCUMENT,
        "art. 3 et 8.2",
        {
            "document": DocumentKind.YEAR_END_ACCOUNTS,
            "owner": OPERATOR,
            "recipients": SIGNATORIES,
            "periodicity": due_rules.YEAR,
            "due": on_day(4, 30, 1),
        },
    ),
    # Art. 8.2: « Le bilan financier de l'association ainsi que le rapport d'activité annuel […]
    # sont joints au compte administratif chaque année. Ces documents doivent être certifiés et
    # consolidés par un Commissaire aux Comptes » — with the compte administratif.
    ClauseSpec(
        "comptes-certifies",
        k.DOCUMENT,
        "art. 8.2",
        {
            "document": DocumentKind.CERTIFIED_STATEMENTS,
            "owner": OPERATOR,
            "recipients": SIGNATORIES,
            "periodicity": due_rules.YEAR,
            "due": on_day(4, 30, 1),
        },
    ),
    # Art. 3: « Le rapport d'activité (évaluation qualitative et quantitative) établi sur le
    # modèle proposé en 2023 devra être transmis au Département au plus tard le 30 avril de
    # l'exercice suivant ».
    ClauseSpec(
        "rapport-activite",
        k.REPORT,
        "art. 3",
        {
            "model": "rapport-annuel-sps",
            "owner": OPERATOR,
            "recipients": [PartyRole.PILOT],
            "periodicity": due_rules.YEAR,
            "due": on_day(4, 30, 1),
        },
    ),
    # Art. 2.2: a « diagnostic territorial partagé établi avec la Maison du Département
    # Solidarité »; the departmental référentiel: « Ce dernier sera actualisé chaque année » —
    # no day is written: read as by the end of the year.
    ClauseSpec(
        "diagnostic-territorial",
        k.DOCUMENT,
        "art. 2.2 et référentiel départemental",
        {
            "document": DocumentKind.DIAGNOSTIC,
            "title": "Actualisation du diagnostic territorial partagé",
            "owner": OPERATOR,
            "recipients": [PartyRole.PILOT],
            "periodicity": due_rules.YEAR,
            "due": on_day(12, 31),
        },
    ),
    # Art. 8.2: « Le Président du Conseil départemental donne son accord écrit préalable à tout
    # projet d'investissement et/ou projet d'emprunt, faute de quoi, les conséquences
    # financières de ceux-ci ne pourront être pris en charge dans la tarification »; the
    # tableau des effectifs « ne peut être modifié sans l'accord préalable du Département ».
    ClauseSpec(
        "accord-prealable",
        k.PRIOR_APPROVAL,
        "art. 8.2",
        {
            "subjects": ["investment", "loan", "staffing"],
            "approver": PartyRole.PILOT,
            "consequence": "Les conséquences financières ne sont pas prises en charge dans la "
            "tarification.",
        },
    ),
    # Art. 8.3: evaluations by an accredited body « selon un rythme quinquennal et au plus tard
    # 2 ans avant la date de fin d'autorisation » (CASF art. D 312-203).
    ClauseSpec(
        "evaluation-externe",
        k.EVALUATION,
        "art. 8.3",
        {"every_years": 5, "years_before_end": 2, "owner": OPERATOR},
    ),
    # Art. 9: processing on the Département's behalf of « le nom, le prénom, l'adresse postale,
    # le numéro de téléphone » of the youth; breaches notified « dans un délai maximum de 24
    # heures »; at the end, destruction of all data and copies, « l'association doit justifier
    # par écrit de la destruction »; « aucune sous-traitance n'est autorisée ».
    ClauseSpec(
        "protection-donnees",
        k.DATA_PROTECTION,
        "art. 9",
        dict(k.PAS_DE_CALAIS_DATA_PROTECTION),
    ),
)
