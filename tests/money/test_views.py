"""The money page of a convention and its forms (plain POST and htmx)."""

from __future__ import annotations

import html as html_module
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reperes.money import actions
from reperes.money.actions import ShareInput
from reperes.money.enums import InstalmentSlot
from reperes.money.models import CallForFunds, Funding, Instalment, Restitution
from tests.money.factories import drome, fund, pas_de_calais_shares, world_parties
from tests.people.factories import StaffMemberFactory

D = Decimal
pytestmark = pytest.mark.django_db
NBSP, NNBSP = "\u00a0", "\u202f"


def text(response) -> str:
    """The page as a reader sees it (entities such as &#x27; unescaped)."""
    return html_module.unescape(response.content.decode())


def eur(text: str) -> str:
    """ "245 000,00 €" as format_eur writes it."""
    return text.replace(" €", f"{NBSP}€").replace(" ", NNBSP)


@pytest.fixture
def drome_a(world):
    """Convention A with seed 004's money: the Département pays the commune."""
    convention = world["conventions"]["a"]
    departement, commune = world_parties(world, "departement", "commune")
    for _ in range(6):
        StaffMemberFactory(service=world["services"]["a"], arrival=date(2020, 1, 1))
    StaffMemberFactory(
        service=world["services"]["a"], arrival=date(2020, 1, 1), departure=date(2024, 6, 30)
    )
    schedule = drome(convention, departement, commune, years=(2024,))
    actions.generate_instalments(schedule, 2024)
    return schedule


def page(client, world, persona="departement_agent", **params):
    client.force_login(world["users"][persona])
    url = reverse("money:convention", kwargs={"pk": world["conventions"]["a"].pk})
    return client.get(url, params)


def test_page_shows_amounts_statuses_and_both_readings(client, world, drome_a):
    response = page(client, world, date="2024-06-01", annee="2024")
    html = text(response)
    assert response.status_code == 200
    assert "À verser" in html or "En retard" in html
    for shown in (
        eur("245 000,00 €"),
        eur("147 000,00 €"),
        "Avance de 60",
        "Solde de la dotation 2024",
        "Lecture « solde »",
        "Lecture « dotation »",
        "lecture retenue",
        # The dates and the rate come from the schedule, not from one convention's text.
        "avance de 60 % reste acquise",
        "condition de l'avance vérifiée le 31 mars",
        "solde exigible le 31 décembre",
        # Real vs planned presence: 6 ETP all year + 1 ETP to 30 June = 2 196 + 182 FTE-days.
        f"2{NNBSP}378",
        f"2{NNBSP}196",
        "Enregistrer un versement",
    ):
        assert shown in html, shown


def test_statuses_follow_the_reference_date(client, world, drome_a):
    html = page(client, world, date="2024-01-15").content.decode()
    assert "Prévue" in html
    assert "En retard" not in html
    html = page(client, world, date="2025-03-01").content.decode()
    assert "En retard" in html


def test_read_only_members_see_no_form(client, world, drome_a):
    html = page(client, world, "educator_a").content.decode()
    assert "Enregistrer un versement" not in html
    assert "Établir les échéances" not in html
    html = page(client, world, "commune_agent").content.decode()
    assert "Enregistrer un versement" not in html  # the commune is the payee, not the payer


def test_dijon_warnings_are_visible(client, world):
    commune, departement = world_parties(world, "commune", "departement")
    actions.save_funding(
        world["conventions"]["a"],
        2017,
        total=D("7500.00"),
        label="PRE 2017",
        shares=[
            ShareInput(label="Chenôve", party=commune, percent=D(16), amount=D("1224.00")),
            ShareInput(label="Dijon", party=departement, percent=D(63), amount=D("6276.00")),
        ],
    )
    html = page(client, world).content.decode()
    assert "désaccords dans les chiffres" in html
    assert "Les pourcentages totalisent 79" in html
    assert f"1{NNBSP}224,00{NBSP}€ représentent 16,32{NNBSP}%" in html


def test_unknown_amounts_stay_unknown(client, world):
    convention = world["conventions"]["a"]
    departement, commune = world_parties(world, "departement", "commune")
    actions.save_funding(
        convention,
        2024,
        total=None,
        label="Dotation 2024",
        shares=pas_de_calais_shares(departement, [commune]),
    )
    html = page(client, world).content.decode()
    assert "non renseigné" in html
    assert "inconnu" in html
    assert "Part non renseignée" in html


def payment_url(schedule):
    return reverse("money:payment", kwargs={"pk": schedule.pk})


def advance_of(schedule):
    return schedule.instalments.get(slot=InstalmentSlot.ADVANCE)


def pay_advance(client, schedule, *, htmx=False, **fields):
    """Post a payment of ``schedule``'s advance (``fields``: paid_on, amount, reference), as a
    plain form or through htmx."""
    data = {"instalment": advance_of(schedule).pk, **fields}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(payment_url(schedule), data, headers=headers)


