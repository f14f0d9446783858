"""Seed 002 — Dijon Métropole: 2017 convention with four CCAS and the Caisse des écoles de Dijon
for the coordination of the Programmes de Réussite Éducative (file ``002_9decee907d85b212.txt``).

Money is not modelled yet: article 6 is kept as written, and its inconsistencies are recorded as
data warnings on the convention.
"""

from datetime import date

from reperes.conventions.enums import ConventionKind, PartyRole, PeriodKindChoices
from reperes.demo.seeds import communes as c
from reperes.demo.spec import (
    ArticleSpec,
    ConventionSpec,
    DeliberationSpec,
    OrganisationSpec,
    PartySpec,
    QuartierSpec,
    RepresentativeSpec,
    Seed,
    TermsSpec,
    WarningSpec,
    warning,
)
from reperes.partners.enums import OrganisationKind, QuartierKind

SOURCE = "Seed 002 — convention Dijon Métropole / CCAS / Caisse des écoles (PRE) 2017"

METROPOLE = "Dijon Métropole"
CCAS_CHENOVE = "CCAS de Chenôve"
CAISSE_DIJON = "Caisse des écoles publiques de Dijon"
CCAS_LONGVIC = "CCAS de Longvic"
CCAS_QUETIGNY = "CCAS de Quetigny"
CCAS_TALANT = "CCAS de Talant"

# Parties: addresses as written.
ORGANISATIONS = (
    OrganisationSpec(
        METROPOLE,
        OrganisationKind.METROPOLE,
        "21",
        commune=c.DIJON.insee_code,
        address="40 avenue du Drapeau, BP 17510, 21075 Dijon Cedex",
    ),
    OrganisationSpec(
        CCAS_CHENOVE,
        OrganisationKind.CCAS,
        "21",
        commune=c.CHENOVE.insee_code,
        address="Hôtel de ville, 21300 Chenôve",
    ),
    OrganisationSpec(
        CAISSE_DIJON,
        OrganisationKind.CAISSE_DES_ECOLES,
        "21",
        commune=c.DIJON.insee_code,
        address="Hôtel de ville, 21000 Dijon",
    ),
    OrganisationSpec(
        CCAS_LONGVIC,
        OrganisationKind.CCAS,
        "21",
        commune=c.LONGVIC.insee_code,
        address="Hôtel de ville, 21600 Longvic",
    ),
    OrganisationSpec(
        CCAS_QUETIGNY,
        OrganisationKind.CCAS,
        "21",
        commune=c.QUETIGNY.insee_code,
        address="Hôtel de ville, 21800 Quetigny",
    ),
    OrganisationSpec(
        CCAS_TALANT,
        OrganisationKind.CCAS,
        "21",
        commune=c.TALANT.insee_code,
        address="Hôtel de ville, 21240 Talant",
    ),
)

# Titles from the parties and the signature block. Thierry FALCONNET has no title in the list of
# parties (« représenté par Monsieur Thierry FALCONNET »); the signature block reads « Le
# Président ».
PRESIDENT_METROPOLE = RepresentativeSpec(METROPOLE, "François REBSAMEN", "Président")
PRESIDENT_CHENOVE = RepresentativeSpec(CCAS_CHENOVE, "Thierry FALCONNET", "Président")
PRESIDENTE_CAISSE_DIJON = RepresentativeSpec(
    CAISSE_DIJON, "Anne DILLENSEGER", "Présidente déléguée"
)
PRESIDENT_LONGVIC = RepresentativeSpec(CCAS_LONGVIC, "José ALMEIDA", "Président")
PRESIDENT_QUETIGNY = RepresentativeSpec(CCAS_QUETIGNY, "Rémi DETANG", "Président")
PRESIDENT_TALANT = RepresentativeSpec(CCAS_TALANT, "Gilbert MENUT", "Président")
REPRESENTATIVES = (
    PRESIDENT_METROPOLE,
    PRESIDENT_CHENOVE,
    PRESIDENTE_CAISSE_DIJON,
    PRESIDENT_LONGVIC,
    PRESIDENT_QUETIGNY,
    PRESIDENT_TALANT,
)

