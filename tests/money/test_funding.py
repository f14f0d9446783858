"""Fundings and their shares through the models: the seeds' figures, warnings shown, never
corrected; shares belong to parties of the convention; the yearly evolution keeps history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reperes.money import actions
from reperes.money.actions import ShareInput
from reperes.money.funding import funding_view
from reperes.money.models import EvolutionRate, Funding, FundingShare
from reperes.rules.allocation import WarningKind
from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory
from tests.money.factories import FundingFactory, pas_de_calais_shares

D = Decimal
pytestmark = pytest.mark.django_db

DIJON = (
    ("Chenôve", D(16), D("1224.00")),
    ("Dijon", D(63), D("4738.00")),
    ("Longvic", D(10), D("792.00")),
    ("Quetigny", D(4), D("330.00")),
    ("Talant", D(5), D("416.00")),
)


def dijon_funding():
    """Seed 002 art. 6, as written."""
    convention = ConventionFactory(title="PRE 2017")
    metropole = PartyFactory(convention=convention, role="pilot")
    ccas = {
        label: PartyFactory(
            convention=convention, role="co_funder", organisation__name=f"CCAS {label}"
        )
        for label, _, _ in DIJON
    }
    funding = actions.save_funding(
        convention,
        2017,
        total=D("17500.00"),
        label="PRE 2017",
        cost_lines=[
            ("Analyse de la pratique", D("4300")),
            ("Accompagnement psychologique", D("13200")),
        ],
        shares=[
            ShareInput(
                label="CCAS et Caisse des écoles",
                amount=D("7500.00"),
                children=tuple(
                    ShareInput(label=label, party=ccas[label], percent=p, amount=a)
                    for label, p, a in DIJON
                ),
            ),
            ShareInput(label="Le Grand Dijon", party=metropole, amount=D("10000.00")),
        ],
    )
    return funding, metropole, ccas


def test_dijon_pays_the_stated_amounts_and_shows_every_disagreement():
    funding, metropole, ccas = dijon_funding()
    view = funding_view(funding)

    assert view.total_known
    assert view.allocation.balanced
    assert view.total == D("17500.00")
    assert [(r.share.display_label, r.amount) for r in view.rows] == [
        ("CCAS et Caisse des écoles", D("7500.00")),
        ("Chenôve", D("1224.00")),
        ("Dijon", D("4738.00")),
        ("Longvic", D("792.00")),
        ("Quetigny", D("330.00")),
        ("Talant", D("416.00")),
        ("Le Grand Dijon", D("10000.00")),
    ]
    assert sum(r.amount for r in view.rows if r.depth == 1) == D("7500.00")
    kinds = [w.kind for w in view.warnings]
    assert kinds.count(WarningKind.PERCENT_SUM) == 1
    assert kinds.count(WarningKind.AMOUNT_VS_PERCENT) == 5
    assert "98" in next(w.message for w in view.warnings if w.kind == WarningKind.PERCENT_SUM)
    chenove = next(r for r in view.rows if r.share.display_label == "Chenôve")
    assert chenove.allocated.effective_percent == D("16.32")
    assert [w.kind for w in chenove.warnings] == [WarningKind.AMOUNT_VS_PERCENT]
    # The cost lines add up to the total: no warning about them.
    assert not any("postes de coût" in w.message for w in view.warnings)
    assert view.amount_for_party(ccas["Dijon"].pk) == D("4738.00")
    assert view.amount_for_party(metropole.pk) == D("10000.00")


def test_cost_lines_that_do_not_add_up_are_flagged():
    funding, _, _ = dijon_funding()
    line = funding.cost_lines.get(label="Analyse de la pratique")
    line.amount = D("4000")
    line.save()
    messages = [w.message for w in funding_view(funding).warnings]
    assert any("17\u202f200,00\u00a0€ au lieu de 17\u202f500,00\u00a0€" in m for m in messages)


def pas_de_calais_funding(communes=2, total=None):
    """Seed 001 art. 8.1: Département 95 %, communes 5 %, their split left blank."""
    convention = ConventionFactory(tacit=True)
    departement = PartyFactory(convention=convention, role="pilot")
    parties = [PartyFactory(convention=convention, role="co_funder") for _ in range(communes)]
    funding = actions.save_funding(
        convention,
        2024,
        total=total,
        label="Dotation 2024",
        shares=pas_de_calais_shares(departement, parties),
    )
    return funding, departement, parties


def test_pas_de_calais_without_a_total_invents_no_amount():
    funding, departement, communes = pas_de_calais_funding()
    view = funding_view(funding)

    assert not view.total_known
    assert view.total is None
    assert all(row.amount is None for row in view.rows)
    assert [w.kind for w in view.warnings] == [WarningKind.MISSING, WarningKind.MISSING]
    assert all(w.stated == "non renseigné" for w in view.warnings)
    assert view.amount_for_party(departement.pk) is None
    assert view.amount_for_party(communes[0].pk) is None
    assert view.notes


def test_pas_de_calais_with_a_total_pays_95_percent_and_leaves_the_communes_split_open():
    funding, departement, communes = pas_de_calais_funding(total=D("1000000.00"))
    view = funding_view(funding)

    assert view.amount_for_party(departement.pk) == D("950000.00")
    group = next(r for r in view.rows if r.share.label == "Communes")
    assert group.amount == D("50000.00")
    # The communes' split is blank: unknown, not invented.
    assert view.amount_for_party(communes[0].pk) is None
    assert WarningKind.MISSING in {w.kind for w in view.warnings}


def test_a_share_must_belong_to_a_party_of_the_same_convention():
    funding = FundingFactory()
    stranger = PartyFactory(organisation=OrganisationFactory(name="Commune étrangère"))
    share = FundingShare(funding=funding, party=stranger, stated_percent=D(5))
    with pytest.raises(ValidationError) as exc:
        share.full_clean()
    assert exc.value.message_dict["party"] == [
        "Commune étrangère n'est pas partie à cette convention."
    ]
    with pytest.raises(ValidationError):
        actions.save_funding(
            funding.convention,
            2030,
            total=D("10"),
            label="x",
            shares=[ShareInput(party=stranger, amount=D("10"))],
        )
    assert not Funding.objects.filter(year=2030).exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"stated_percent": D("101")}, "Un pourcentage doit être compris entre 0 et 100."),
        ({"stated_percent": D("-1")}, "Un pourcentage doit être compris entre 0 et 100."),
        ({"stated_amount": D("-0.01")}, "Un montant ne peut pas être négatif."),
    ],
)
def test_share_constraints_speak_french(values, message):
    funding = FundingFactory()
    party = PartyFactory(convention=funding.convention)
    share = FundingShare(funding=funding, party=party, **values)
    with pytest.raises(ValidationError) as exc:
        share.full_clean()
    assert message in exc.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        share.save()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"year": 1999}, "L'année doit être comprise entre 2000 et 2100."),
        ({"total": D("-1")}, "Le montant total ne peut pas être négatif."),
    ],
)
def test_funding_constraints_speak_french(values, message):
    funding = FundingFactory.build(convention=ConventionFactory(), **values)
    with pytest.raises(ValidationError) as exc:
        funding.full_clean()
    assert message in exc.value.messages


def test_one_funding_per_convention_and_year():
    funding = FundingFactory()
    with pytest.raises(ValidationError) as exc:
        FundingFactory.build(convention=funding.convention, year=funding.year).full_clean()
    assert "Un financement existe déjà pour cette convention et cette année." in exc.value.messages


def test_saving_the_same_funding_twice_writes_nothing():
    funding, _, _ = dijon_funding()
    history = (Funding.history.count(), FundingShare.history.count())
    shares = list(funding.shares.values_list("pk", flat=True))
    view = funding_view(funding)
    actions.save_funding(
        funding.convention,
        2017,
        total=funding.total,
        label=funding.label,
        cost_lines=[(line.label, line.amount) for line in view.cost_lines],
        shares=[
            ShareInput(
                label="CCAS et Caisse des écoles",
                amount=D("7500.00"),
                children=tuple(
                    ShareInput(
                        label=r.share.label,
                        party=r.share.party,
                        percent=r.share.stated_percent,
                        amount=r.share.stated_amount,
                    )
                    for r in view.rows
                    if r.depth == 1
                ),
            ),
            ShareInput(
                label="Le Grand Dijon", party=view.rows[-1].share.party, amount=D("10000.00")
            ),
        ],
    )
    assert (Funding.history.count(), FundingShare.history.count()) == history
    assert list(funding.shares.values_list("pk", flat=True)) == shares


def test_evolution_rate_revises_next_year_and_keeps_history(world):
    funding, departement, communes = pas_de_calais_funding(total=D("1000000.00"))
    agent = world["users"]["departement_agent"]

    revised = actions.apply_evolution_rate(funding, D("1.5"), actor=agent)

    assert revised.year == 2025
    assert revised.total == D("1015000.00")
    assert revised.evolved_from == funding
    assert revised.evolution_rate.rate_percent == D("1.5")
    assert funding_view(revised).amount_for_party(departement.pk) == D("964250.00")
    # Voted again (a corrected rate): the same funding is revised, its history keeps both.
    again = actions.apply_evolution_rate(funding, D("-0.8"), actor=agent)
    assert again.pk == revised.pk
    assert again.total == D("992000.00")
    assert EvolutionRate.objects.filter(convention=funding.convention).count() == 1
    totals = [h.total for h in again.history.order_by("history_date")]
    assert totals == [D("1015000.00"), D("992000.00")]
    assert again.history.first().history_change_reason.startswith("Taux d'évolution 2025")
    assert funding.convention.fundings.count() == 2


def test_evolution_keeps_stated_amounts_balanced_to_the_cent():
    funding, _, _ = dijon_funding()
    revised = actions.apply_evolution_rate(funding, D("2.3"))
    view = funding_view(revised)
    assert revised.total == D("17902.50")
    assert view.allocation.balanced
    group = next(r for r in view.rows if r.share.label == "CCAS et Caisse des écoles")
    children = [r for r in view.rows if r.depth == 1]
    assert sum(r.share.stated_amount for r in children) == group.share.stated_amount
    assert group.share.stated_amount + view.rows[-1].share.stated_amount == revised.total


def test_evolution_rate_out_of_range_is_refused():
    funding = FundingFactory()
    with pytest.raises(ValidationError) as exc:
        actions.apply_evolution_rate(funding, D("-150"))
    assert exc.value.message_dict["rate_percent"] == [
        "Le taux d'évolution doit être compris entre -100 % et 100 %."
    ]


def test_a_funder_rate_revises_all_its_conventions():
    departement = OrganisationFactory(name="Département du Pas-de-Calais", kind="departement")
    conventions = []
    for total in (D("100000.00"), None, D("50000.00")):
        convention = ConventionFactory(tacit=True)
        party = PartyFactory(convention=convention, organisation=departement, role="pilot")
        actions.save_funding(
            convention,
            2024,
            total=total,
            label="Dotation 2024",
            shares=[ShareInput(party=party, percent=D(95))],
        )
        conventions.append(convention)
    # The third convention has a rate of its own for 2025: the funder's rate does not apply.
    actions.apply_evolution_rate(conventions[2].fundings.get(year=2024), D("3"))

    revised = actions.apply_funder_rate(departement, 2025, D("2"))

    assert [f.convention for f in revised] == conventions[:2]
    assert [f.total for f in revised] == [D("102000.00"), None]
    assert conventions[2].fundings.get(year=2025).total == D("51500.00")
    rate = EvolutionRate.objects.get(organisation=departement)
    assert revised[0].evolution_rate == rate
