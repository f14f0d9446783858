"""Seed 001 — Pas-de-Calais: deliberation of the Commission permanente of 11 December 2023
(n° 2023-601) approving a model convention to be signed with the 8 SPS and their co-funding
communes; the « Activité 2022 » of the 8 SPS (file ``001_3a49bff1ebe9ca53.txt``).

The 8 signed conventions are not in the seed, only the model: the demo creates the model
(``ConventionTemplate``) and its 8 instances as drafts, since their signature is unknown.
"""

from datetime import date

from reperes.conventions.enums import ConventionKind, DelayUnit, PeriodKindChoices
from reperes.demo.seeds import communes as c
from reperes.demo.seeds import seed_001_model as model
from reperes.demo.spec import (
    ArticleSpec,
    CommuneSpec,
    DeliberationSpec,
    InstanceSpec,
    OrganisationSpec,
    QuartierSpec,
    RepresentativeSpec,
    SectorSpec,
    Seed,
    ServiceSpec,
    TemplateSpec,
    TermsSpec,
    WarningSpec,
    warning,
)
from reperes.partners.enums import OrganisationKind, QuartierKind

SOURCE = (
    "Seed 001 — délibération Pas-de-Calais n° 2023-601 et convention type de prévention spécialisée"
)

DEPARTEMENT = "Département du Pas-de-Calais"

# Operators, as named in the table of the deliberation (art. 2).
LA_VIE_ACTIVE = "Association La Vie Active"
ELP = "Education Liens Prévention"
LA_SPIRALE = "La Spirale"
ALAJ = "Association Liens et Actions des Jeunes"
AVENIR_DES_CITES = "Association Avenir des Cités"
RAS = "Association Recherche et Action Sociales"
RENCONTRES_ET_LOISIRS = "Association Rencontres et Loisirs"

CO_FUNDING_COMMUNES = (
    c.ARRAS, c.BRUAY_LA_BUISSIERE, c.HOUDAIN, c.BOULOGNE_SUR_MER, c.SAINT_MARTIN_BOULOGNE,
    c.CALAIS, c.ETAPLES, c.BILLY_MONTIGNY, c.HARNES, c.SALLAUMINES, c.LIEVIN, c.LOOS_EN_GOHELLE,
    c.CARVIN, c.COURRIERES, c.LIBERCOURT, c.OIGNIES,
)  # fmt: skip


def commune_organisation(name: str) -> str:
    """« Commune d'Arras », « Commune de Harnes » (h aspiré), « Commune d'Étaples »."""
    elided = name[0] in "AEIOUYÉÈ"
    return f"Commune d'{name}" if elided else f"Commune de {name}"


ORGANISATIONS = (
    # Model convention, parties: « dont le siège est en l'Hôtel du Département rue Ferdinand
    # Buisson 62018 Arras Cedex 9 ».
    OrganisationSpec(
        DEPARTEMENT,
        OrganisationKind.DEPARTEMENT,
        "62",
        commune=c.ARRAS.insee_code,
        address="Hôtel du Département, rue Ferdinand Buisson, 62018 Arras Cedex 9",
    ),
    OrganisationSpec(LA_VIE_ACTIVE, OrganisationKind.ASSOCIATION, "62"),
    OrganisationSpec(ELP, OrganisationKind.ASSOCIATION, "62", short_name="ELP"),
    OrganisationSpec(LA_SPIRALE, OrganisationKind.ASSOCIATION, "62"),
    OrganisationSpec(ALAJ, OrganisationKind.ASSOCIATION, "62", short_name="ALAJ"),
    OrganisationSpec(AVENIR_DES_CITES, OrganisationKind.ASSOCIATION, "62"),
    OrganisationSpec(RAS, OrganisationKind.ASSOCIATION, "62"),
    OrganisationSpec(RENCONTRES_ET_LOISIRS, OrganisationKind.ASSOCIATION, "62"),
    *(
        OrganisationSpec(
            commune_organisation(x.name), OrganisationKind.COMMUNE, "62", commune=x.insee_code
        )
        for x in CO_FUNDING_COMMUNES
    ),
)