# « en vertu d'une délibération du Conseil métropolitain du 29 juin 2017 ».
CONSEIL_METROPOLITAIN = DeliberationSpec(
    METROPOLE, "Conseil métropolitain", date(2017, 6, 29), "29 juin 2017"
)
# « en vertu d'une délibération du Centre Communal d'Action Sociale du [blanc] » (and « du
# Comité de la Caisse des Écoles du [blanc] »).
CA_CHENOVE = DeliberationSpec(CCAS_CHENOVE, "Centre communal d'action sociale")
COMITE_CAISSE = DeliberationSpec(CAISSE_DIJON, "Comité de la Caisse des écoles")
CA_LONGVIC = DeliberationSpec(CCAS_LONGVIC, "Centre communal d'action sociale")
CA_QUETIGNY = DeliberationSpec(CCAS_QUETIGNY, "Centre communal d'action sociale")
CA_TALANT = DeliberationSpec(CCAS_TALANT, "Centre communal d'action sociale")

# Préambule: « les quartiers prioritaires du Mail à Chenôve, les Grésilles et la Fontaine
# d'Ouche à Dijon, le Bief du Moulin à Longvic, le Belvédère à Talant, et les quartiers de veille
# de Guynemer à Longvic et le Centre-ville à Quetigny ».
QUARTIERS = (
    QuartierSpec(c.CHENOVE.insee_code, "Le Mail", QuartierKind.QPV),
    QuartierSpec(c.DIJON.insee_code, "Les Grésilles", QuartierKind.QPV),
    QuartierSpec(c.DIJON.insee_code, "Fontaine d'Ouche", QuartierKind.QPV),
    QuartierSpec(c.LONGVIC.insee_code, "Bief du Moulin", QuartierKind.QPV),
    QuartierSpec(c.TALANT.insee_code, "Belvédère", QuartierKind.QPV),
    QuartierSpec(c.LONGVIC.insee_code, "Guynemer", QuartierKind.VEILLE),
    QuartierSpec(c.QUETIGNY.insee_code, "Centre-ville", QuartierKind.VEILLE),
)

# The preamble has no « Vu »; these are the texts it invokes.
LEGAL_BASES = (
    "La loi n° 2005.32 du 18 janvier 2005 de programmation pour la cohésion sociale et le plan de "
    "cohésion sociale (programmes 15 et 16) a défini les dispositifs de Réussite Éducative.",
    "Dijon Métropole intervient dans le cadre de la loi n° 99-586 du 12 juillet 1999 en matière de "
    "Politique de la ville et dispose donc ainsi des engagements conclus dans le cadre du Contrat "
    "de Ville signé le 6 juillet 2015.",
    "En application de l'article L 5111-1 et suivants du Code général des collectivités "
    "territoriales, Dijon Métropole peut intervenir en soutien des communes dans leurs actions, "
    "moyennant le versement d'un prix correspondant aux prestations qui lui seront confiées.",
)

