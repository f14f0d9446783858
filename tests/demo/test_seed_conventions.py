"""The five seed conventions, as loaded by ``load_demo``, checked against the seed texts
(``/work/shared/seeds``): parties and roles, signatories, period clauses, computed status and
the contradictions kept as data warnings.

The demo is loaded once for this module, inside a transaction rolled back at the end, so that
it does not leak into other test modules; each test runs in its own savepoint.
"""

from __future__ import annotations

from datetime import date

import pytest

from reperes.accounts.models import User
from reperes.conventions.dates import dates_of
from reperes.conventions.models import Convention, ConventionTemplate
from reperes.core.models import DataWarning
from reperes.demo import accounts
from reperes.demo.loader import SEED_SOURCE_PREFIX
from reperes.demo.seeds import seed_000, seed_001, seed_002, seed_003, seed_004
from reperes.partners.models import Authorisation, Commune, Deliberation, Organisation, Service
from reperes.rules.periods import Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeds_on_access_day")]


def convention(spec) -> Convention:
    return Convention.objects.get(title=spec.title)


def parties(conv: Convention) -> list[tuple[str, str]]:
    return [(p.organisation.name, p.role) for p in conv.parties.select_related("organisation")]


def signatories(conv: Convention) -> list[tuple[str, str, str, date | None, str]]:
    """(organisation, name, title, date of the empowering deliberation, date as written)."""
    rows = []
    for party in conv.parties.select_related("organisation"):
        for s in party.signatories.select_related("deliberation"):
            d = s.deliberation
            rows.append(
                (
                    party.organisation.name,
                    s.full_name,
                    s.title,
                    d.decided_on if d else None,
                    d.decided_on_text if d else "—",
                )
            )
    return rows


def warnings_on(obj) -> list[DataWarning]:
    return list(DataWarning.for_object(obj))


def status(conv: Convention, on: date):
    return dates_of(conv, on).status