def test_plain_post_records_the_payment_and_redirects(client, world, drome_a):
    client.force_login(world["users"]["departement_agent"])
    advance = advance_of(drome_a)
    response = pay_advance(
        client, drome_a, paid_on="2024-03-20", amount="147 000,00", reference="Mandat 2024-12"
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#echeancier-{drome_a.pk}")
    advance.refresh_from_db()
    assert advance.paid_amount == D("147000.00")
    assert advance.reference == "Mandat 2024-12"
    html = client.get(response["Location"]).content.decode()
    assert "Versement de" in html
    assert "Versée" in html
    assert reverse("money:notice_pdf", kwargs={"pk": advance.pk}) in html


def test_htmx_post_returns_the_updated_schedule(client, world, drome_a):
    client.force_login(world["users"]["departement_agent"])
    response = pay_advance(client, drome_a, htmx=True, paid_on="2024-03-20", amount="100000")
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section id="echeancier-{drome_a.pk}"')
    assert "<html" not in html
    assert "Partiellement versée" in html
    assert "Versement de 100" in html


@pytest.mark.parametrize("htmx", [False, True])
def test_errors_are_french_and_keep_typed_values(client, world, drome_a, htmx):
    client.force_login(world["users"]["departement_agent"])
    advance = advance_of(drome_a)
    response = pay_advance(
        client, drome_a, htmx=htmx, paid_on="2023-12-30", amount="999 999,50", reference="Mandat X"
    )
    html = text(response)
    assert response.status_code == 200
    assert "ne peut pas être daté de 2023" in html
    assert 'value="999 999,50"' in html
    assert 'value="2023-12-30"' in html
    assert 'value="Mandat X"' in html
    advance.refresh_from_db()
    assert advance.paid_amount is None

    response = pay_advance(client, drome_a, htmx=htmx, paid_on="2024-03-20", amount="147 000,01")
    assert "dépasse ce qui reste dû" in text(response)
    response = pay_advance(client, drome_a, paid_on="2024-03-20", amount="cent euros")
    assert "Saisissez un nombre, par exemple 1 224,50." in text(response)


@pytest.mark.parametrize(
    ("persona", "code"),
    [("educator_a", 403), ("commune_agent", 403), ("outsider", 404), ("educator_b", 404)],
)
def test_payment_is_refused_to_others(client, world, drome_a, persona, code):
    client.force_login(world["users"][persona])
    advance = advance_of(drome_a)
    response = pay_advance(client, drome_a, paid_on="2024-03-20", amount="10")
    assert response.status_code == code
    advance.refresh_from_db()
    assert advance.paid_amount is None


def test_generate_view(client, world, drome_a):
    client.force_login(world["users"]["departement_agent"])
    url = reverse("money:generate", kwargs={"pk": drome_a.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": "2024"})
    assert response.status_code == 302
    assert Instalment.objects.filter(schedule=drome_a).count() == 2
    response = client.post(url, {"year": "2031"})
    assert "Aucun financement n'est enregistré pour cette année." in text(response)


def test_evolution_view(client, world, drome_a):
    client.force_login(world["users"]["commune_agent"])
    url = reverse("money:evolution", kwargs={"pk": world["conventions"]["a"].pk})
    response = client.post(url, {"year": "2024", "rate_percent": "1,5"})
    assert response.status_code == 302
    assert Funding.objects.get(convention=world["conventions"]["a"], year=2025).total == D(
        "248675.00"
    )
    response = client.post(url, {"year": "2024", "rate_percent": "150"})
    assert "Le taux d'évolution doit être compris entre -100 % et 100 %." in text(response)


def test_restitution_view(client, world, drome_a):
    client.force_login(world["users"]["departement_agent"])
    url = reverse("money:restitution", kwargs={"pk": world["conventions"]["a"].pk})
    requested = {
        "year": "2024",
        "amount": "1 250,00",
        "reason": "Poste vacant",
        "requested_on": "2025-02-01",
    }
    response = client.post(url, {**requested, "received_on": "2025-01-01"})
    assert "Une restitution ne peut être reçue avant d'être demandée." in text(response)
    response = client.post(url, requested)
    assert response.status_code == 302
    assert Restitution.objects.get().amount == D("1250.00")
    html = client.get(
        reverse("money:convention", kwargs={"pk": world["conventions"]["a"].pk})
    ).content.decode()
    assert "Poste vacant" in html
    assert eur("1 250,00 €") in html


def test_call_create_view(client, world):
    from reperes.money.enums import ScheduleKind
    from tests.money.factories import PaymentScheduleFactory

    convention = world["conventions"]["a"]
    commune, departement = world_parties(world, "commune", "departement")
    fund(convention, 2024, D("1224.00"), payer=commune, label="PRE")
    schedule = PaymentScheduleFactory(
        convention=convention, payer=commune, payee=departement, kind=ScheduleKind.CALL_FOR_FUNDS
    )
    client.force_login(world["users"]["departement_agent"])
    url = reverse("money:call_create", kwargs={"pk": schedule.pk})
    response = client.post(url, {"year": "2024", "issued_on": "2024-10-02", "number": ""})
    assert response.status_code == 302
    call = CallForFunds.objects.get()
    assert call.number == "2024-001"
    assert call.amount == D("1224.00")
    html = client.get(response["Location"]).content.decode()
    assert reverse("money:call_pdf", kwargs={"pk": call.pk}) in html


def count_queries(client, world):
    with CaptureQueriesContext(connection) as ctx:
        response = page(client, world, date="2025-06-01", annee="2024")
    assert response.status_code == 200
    return len(ctx)


def test_page_query_count_does_not_grow_with_the_data(client, world, drome_a):
    count_queries(client, world)  # the first request also logs in
    small = count_queries(client, world)
    convention = world["conventions"]["a"]
    for year in (2023, 2025):
        fund(convention, year, D("245000.00"), payer=drome_a.payer, label=f"Dotation {year}")
        actions.generate_instalments(drome_a, year)
    for instalment in drome_a.instalments.all():
        actions.record_payment(instalment, date(instalment.year, 12, 1), D("1"), "x")
    large = count_queries(client, world)
    assert large == small
    assert large <= 30