PREAMBULE = """\
- La loi n° 2005.32 du 18 janvier 2005 de programmation pour la cohésion sociale et le plan de \
cohésion sociale (programmes 15 et 16) a défini les dispositifs de Réussite Éducative.
- Les communes de Chenôte, Dijon, Longvic, Quetigny et Talant, en collaboration avec le Grand \
Dijon et le Conseil Général, ont élaboré et mis en place en septembre 2006 pour leurs territoires \
prioritaires, des Projets de Réussite Éducative pour lesquels 595 jeunes et leur famille \
susceptibles d'en bénéficier ont été identifiés.
- Les projets de Réussite Éducative présentés par les cinq communes, examinés conjointement par \
la Délégation Interministérielle à la Ville (DIV) et par la Direction de l'Enseignement Scolaire \
(DESCO), ont été validés dès le 21 juillet 2006.
- En septembre 2007, les CCAS de Chenôte, Longvic, Quetigny, Talant et la Caisse des écoles \
publiques de Dijon ont délégué à Dijon Métropole la coordination de l'évaluation et de formation \
de leurs Projets de Réussite Éducative.
- Depuis 2010, l'Etat proroge chaque année le dispositif de Réussite Éducative avec les CCAS de \
Chenôte, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon.
- C'est pourquoi le dispositif de Réussite Éducative étant à nouveau prorogé d'un an, les CCAS de \
Chenôte, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon, ont souhaité \
reconduire leur partenariat avec Dijon Métropole par l'établissement d'une convention pour \
l'année 2017.
- En 2017, l'avenir du programme de Réussite Éducative reste lié au cadre d'intervention de la \
Politique de la ville.

L'objet des Projets de Réussite Éducative vise à :
- donner leur chance aux enfants et adolescents ne bénéficiant pas d'un environnement social, \
familial et culturel favorable à leur développement harmonieux ;
- accompagner les enfants et les adolescents de 2 à 16 ans, ainsi que leur famille, qui \
présentent des signes de fragilité et/ou de retards scolaires en cherchant à prendre en compte la \
globalité de leur environnement ;
- mettre en place un accompagnement adapté à chaque situation familiale, avec des objectifs de \
résultats mesurés.

Ces dispositifs concernent les quartiers prioritaires du Mail à Chenôte, les Grésilles et la \
Fontaine d'Ouche à Dijon, le Bief du Moulin à Longvic, le Belvédère à Talant, et les quartiers de \
veille de Guynemer à Longvic et le Centre-ville à Quetigny.

Dijon Métropole intervient dans le cadre de la loi n° 99-586 du 12 juillet 1999 en matière de \
Politique de la ville et dispose donc ainsi des engagements conclus dans le cadre du Contrat de \
Ville signé le 6 juillet 2015.

A la fois porteuse des projets de rénovation urbaine, Dijon Métropole a souhaité, dans un souci \
de cohérence, soutenir la démarche concertée du Projet de Réussite Éducative.

L'ambition du contrat de ville 2015-2020 est de soutenir tous les projets qui concourent à la \
réduction des inégalités sociales et territoriales en faveur des habitants des quartiers \
défavorisés, en luttant contre toute forme de discrimination. Le Programme de Réussite Educative \
est un des dispositifs phares du contrat de ville.

Les communes conduisent la mise en œuvre de leur Programme de Réussite Educative, en \
l'occurrence les suivis individualisés des enfants et jeunes et l'animation de leurs instances de \
suivi et de pilotage. Dijon Métropole se charge de la coordination des Programmes de Réussite \
Educative, en organisant des temps d'échange de pratiques bimestrielles, de l'accompagnement vers \
les soins psychologiques des jeunes, et de la mise en place de formations et/ou de séances \
d'analyse de la pratique.

A ce titre, en application de l'article L 5111-1 et suivants du Code général des collectivités \
territoriales, Dijon Métropole peut intervenir en soutien des communes dans leurs actions, \
moyennant le versement d'un prix correspondant aux prestations qui lui seront confiées.

La présente convention fixe donc :
- le cadre et les modalités de la coordination, de la mise en œuvre d'actions de formations et \
d'accompagnement psychologique des jeunes des Projets de Réussite Educative des CCAS de Chenôve, \
Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon et de formation de ses \
acteurs par Dijon Métropole ;
- les modalités de financement de la coordination, de la mise en œuvre d'actions de formations \
et d'accompagnement psychologique des jeunes des Projets de Réussite Educative entre les CCAS de \
Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon et Dijon \
Métropole."""

ARTICLE_1 = """\
Par la présente convention, les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des \
écoles publiques de Dijon confient à Dijon Métropole la coordination, l'accompagnement vers les \
soins psychologiques des jeunes et la mise en œuvre d'actions de formations et d'analyse de la \
pratique nécessaires aux différents acteurs et équipes relevant de chacun des territoires."""

ARTICLE_2 = """\
Les quartiers concernés par les Projets de Réussite Éducative sont : le Mail à Chenôve, les \
Grésilles et la Fontaine d'Ouche pour Dijon, le Bief du Moulin et Guynemer pour Longvic, le \
Centre-ville pour Quetigny, le Belvédère pour Talant."""