# Deliberation: « PRESIDENCE DE MONSIEUR JEAN-CLAUDE LEROY »; « Pour le Président du Conseil
# départemental, La Directrice générale des services, Signé Maryline VINCLAIRE ».
PRESIDENT = RepresentativeSpec(
    DEPARTEMENT, "Jean-Claude LEROY", "Président du Conseil départemental"
)
DIRECTRICE_GENERALE = RepresentativeSpec(
    DEPARTEMENT, "Maryline VINCLAIRE", "Directrice générale des services"
)
REPRESENTATIVES = (PRESIDENT, DIRECTRICE_GENERALE)

CP_2023_601 = DeliberationSpec(
    DEPARTEMENT,
    "Commission permanente",
    date(2023, 12, 11),
    "11 décembre 2023",
    reference="2023-601",
    title="Convention de partenariat relative à la mise en œuvre des actions de prévention "
    "spécialisée dans le Département du Pas-de-Calais",
)

# « Activité 2022 — Secteurs d'intervention des SPS »: quartiers as written.
Q = QuartierKind.OTHER
SECTOR_QUARTIERS = {
    c.ARRAS: ("Blancs Monts", "Baudimont", "Résidence Saint-Paul"),
    c.BRUAY_LA_BUISSIERE: ("Centre-Ville",),
    c.HOUDAIN: ("Haut d'Houdain",),
    c.BILLY_MONTIGNY: ("Cité du 10",),
    c.HARNES: ("Bellevue", "Cité d'Orient"),
    c.SALLAUMINES: ("La Cité Fosse 3",),
    c.CARVIN: ("Germinal",),
    c.COURRIERES: ("Léon Blum", "Rotois"),
    c.LIBERCOURT: ("Guarguetelles", "Haute Voix"),
    c.OIGNIES: ("Cité Justice", "Cité Declercq"),
    c.LIEVIN: ("Cité 3/Blum", "Riaumont"),
    c.LOOS_EN_GOHELLE: ("Centre-Ville", "Quartier Ouest"),
    c.BOULOGNE_SUR_MER: ("Chemin vert",),
    c.SAINT_MARTIN_BOULOGNE: ("Léon Blum", "Ostrohove", "Moka"),
    c.ETAPLES: ("Renaissance", "Arc en Ciel"),
    c.CALAIS: ("Beau-Marais",),
}
QUARTIERS = tuple(
    QuartierSpec(commune.insee_code, name, Q)
    for commune, names in SECTOR_QUARTIERS.items()
    for name in names
)


ACTIVITY_2022 = "Activité 2022 des SPS, « Répartition de l'activité par SPS »"
SAME_FIGURES = warning(
    SOURCE,
    f"{ACTIVITY_2022}",
    "Le tableau des heures 2022 donne à Etaples et à Liévin les mêmes quatre chiffres (travail de "
    "rue 572, accompagnements individuels 917, actions collectives 1691, écrits professionnels "
    "710) : copie probable d'une ligne sur l'autre.",
    (
        "Etaples : 572 / 917 / 1691 / 710 (total 4894)",
        "Liévin : 572 / 917 / 1691 / 710 (total 4398)",
    ),
    field="activite_2022",
)

SPS_ARRAS = "SPS Arras"
SPS_MAURICE_SCHUMANN = "SPS Maurice Schumann"
SPS_BOULOGNE = "SPS Boulogne"
SPS_CALAIS = "SPS Calais"
SPS_ETAPLES = "SPS Etaples"
SPS_HARNES = "SPS Harnes"
SPS_LIEVIN = "SPS Liévin"
SPS_OIGNIES = "SPS Oignies"