class TestSeed000MeurtheEtMoselle:
    """« Le Département de Meurthe-et-Moselle, représentée par sa Présidente, Chaynesse
    KHIROUNI, autorisée à signer la présente convention par délibération de la Commission
    permanente du 9 mars 2020 […] La ville d'Herserange, représentée par Monsieur le Maire, Gérard
    DIDELOT, autorisé à signer la présente convention par délibération du XXXXXXXXXX […]
    L'association « Portes Z'Ouvertes », représenté par son Président, Daniel BARCELLA »."""

    def test_parties_and_roles(self):
        assert parties(convention(seed_000.CONVENTION)) == [
            ("Département de Meurthe-et-Moselle", "pilot"),
            ("Commune d'Herserange", "co_funder"),
            ("Association Portes Z'Ouvertes", "operator"),
        ]

    def test_signatories_and_their_deliberations(self):
        assert signatories(convention(seed_000.CONVENTION)) == [
            (
                "Département de Meurthe-et-Moselle",
                "Chaynesse KHIROUNI",
                "Présidente du Conseil départemental",
                date(2020, 3, 9),
                "9 mars 2020",
            ),
            ("Commune d'Herserange", "Gérard DIDELOT", "Maire", None, "XXXXXXXXXX"),
            ("Association Portes Z'Ouvertes", "Daniel BARCELLA", "Président", None, "—"),
        ]

    def test_period_clauses(self):
        """Art. 7: « pour la période du 01 janvier 2023 au 31 décembre 2025 […] une
        dénonciation après une mise en demeure d'un délai de six mois »; « Signature de la
        convention en date du ……… »."""
        conv = convention(seed_000.CONVENTION)
        assert (conv.period_kind, conv.starts_on, conv.ends_on) == (
            "fixed",
            date(2023, 1, 1),
            date(2025, 12, 31),
        )
        assert not conv.starts_at_signature
        assert (conv.formal_notice_value, conv.formal_notice_unit) == (6, "months")
        assert conv.withdrawal_notice_value is None
        assert conv.termination_delay_value is None
        assert conv.is_signed
        assert conv.signed_on is None
        assert conv.signed_on_text.startswith("en date du")

    def test_texts(self):
        conv = convention(seed_000.CONVENTION)
        assert conv.legal_bases.count() == 8
        assert [c.number for c in conv.articles.all()] == ["1", "2", "3", "4", "5", "6", "7"]
        assert "mise en demeure d'un délai de six mois" in conv.articles.get(number="7").body
        assert [a.number for a in conv.annexes.all()] == ["1", "2"]
        commitments = {p.organisation.name: p.commitments.count() for p in conv.parties.all()}
        assert commitments == {
            "Département de Meurthe-et-Moselle": 4,
            "Commune d'Herserange": 5,
            "Association Portes Z'Ouvertes": 6,
        }

    def test_service_territory(self):
        """Art. 2: « le territoire de Longwy dont trois villes sont concernées, à savoir :
        Herserange, Longwy, Mont-Saint-Martin »; art. 4: the QPV « Concorde »."""
        conv = convention(seed_000.CONVENTION)
        assert conv.service.operator.name == "Association Portes Z'Ouvertes"
        assert {c.insee_code for c in conv.service.communes.all()} == {"54261", "54323", "54382"}
        assert [(q.name, q.kind) for q in conv.quartiers.all()] == [("Concorde", "qpv")]

    def test_status(self):
        conv = convention(seed_000.CONVENTION)
        assert status(conv, date(2024, 6, 1)).status is Status.IN_FORCE
        assert status(conv, date(2024, 6, 1)).certain
        assert status(conv, date(2026, 11, 23)).status is Status.EXPIRED

    def test_formal_notice_received_on_15_march_2024_cures_on_16_september(self):
        """Six months from 15 March 2024 end on Sunday 15 September: extended to Monday
        (code de procédure civile, art. 642)."""
        keys = dates_of(convention(seed_000.CONVENTION), date(2024, 3, 15)).keys
        assert keys.formal_notice_cure_end == date(2024, 9, 16)

    def test_authorisation_two_dates_warning(self):
        """Préambule: « Vu l'arrêté d'autorisation […] du 27 janvier 2009 »; art. 2: « délivré
        par le département en date du 31 mars 2009 pour une validité de 15 ans »."""
        authorisation = Authorisation.objects.get(service__name=seed_000.SERVICE)
        assert authorisation.granted_on == date(2009, 3, 31)
        assert authorisation.validity_years == 15
        assert authorisation.ends_on == date(2024, 3, 30)
        [warning] = warnings_on(authorisation)
        assert any("27 janvier 2009" in v for v in warning.values)
        assert any("31 mars 2009" in v for v in warning.values)
        assert warning.source.startswith("Seed 000")
        end_warning = [
            w for w in warnings_on(convention(seed_000.CONVENTION)) if w.field == "ends_on"
        ]
        assert end_warning
        assert "30 mars 2024" in end_warning[0].message

    def test_deliberation_of_7_october_has_no_year(self):
        deliberation = Deliberation.objects.get(decided_on_text="7 octobre")
        assert deliberation.decided_on is None
        assert deliberation.assembly == "Commission permanente"
        assert warnings_on(deliberation)