ARTICLE_3 = """\
En 2016, 913 jeunes relevant d'une prise en charge dans le cadre d'un Projet de Réussite \
Éducative ont été identifiés sur chaque commune, contre 812 en 2015, soit une augmentation de \
18%, répartie comme suit :

- Chenôve : le Mail : 113 (+16%)
- Dijon : Grésilles et Fontaine d'Ouche : 551 (+20%)
- Longvic : Guynemer et Bief du Moulin : 101 (+5.5%)
- Quetigny : Centre Ville : 42 (-50%)
- Talant : Belvédère : 106 (+32.5%)"""

ARTICLE_4 = """\
La coordination conduite par Dijon Métropole au bénéfice des CCAS de Chenôve, Longvic, Quetigny, \
Talant et de la Caisse des écoles publiques de Dijon repose sur quatre aspects :

- une fonction ressource et la production d'une culture commune au bénéfice des acteurs locaux \
(échange d'expériences des coordonnateurs sur différentes problématiques rencontrées) ;
- une information partagée sur des dispositifs ou services de l'Etat ou des partenaires, sur les \
sujets en lien avec la réussite éducative : présentation de la mission de lutte contre le \
décrochage scolaire par les services de l'Education nationale, des professionnels investis dans \
la prévention de la radicalisation au niveau des services de l'État en un premier temps ;
- un accompagnement dans l'analyse du parcours des jeunes de la Réussite éducative ;
- la mise en place concertée d'analyse de la pratique pour les intervenants à la scolarité."""

ARTICLE_5 = """\
Dans le cadre des Programmes de Réussite Educative, il a été constaté un accroissement de la \
souffrance psychologique des enfants et la nécessité d'accompagnement pour accéder aux soins. La \
coordination conduite par Dijon Métropole accompagne ce besoin croissant des enfants des \
quartiers Politique de la Ville âgés de 2 à 12 ans. Dijon Métropole aide les PRE de son \
territoire pour faciliter l'accès de ces derniers à des entretiens avec un psychologue ou un \
psychothérapeute dans les quartiers Politique de la Ville, complémentaires des prises en charge \
proposées par tous les services de droit commun habilités à proposer des suivis psychologiques \
aux enfants et à leurs familles.

Les psychologues ou psychothérapeutes factureront leur service à Dijon Métropole et organiseront \
leur intervention avec les coordinateurs de chaque PRE, en respectant la répartition horaire \
déterminée en amont par Dijon Métropole et les signataires de la convention."""

ARTICLE_6 = """\
Le coût prévisionnel de la coordination, de l'accompagnement vers les soins psychologiques et de \
la mise en œuvre d'actions de formations/analyse de la pratique des Projets de Réussite Educative \
pour l'année 2017 est de 17 500 € comme suit :

- Analyse de la pratique : 4 300 €
- Accompagnement psychologique 13 200 €

Les CCAS de Chenôve, Longvic, Quetigny, Talant et la Caisse des écoles publiques de Dijon \
verseront chacun leur part de co-financement indiquée ci-dessous, dans la limite des dotations \
qui leur seront versées par l'Etat, afin d'assurer les missions confiées à Dijon Métropole.

Le versement interviendra en une fois sur appel de fonds de Dijon Métropole décomposé comme \
suit, dès adoption et notification de la présente convention :

Chenôve (16 %) : 1 224,00 €
Dijon (63 %) : 4 738,00 €
Longvic (10 %) : 792,00 €
Quetigny (4 %) : 330,00 €
Talant (5 %) : 416,00 €
Total : 7 500,00 €

Le Grand Dijon s'engage à apporter une participation de 10 000 € pour la durée de la \
convention."""

ART_7_FOLLOWS = """\
Si les conventions signées entre l'Etat et les CCAS des communes de Chenôve, Longvic, Quetigny, \
Talant et la Caisse des écoles publiques de Dijon, relatives à la mise en œuvre des dispositifs \
de Réussite Educative sur les quartiers de la Politique de la ville, venaient à être résiliées ou \
suspendues, la présente convention se verrait appliquer le même régime."""