OPERATOR_UNNAMED = warning(
    SOURCE,
    "délibération art. 2 et Activité 2022",
    "Le tableau de la délibération n° 2023-601 (et du rapport n° 61) ne nomme pas de structure "
    "gestionnaire pour le SPS « Maurice Schumann » ; l'activité 2022 indique « Géré par "
    "l'association La Vie Active ». La Vie Active est retenue.",
    (
        "structure gestionnaire : (vide) — délibération n° 2023-601, article 2",
        "Géré par l'association La Vie Active — Activité 2022",
    ),
    field="operator",
)

# Deliberation art. 2, table « Service de Prévention Spécialisée / Structures Gestionnaires /
# Communes d'intervention et co-financeuses », with the « Activité 2022 » sector of each
# commune: (service, label, operator, {commune: sector as written}, warnings).
SPS_TABLE: tuple[tuple[str, str, str, dict[CommuneSpec, str], tuple[WarningSpec, ...]], ...] = (
    (
        SPS_ARRAS,
        "Présence et Action Sociale",
        LA_VIE_ACTIVE,
        {
            c.ARRAS: "Interventions sur Arras notamment sur les quartiers Blancs Monts, Baudimont "
            "et Résidence Saint-Paul",
        },
        (),
    ),
    (
        SPS_MAURICE_SCHUMANN,
        "Maurice Schumann",
        LA_VIE_ACTIVE,
        {
            c.BRUAY_LA_BUISSIERE: "Interventions sur Bruay-La-Buissière notamment sur le quartier "
            "du Centre-Ville",
            c.HOUDAIN: "de la commune de Houdain notamment sur le quartier nommé le Haut d'Houdain",
        },
        (OPERATOR_UNNAMED,),
    ),
    (
        SPS_BOULOGNE,
        "ELP",
        ELP,
        {
            c.BOULOGNE_SUR_MER: "Interventions sur Boulogne-Sur-Mer notamment le quartier du "
            "Chemin vert",
            c.SAINT_MARTIN_BOULOGNE: "sur Saint-Martin-Boulogne : Quartiers Léon Blum, "
            "d'Ostrohove et le Moka",
        },
        (),
    ),
    (
        SPS_CALAIS,
        "La Spirale",
        LA_SPIRALE,
        {c.CALAIS: "Intervention sur Calais notamment sur le quartier du Beau-Marais"},
        (),
    ),
    (
        SPS_ETAPLES,
        "ALAJ",
        ALAJ,
        {
            c.ETAPLES: "Intervention sur Etaples-Sur-Mer notamment sur les quartiers Renaissance "
            "et Arc en Ciel",
        },
        (SAME_FIGURES,),
    ),
    (
        SPS_HARNES,
        "Avenir des Cités",
        AVENIR_DES_CITES,
        {
            c.BILLY_MONTIGNY: "Interventions sur Billy-Montigny notamment sur la cité du 10",
            c.HARNES: "de Harnes sur le quartier Bellevue et la cité d'Orient",
            c.SALLAUMINES: "de Sallaumines sur le quartier « La Cité Fosse 3 »",
        },
        (),
    ),
    (
        SPS_LIEVIN,
        "Recherche et Action Sociales",
        RAS,
        {
            c.LIEVIN: "Intervention sur Liévin notamment sur les quartiers « Cité 3/Blum », "
            "« Riaumont »",
            c.LOOS_EN_GOHELLE: "et Loos-En-Gohelle notamment sur les quartiers « Centre-Ville » "
            "et « Quartier Ouest »",
        },
        (SAME_FIGURES,),
    ),
    (
        SPS_OIGNIES,
        "Rencontres et Loisirs",
        RENCONTRES_ET_LOISIRS,
        {
            c.CARVIN: "Interventions sur Carvin notamment sur le quartier Germinal",
            c.COURRIERES: "Courrières sur les quartiers Léon Blum et Rotois",
            c.LIBERCOURT: "de Libercourt sur les quartiers Guarguetelles et Haute Voix",
            c.OIGNIES: "de Oignies sur les Cités Justice et Declercq",
        },
        (),
    ),
)