class TestSeed001PasDeCalais:
    """Deliberation n° 2023-601, art. 1: « De valider le projet type de convention de
    partenariat »; art. 2: « D'autoriser le Président du Conseil départemental à signer […] avec
    les 8 Services de Prévention Spécialisée (SPS) et les communes co-financeuses »."""

    def template(self) -> ConventionTemplate:
        return ConventionTemplate.objects.get(title=seed_001.TEMPLATE.title)

    def test_template_approved_by_the_deliberation(self):
        template = self.template()
        assert template.owner.name == "Département du Pas-de-Calais"
        assert template.approved_by.reference == "2023-601"
        assert template.approved_by.decided_on == date(2023, 12, 11)
        assert template.approved_by.assembly == "Commission permanente"
        assert template.legal_bases.count() == 7
        assert [c.number for c in template.articles.all()] == ["", *map(str, range(1, 15))]

    def test_template_terms(self):
        """Art. 10: « La présente convention entre en vigueur à la date de sa signature. Elle est
        conclue pour une durée d'un an à compter du JJ/MM /AAAA et renouvelable chaque année
        par tacite reconduction […] un préavis de 6 mois »; art. 13: « La résiliation prend
        effet un mois après la réception […] Ce délai n'est pas susceptible de prorogation »."""
        t = self.template()
        assert (t.period_kind, t.term_value, t.term_unit) == ("tacit_renewal", 1, "years")
        assert t.starts_on is None
        assert t.starts_on_text == "JJ/MM /AAAA"
        assert t.starts_at_signature  # « entre en vigueur à la date de sa signature »
        assert (t.withdrawal_notice_value, t.withdrawal_notice_unit) == (6, "months")
        assert (t.termination_delay_value, t.termination_delay_unit) == (1, "months")
        assert t.delays_extendable is False

    @pytest.mark.parametrize(
        ("service", "operator", "communes"),
        [
            ("SPS Arras", "Association La Vie Active", {"Arras"}),
            (
                "SPS Maurice Schumann",
                "Association La Vie Active",
                {"Bruay-la-Buissière", "Houdain"},
            ),
            (
                "SPS Boulogne",
                "Education Liens Prévention",
                {"Boulogne-sur-Mer", "Saint-Martin-Boulogne"},
            ),
            ("SPS Calais", "La Spirale", {"Calais"}),
            ("SPS Etaples", "Association Liens et Actions des Jeunes", {"Étaples"}),
            (
                "SPS Harnes",
                "Association Avenir des Cités",
                {"Billy-Montigny", "Harnes", "Sallaumines"},
            ),
            (
                "SPS Liévin",
                "Association Recherche et Action Sociales",
                {"Liévin", "Loos-en-Gohelle"},
            ),
            (
                "SPS Oignies",
                "Association Rencontres et Loisirs",
                {"Carvin", "Courrières", "Libercourt", "Oignies"},
            ),
        ],
    )
    def test_each_instance(self, service, operator, communes):
        """The table « Service de Prévention Spécialisée / Structures Gestionnaires / Communes
        d'intervention et co-financeuses » (e.g. « Avenir des Cités » — Billy-Montigny - Harnes,
        Sallaumines)."""
        conv = self.template().instances.get(service__name=service)
        assert {c.name for c in conv.communes.all()} == communes
        assert conv.service.operator.name == operator
        roles = parties(conv)
        assert roles[0] == ("Département du Pas-de-Calais", "pilot")
        assert roles[1] == (operator, "operator")
        assert {name for name, role in roles[2:] if role == "co_funder"} == {
            f"Commune d'{c}" if c[0] in "AEIOUYÉ" else f"Commune de {c}" for c in communes
        }
        assert len(roles) == 2 + len(communes)
        # Only the Président's signature is known: the model reads « Prénom NOM » elsewhere.
        [(org, name, title, decided_on, _)] = signatories(conv)
        assert (name, title, decided_on) == (
            "Jean-Claude LEROY",
            "Président du Conseil départemental",
            date(2023, 12, 11),
        )
        assert not conv.is_signed
        assert dates_of(conv, date(2024, 6, 1)).status.status is Status.DRAFT
        assert conv.articles.count() == 15
        assert conv.legal_bases.count() == 7
        assert conv.period_kind == "tacit_renewal"
        assert conv.delays_extendable is False
        assert conv.jurisdiction.startswith("Tribunal administratif de Lille")

    def test_eight_instances(self):
        assert self.template().instances.count() == 8

    def test_maurice_schumann_operator_warning(self):
        """Table: « Maurice Schumann » has no « Structure Gestionnaire »; Activité 2022: « SPS
        Maurice Schumann — Géré par l'association La Vie Active »."""
        service = Service.objects.get(name="SPS Maurice Schumann")
        assert service.operator.name == "Association La Vie Active"
        [warning] = warnings_on(service)
        assert warning.field == "operator"
        assert any("La Vie Active" in v for v in warning.values)

    def test_sectors_as_written(self):
        """« SPS Oignies — Interventions sur Carvin notamment sur le quartier Germinal,
        Courrières sur les quartiers Léon Blum et Rotois, de Libercourt sur les quartiers
        Guarguetelles et Haute Voix et de Oignies sur les Cités Justice et Declercq »."""
        service = Service.objects.get(name="SPS Oignies")
        assert service.label == "Rencontres et Loisirs"
        sectors = {
            s.commune.name: {q.name for q in s.quartiers.all()} for s in service.sectors.all()
        }
        assert sectors == {
            "Carvin": {"Germinal"},
            "Courrières": {"Léon Blum", "Rotois"},
            "Libercourt": {"Guarguetelles", "Haute Voix"},
            "Oignies": {"Cité Justice", "Cité Declercq"},
        }
        assert Service.objects.get(name="SPS Arras").label == "Présence et Action Sociale"

    def test_same_figures_for_etaples_and_lievin_are_flagged(self):
        for name in ("SPS Etaples", "SPS Liévin"):
            assert [w.field for w in warnings_on(Service.objects.get(name=name))] == [
                "activite_2022"
            ]