ARTICLE_7 = f"""\
La présente convention est applicable à compter de sa date de signature et se déroulera sur la \
même durée que les conventions signées par chaque site, à savoir jusqu'au 31 décembre 2017.

{ART_7_FOLLOWS}"""

# Art. 6, share by share: (party, label as written, stated percentage, amount in euros).
SHARES = (
    (CCAS_CHENOVE, "Chenôve", 16, "1 224,00 €"),
    (CAISSE_DIJON, "Dijon", 63, "4 738,00 €"),
    (CCAS_LONGVIC, "Longvic", 10, "792,00 €"),
    (CCAS_QUETIGNY, "Quetigny", 4, "330,00 €"),
    (CCAS_TALANT, "Talant", 5, "416,00 €"),
)
# Each amount as a share of the 7 500 € total, and what the stated percentage would give.
SHARE_CHECKS = {
    "Chenôve": ("16,32 %", "1 200,00 €"),
    "Dijon": ("63,17 %", "4 725,00 €"),
    "Longvic": ("10,56 %", "750,00 €"),
    "Quetigny": ("4,40 %", "300,00 €"),
    "Talant": ("5,55 %", "375,00 €"),
}


def _share_commitment(label: str, percent: int, amount: str) -> str:
    return (
        "Verser sa part de co-financement, en une fois sur appel de fonds de Dijon Métropole, dans "
        f"la limite des dotations versées par l'Etat : {label} ({percent} %) : {amount}."
    )


def _share_warning(label: str, percent: int, amount: str) -> WarningSpec:
    actual, expected = SHARE_CHECKS[label]
    return warning(
        SOURCE,
        "article 6",
        f"Article 6, {label} : {amount} représentent {actual} des 7 500,00 €, et non {percent} % "
        f"(qui donneraient {expected}).",
        (f"{percent} % (écrit)", f"{amount} (écrit)", f"{actual} (calculé)"),
        field="funding",
    )


def _co_funder(
    president: RepresentativeSpec, deliberation: DeliberationSpec, authority: str
) -> PartySpec:
    organisation = president.organisation
    label, percent, amount = next((s[1], s[2], s[3]) for s in SHARES if s[0] == organisation)
    return PartySpec(
        organisation,
        PartyRole.CO_FUNDER,
        signatories=(president.signs(deliberation, authority),),
        commitments=(
            "Confier à Dijon Métropole la coordination, l'accompagnement vers les soins "
            "psychologiques des jeunes et la mise en œuvre d'actions de formations et d'analyse de "
            "la pratique (art. 1er).",
            _share_commitment(label, percent, amount),
        ),
    )


CCAS_AUTHORITY = "en vertu d'une délibération du Centre Communal d'Action Sociale du"