SERVICES = tuple(
    ServiceSpec(
        service,
        operator,
        DEPARTEMENT,
        tuple(commune.insee_code for commune in sectors),
        label=label,
        sectors=tuple(
            SectorSpec(commune.insee_code, description, SECTOR_QUARTIERS[commune])
            for commune, description in sectors.items()
        ),
        warnings=warnings,
    )
    for service, label, operator, sectors, warnings in SPS_TABLE
)

TEMPLATE_TITLE = (
    "Convention type de partenariat relative à la mise en œuvre des actions de prévention "
    "spécialisée dans le Département du Pas-de-Calais"
)


def _instance(service: str, label: str, operator: str, *communes: CommuneSpec) -> InstanceSpec:
    return InstanceSpec(
        title=f"{model.OBJECT} — SPS « {label} »",
        short_title=f"Pas-de-Calais — {service}",
        service=service,
        operator=operator,
        communes=tuple(x.insee_code for x in communes),
        source=f"Seed 001 — convention type n° 2023-601, instance {service} (« {label} »)",
    )


TEMPLATE = TemplateSpec(
    title=TEMPLATE_TITLE,
    kind=ConventionKind.PREVENTION,
    object=model.OBJECT,
    owner=DEPARTEMENT,
    # Deliberation art. 1: « De valider le projet type de convention de partenariat ».
    approved_by=CP_2023_601,
    terms=TermsSpec(
        # Art. 10: « La présente convention entre en vigueur à la date de sa signature. Elle est
        # conclue pour une durée d'un an à compter du JJ/MM /AAAA et renouvelable chaque année
        # par tacite reconduction » — read as a first year running from the signature; the
        # blank date is kept as written (no starts_on).
        period_kind=PeriodKindChoices.TACIT_RENEWAL,
        starts_on_text="JJ/MM /AAAA",
        starts_at_signature=True,
        term_value=1,
        term_unit=DelayUnit.YEARS,
        # Art. 10: « dénoncée à tout moment … après un préavis de 6 mois ».
        withdrawal_notice_value=6,
        withdrawal_notice_unit=DelayUnit.MONTHS,
        # Art. 13: « La résiliation prend effet un mois après la réception de sa notification …
        # Ce délai n'est pas susceptible de prorogation. »
        termination_delay_value=1,
        termination_delay_unit=DelayUnit.MONTHS,
        delays_extendable=False,
    ),
    # Deliberation art. 2: the Président is empowered to sign; the model's other signatures are
    # « Prénom NOM ».
    pilot_signatory=PRESIDENT.signs(
        CP_2023_601,
        "dûment autorisé par délibération de la Commission Permanente en date du JJ mois AAAA",
    ),
    # Art. 8.1.
    funding_note="Département : 95 % — Communes : 5 % (dont Commune X …%, dont Commune Y …%). "
    "Versement par dotation mensuelle (art. 8.1).",
    # Art. 14; a model convention has no field for it: each instance receives it.
    jurisdiction="Tribunal administratif de Lille, après recherche d'une solution amiable "
    "(art. 14).",
    legal_bases=model.LEGAL_BASES,
    articles=tuple(ArticleSpec(number, heading, text) for number, heading, text in model.ARTICLES),
    clauses=model.CLAUSES,
    # One instance by line of the deliberation's table.
    instances=tuple(
        _instance(service, label, operator, *sectors)
        for service, label, operator, sectors, _ in SPS_TABLE
    ),
)

SEED = Seed(
    number="001",
    source=SOURCE,
    organisations=ORGANISATIONS,
    representatives=REPRESENTATIVES,
    deliberations=(CP_2023_601,),
    quartiers=QUARTIERS,
    services=SERVICES,
    templates=(TEMPLATE,),
)