class TestSeed002Dijon:
    """« DIJON METROPOLE […] représentée par Monsieur François REBSAMEN, Président, en vertu
    d'une délibération du Conseil métropolitain du 29 juin 2017 »; the four CCAS and the Caisse
    des écoles « en vertu d'une délibération du Centre Communal d'Action Sociale du » (blank)."""

    def test_parties_and_roles(self):
        assert parties(convention(seed_002.CONVENTION)) == [
            ("Dijon Métropole", "pilot"),
            ("CCAS de Chenôve", "co_funder"),
            ("Caisse des écoles publiques de Dijon", "co_funder"),
            ("CCAS de Longvic", "co_funder"),
            ("CCAS de Quetigny", "co_funder"),
            ("CCAS de Talant", "co_funder"),
        ]

    def test_signatories(self):
        rows = signatories(convention(seed_002.CONVENTION))
        assert rows[0] == (
            "Dijon Métropole",
            "François REBSAMEN",
            "Président",
            date(2017, 6, 29),
            "29 juin 2017",
        )
        assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
            ("Thierry FALCONNET", "Président", None),
            ("Anne DILLENSEGER", "Présidente déléguée", None),
            ("José ALMEIDA", "Président", None),
            ("Rémi DETANG", "Président", None),
            ("Gilbert MENUT", "Président", None),
        ]

    def test_period_and_fate(self):
        """Art. 7: « applicable à compter de sa date de signature […] jusqu'au 31 décembre
        2017. Si les conventions signées entre l'Etat et les CCAS […] venaient à être résiliées
        ou suspendues, la présente convention se verrait appliquer le même régime. » « Fait en
        6 exemplaires originaux, A Dijon, le »."""
        conv = convention(seed_002.CONVENTION)
        assert conv.kind == "reussite_educative"
        assert conv.starts_at_signature
        assert conv.starts_on is None
        assert conv.ends_on == date(2017, 12, 31)
        assert "résiliées ou suspendues" in conv.follows_note
        assert conv.follows is None
        assert (conv.copies, conv.signed_at, conv.signed_on) == (6, "Dijon", None)
        assert conv.is_signed
        assert status(conv, date(2018, 1, 1)).status is Status.EXPIRED

    def test_money_inconsistencies_are_flagged(self):
        """Art. 6: « Chenôve (16 %) : 1 224,00 € […] Talant (5 %) : 416,00 € — Total :
        7 500,00 € »; art. 3: « 913 jeunes […] contre 812 en 2015, soit une augmentation de
        18% »."""
        messages = [w.message for w in warnings_on(convention(seed_002.CONVENTION))]
        assert any("98 %" in m for m in messages)
        assert any("12,4 %" in m and "18 %" in m for m in messages)
        for share in ("16,32 %", "63,17 %", "10,56 %", "4,40 %", "5,55 %"):
            assert any(share in m for m in messages), share
        assert any("Chenôte" in m for m in messages)

    def test_quartiers(self):
        conv = convention(seed_002.CONVENTION)
        kinds = {(q.commune.name, q.name): q.kind for q in conv.quartiers.all()}
        assert kinds[("Longvic", "Guynemer")] == "veille"
        assert kinds[("Dijon", "Les Grésilles")] == "qpv"
        assert len(kinds) == 7