CONVENTION = ConventionSpec(
    title="Projets de réussite éducative — Convention 2017 relative aux financements par Dijon "
    "Métropole de la coordination, de la mise en œuvre d'actions de formations et "
    "d'accompagnement psychologique des jeunes des projets de réussite éducative sur les "
    "quartiers de la politique de la ville",
    short_title="Dijon Métropole — Réussite éducative 2017",
    kind=ConventionKind.REUSSITE_EDUCATIVE,
    object=ARTICLE_1,
    source=SOURCE,
    terms=TermsSpec(
        # Art. 7: « applicable à compter de sa date de signature … jusqu'au 31 décembre 2017 ».
        period_kind=PeriodKindChoices.FIXED,
        starts_at_signature=True,
        ends_on=date(2017, 12, 31),
    ),
    parties=(
        PartySpec(
            METROPOLE,
            PartyRole.PILOT,
            "Dijon Métropole",
            signatories=(
                PRESIDENT_METROPOLE.signs(
                    CONSEIL_METROPOLITAIN,
                    "en vertu d'une délibération du Conseil métropolitain du 29 juin 2017",
                ),
            ),
            commitments=(
                "Assurer la coordination des Programmes de Réussite Educative au bénéfice des CCAS "
                "de Chenôve, Longvic, Quetigny, Talant et de la Caisse des écoles publiques de "
                "Dijon (art. 4).",
                "Faciliter l'accès des enfants de 2 à 12 ans des quartiers Politique de la Ville à "
                "des entretiens avec un psychologue ou un psychothérapeute, qui facturent leur "
                "service à Dijon Métropole (art. 5).",
                "Le Grand Dijon s'engage à apporter une participation de 10 000 € pour la durée de "
                "la convention (art. 6).",
            ),
        ),
        _co_funder(PRESIDENT_CHENOVE, CA_CHENOVE, CCAS_AUTHORITY),
        _co_funder(
            PRESIDENTE_CAISSE_DIJON,
            COMITE_CAISSE,
            "en vertu d'une délibération du Comité de la Caisse des Écoles du",
        ),
        _co_funder(PRESIDENT_LONGVIC, CA_LONGVIC, CCAS_AUTHORITY),
        _co_funder(PRESIDENT_QUETIGNY, CA_QUETIGNY, CCAS_AUTHORITY),
        _co_funder(PRESIDENT_TALANT, CA_TALANT, CCAS_AUTHORITY),
    ),
    legal_bases=LEGAL_BASES,
    articles=(
        ArticleSpec("", "Préambule", PREAMBULE),
        ArticleSpec("1er", "Objet de la convention", ARTICLE_1),
        ArticleSpec("2", "Les territoires concernés", ARTICLE_2),
        ArticleSpec("3", "Les publics identifiés", ARTICLE_3),
        ArticleSpec("4", "Coordination d'agglomération", ARTICLE_4),
        ArticleSpec("5", "Accompagnement psychologique des enfants", ARTICLE_5),
        ArticleSpec("6", "Les financements des actions", ARTICLE_6),
        ArticleSpec("7", "La durée de la convention", ARTICLE_7),
    ),
    # Art. 7, second paragraph: the State–CCAS conventions it follows are not in Repères.
    follows_note=ART_7_FOLLOWS,
    communes=tuple(x.insee_code for x in (c.CHENOVE, c.DIJON, c.LONGVIC, c.QUETIGNY, c.TALANT)),
    quartiers=tuple((q.commune, q.name) for q in QUARTIERS),
    # « Fait en 6 exemplaires originaux, A Dijon, le [blanc] ».
    is_signed=True,
    signed_on=None,
    signed_on_text="A Dijon, le",
    signed_at="Dijon",
    copies=6,
    warnings=(
        warning(
            SOURCE,
            "article 6",
            "Article 6 : les cinq pourcentages de co-financement totalisent 98 % (16 + 63 + 10 + 4 "
            "+ 5), et non 100 %, alors que les montants totalisent bien 7 500,00 €.",
            ("16 %", "63 %", "10 %", "4 %", "5 %", "total : 98 %"),
            field="funding",
        ),
        *(_share_warning(label, percent, amount) for _, label, percent, amount in SHARES),
        warning(
            SOURCE,
            "article 3",
            "Article 3 : « 913 jeunes … contre 812 en 2015, soit une augmentation de 18 % » ; "
            "de 812 à 913, l'augmentation est de 12,4 %.",
            ("812 (2015)", "913 (2016)", "+18 % (écrit)", "+12,4 % (calculé)"),
            field="clauses",
        ),
        warning(
            SOURCE,
            "préambule",
            "Le préambule écrit « Chenôte » (cinq fois) pour Chenôve.",
            ("Chenôte (écrit)", "Chenôve"),
            field="clauses",
        ),
        warning(
            SOURCE,
            "article 6",
            "Article 6 : la participation de 10 000 € est apportée par « le Grand Dijon », nom "
            "antérieur de Dijon Métropole, seule signataire.",
            ("Le Grand Dijon (écrit)", "Dijon Métropole"),
            field="clauses",
        ),
    ),
)

SEED = Seed(
    number="002",
    source=SOURCE,
    organisations=ORGANISATIONS,
    representatives=REPRESENTATIVES,
    deliberations=(
        CONSEIL_METROPOLITAIN,
        CA_CHENOVE,
        COMITE_CAISSE,
        CA_LONGVIC,
        CA_QUETIGNY,
        CA_TALANT,
    ),
    quartiers=QUARTIERS,
    conventions=(CONVENTION,),
)