class TestSeed003Metz:
    """« La Caisse d'Allocations Familiales, représentée par son Président Monsieur Robert
    CANTISANI et sa Directrice, Madame de METZ NOBLAT — La Ville de METZ, représentée par
    Monsieur le Maire Monsieur Dominique GROS — Le Centre Communal d'Action Sociale de la Ville
    de METZ, représenté par sa Vice-Présidente, Madame Christiane PALLEZ »."""

    def test_parties_roles_and_signatories(self):
        conv = convention(seed_003.CONVENTION)
        assert parties(conv) == [
            ("Caisse d'allocations familiales de la Moselle", "partner"),
            ("Commune de Metz", "pilot"),
            ("CCAS de Metz", "partner"),
        ]
        assert [(r[1], r[2]) for r in signatories(conv)] == [
            ("Robert CANTISANI", "Président"),
            ("Madame de METZ NOBLAT", "Directrice"),
            ("Dominique GROS", "Maire"),
            ("Christiane PALLEZ", "Vice-Présidente"),
        ]

    def test_moselle_calendar(self):
        for p in convention(seed_003.CONVENTION).parties.all():
            assert p.organisation.departement_code == "57"
            assert p.organisation.holiday_subdivision == "57"

    def test_period_clauses(self):
        """« adopté pour une durée de trois ans à compter de la date de signature »; « dénoncer
        le présent protocole à tout moment »; « Fait à Metz, le »."""
        conv = convention(seed_003.CONVENTION)
        assert conv.kind == "protocole_global"
        assert (conv.period_kind, conv.term_value, conv.term_unit) == ("term", 3, "years")
        assert conv.starts_at_signature
        assert conv.starts_on is None
        assert conv.ends_on is None
        assert (conv.withdrawal_notice_value, conv.withdrawal_notice_unit) == (0, "days")
        assert conv.is_signed
        assert conv.signed_on is None
        assert conv.signed_at == "Metz"
        assert conv.service is None

    @pytest.mark.parametrize("on", [date(2010, 6, 1), date(2030, 1, 1)])
    def test_signed_but_nothing_computable(self, on):
        view = dates_of(convention(seed_003.CONVENTION), on)
        assert view.status.status is Status.SIGNED
        assert not view.status.certain
        assert view.keys.current_period_end is None
        assert view.keys.next_renewal is None
        assert view.keys.withdrawal_deadline is None
        assert view.keys.formal_notice_cure_end is None

    def test_fiches_actions_as_annexes(self):
        annexes = list(convention(seed_003.CONVENTION).annexes.all())
        assert len(annexes) == 7
        assert all(a.description.startswith("Année(s) : 2009-2010") for a in annexes[:4])
        assert all("OBJECTIFS DU PARTENARIAT" in a.description for a in annexes)
        assert "moins de 100 allocataires" in annexes[1].description


class TestSeed004Drome:
    """« Le Département de la Drôme, représenté sa Présidente en exercice, Marie-Pierre MOUTON,
    agissant en vertu de la délibération du 20 février 2023 […] La commune de MONTELIMAR,
    représentée par son Maire en exercice, Julien CORNILLET, dûment habilité(e) aux fins des
    présentes, par délibération du [blanc] »."""

    def test_parties_and_signatories(self):
        conv = convention(seed_004.CONVENTION)
        assert parties(conv) == [
            ("Département de la Drôme", "pilot"),
            ("Commune de Montélimar", "operator"),
        ]
        assert signatories(conv) == [
            (
                "Département de la Drôme",
                "Marie-Pierre MOUTON",
                "Présidente du Conseil départemental",
                date(2023, 2, 20),
                "20 février 2023",
            ),
            ("Commune de Montélimar", "Julien CORNILLET", "Maire de Montélimar", None, ""),
        ]
        assert conv.service.operator.name == "Commune de Montélimar"

    def test_period_clauses(self):
        """Art. 11: « entrera en vigueur à compter de sa signature et se terminera le 31
        décembre 2025 »; art. 12: « dans les trente jours qui suivent sa réception »; « Fait à
        Valence, le — En deux exemplaires originaux »."""
        conv = convention(seed_004.CONVENTION)
        assert conv.starts_at_signature
        assert conv.starts_on is None
        assert conv.ends_on == date(2025, 12, 31)
        assert (conv.formal_notice_value, conv.formal_notice_unit) == (30, "days")
        assert conv.withdrawal_notice_value is None
        assert (conv.is_signed, conv.signed_on, conv.signed_at, conv.copies) == (
            True,
            None,
            "Valence",
            2,
        )
        assert conv.signed_on_text == "Fait à Valence, le"

    def test_status(self):
        conv = convention(seed_004.CONVENTION)
        in_force = status(conv, date(2024, 6, 1))
        assert in_force.status is Status.IN_FORCE
        assert not in_force.certain
        assert status(conv, date(2026, 1, 1)).status is Status.EXPIRED

    def test_isolated_date_is_not_a_signature(self):
        conv = convention(seed_004.CONVENTION)
        assert conv.signed_on is None
        assert any("17.04.2023" in w.values for w in warnings_on(conv))

    def test_territory(self):
        """Art. 4: QPV Nocaze, Centre Ancien, Ouest (décret n° 2014-1750); « collèges : Europa,
        Alain Borne, Monod »."""
        conv = convention(seed_004.CONVENTION)
        qpv = {q.name for q in conv.quartiers.filter(kind="qpv")}
        assert qpv == {"Nocaze", "Centre Ancien", "Ouest"}
        assert {"Pracomtal", "Grangeneuve", "Jean Moulin", "Bagatelle"} <= {
            q.name for q in conv.quartiers.all()
        }
        colleges = {p.name for p in conv.places.filter(kind="college")}
        assert colleges == {"Collège Europa", "Collège Alain Borne", "Collège Monod"}
        assert conv.places.count() == 8
        assert conv.legal_bases.count() == 6
        assert conv.articles.count() == 13


def test_communes_match_their_departement():
    for commune in Commune.objects.all():
        assert commune.insee_code.startswith(commune.departement_code)
    for org in Organisation.objects.exclude(commune=None):
        assert org.commune.departement_code == org.departement_code


def test_executed_conventions_are_signed_without_a_date():
    for spec in (
        seed_000.CONVENTION,
        seed_002.CONVENTION,
        seed_003.CONVENTION,
        seed_004.CONVENTION,
    ):
        conv = convention(spec)
        assert conv.is_signed
        assert conv.signed_on is None
        assert conv.signed_on_text
        assert conv.source == spec.source


def test_demo_accounts_one_per_role_with_the_shared_password():
    users = {u.email: u for u in User.objects.filter(is_demo=True)}

    assert set(users) == {a.email for a in accounts.ACCOUNTS}
    assert {u.role for u in users.values()} == {
        "educator",
        "service_director",
        "funder_agent",
        "dpo",
        "platform_admin",
    }
    for account in accounts.ACCOUNTS:
        user = users[account.email]
        assert user.check_password(accounts.PASSWORD)
        assert user.email.endswith("@demo.reperes.example")
        assert user.organisation.name == account.organisation
        assert (user.service.name if user.service else None) == account.service
        assert user.is_staff is (account.role == "platform_admin")
        assert not user.is_superuser
    admin = users["admin.hebergeur@demo.reperes.example"]
    assert admin.organisation.kind == "host"


def test_every_warning_cites_its_seed():
    assert DataWarning.objects.count() >= 20
    for warning in DataWarning.objects.all():
        assert warning.source.startswith(SEED_SOURCE_PREFIX), warning.source
        assert warning.target is not None


@pytest.mark.django_db
def test_signing_a_pas_de_calais_instance_gives_its_renewal_dates():
    """Once signed, the model's art. 10 and 13 give the key dates: renewal one year after the
    signature, withdrawal six months before (not extended), termination one month after."""
    from django.core.management import call_command

    from reperes.conventions.actions import sign_convention
    from reperes.conventions.dates import dates_of
    from reperes.conventions.models import Convention

    call_command("load_demo", verbosity=0)
    arras = Convention.objects.get(short_title="Pas-de-Calais — SPS Arras")
    sign_convention(None, arras, signed_on=date(2024, 1, 15))
    view = dates_of(Convention.objects.get(pk=arras.pk), date(2024, 6, 1))
    assert view.status_code == "in_force"
    assert view.keys.current_period_end == date(2025, 1, 14)
    assert view.keys.next_renewal == date(2025, 1, 15)
    assert view.keys.withdrawal_deadline == date(2024, 7, 15)
    assert view.keys.termination_effective_if_notified == date(2024, 7, 1)
    assert dates_of(Convention.objects.get(pk=arras.pk), date(2025, 3, 1)).status_code == "renewed"
