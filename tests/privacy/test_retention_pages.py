"""The retention page (``privacy:retention``) and legal holds: what the director, the DPO of the
controller and the platform administration see; recording and lifting a hold, bad input
included; and the field pages once a record is anonymised (out of the lists, read-only)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.fieldwork.models import Youth
from reperes.fieldwork.youths import actions
from reperes.privacy import anonymise as anon
from reperes.privacy import retention
from reperes.privacy.models import LegalHold
from tests.factories import ServiceFactory, UserFactory, make_data_protection_clause
from tests.fieldwork.factories import (
    AccompanimentFactory,
    CollectiveActionFactory,
    FamilyFactory,
    YouthFactory,
)

pytestmark = pytest.mark.django_db
DAY = date(2025, 6, 1)  # the access day of the suite (tests/conftest.py)
PAGE = reverse("privacy:retention")


@pytest.fixture
def due(world):
    """Service A: one record due today, one due on 11 June, one kept past the 30 days; and a
    record of service B due today."""
    a, b = world["services"]["a"], world["services"]["b"]
    return {
        "today": YouthFactory(service=a, pseudonym="J-AUJOURDHUI", first_met_on=date(2023, 5, 20)),
        "june": YouthFactory(service=a, pseudonym="J-JUIN", first_met_on=date(2023, 6, 10)),
        "later": YouthFactory(service=a, pseudonym="J-PLUSTARD", first_met_on=date(2023, 8, 1)),
        "other": YouthFactory(service=b, pseudonym="J-AUTRE", first_met_on=date(2023, 5, 20)),
    }


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Holds are recorded and lifted at 10 a.m. on the access day."""
    at = datetime(2025, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    monkeypatch.setattr("reperes.privacy.retention.now", lambda: at)
    return at


def _hold(world, youth, reason="Réquisition judiciaire du 2 mai 2025", until=None):
    return retention.hold(world["users"]["director_a"], youth, reason, until, DAY)


def _dpo_a(world):
    return UserFactory(role="dpo", organisation=world["orgs"]["operator_a"])


# ---------------------------------------------------------------- the page, per role
def test_the_director_sees_rules_records_and_holds_of_their_service(client, world, due):
    make_data_protection_clause(world["conventions"]["a"], log_retention_months=6)
    held = _hold(world, YouthFactory(service=world["services"]["a"], pseudonym="J-GELE"))
    client.force_login(world["users"]["director_a"])
    response = client.get(PAGE)
    content = response.content.decode()
    assert response.status_code == 200
    # The record rule is the CNIL's default, the log's comes from convention A's clause.
    assert "2 ans après le dernier contact" in content
    assert "par défaut, référentiel CNIL" in content
    assert "6 mois" in content
    assert "art. 9" in content
    assert [(u.youth, u.on) for u in response.context["upcoming"]] == [
        (due["today"], DAY),
        (due["june"], date(2025, 6, 11)),
    ]
    assert "J-AUJOURDHUI" in content
    assert "11 juin 2025" in content
    assert "J-PLUSTARD" not in content
    assert "J-AUTRE" not in content
    hold_url = reverse("privacy:retention_hold", args=[due["june"].public_id])
    assert hold_url in content
    assert "J-GELE" in content
    assert "Réquisition judiciaire du 2 mai 2025" in content
    assert "<td>1er juin 2025</td>" in content  # since
    assert reverse("privacy:retention_lift", args=[held.pk]) in content


@pytest.mark.parametrize("reader", ["dpo_a", "platform_admin"])
def test_the_dpo_and_the_administration_see_counts_and_dates_never_a_pseudonym(
    client, world, due, reader
):
    _hold(world, due["later"], reason="Contentieux prud'homal")
    retention.lift(world["users"]["director_a"], _hold(world, due["june"]), "Procédure close", DAY)
    user = _dpo_a(world) if reader == "dpo_a" else world["users"]["platform_admin"]
    client.force_login(user)
    url = PAGE + f"?service={world['services']['a'].pk}"
    content = client.get(url).content.decode()
    assert "par défaut, référentiel CNIL" in content
    assert "2 fiches" in content
    assert "11 juin 2025" in content
    assert "Gel n°" in content
    assert "levé le" in content
    for secret in ("J-AUJOURDHUI", "J-JUIN", "J-PLUSTARD", "Contentieux", "Procédure close"):
        assert secret not in content, secret
    assert "Geler" not in content
    assert "Lever" not in content


@pytest.mark.usefixtures("due")
def test_a_dpo_reads_every_service_of_their_controller_only(client, world):
    second = ServiceFactory(name="SPS A bis", operator=world["orgs"]["operator_a"])
    YouthFactory(service=second, pseudonym="J-BIS", first_met_on=date(2023, 5, 1))
    client.force_login(_dpo_a(world))
    response = client.get(PAGE)
    overview = {s.name: count for s, _rule, count, _holds in response.context["overview"]}
    assert overview == {"SPS A": 2, "SPS A bis": 1}
    assert client.get(PAGE + f"?service={second.pk}").context["upcoming_count"] == 1
    assert client.get(PAGE + f"?service={world['services']['b'].pk}").status_code == 404


def test_a_dpo_whose_organisation_runs_no_service_reads_an_empty_page(client, world):
    client.force_login(world["users"]["dpo"])
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Aucun service de votre organisation" in response.content.decode()


def test_educators_and_funders_are_refused(client, world):
    for persona in ("educator_a", "departement_agent", "commune_agent"):
        client.force_login(world["users"][persona])
        assert client.get(PAGE).status_code == 403, persona


# ---------------------------------------------------------------- holds
def test_a_hold_keeps_what_was_typed_on_bad_input_and_writes_nothing(client, world, due):
    client.force_login(world["users"]["director_a"])
    url = reverse("privacy:retention_hold", args=[due["june"].public_id])
    page = client.get(url)
    assert "J-JUIN" in page.content.decode()
    assert "10 juin 2023" in page.content.decode()
    response = client.post(url, {"reason": "  ", "until": "2025-09-30"})
    assert "Indiquez le motif du gel." in response.content.decode()
    assert 'value="2025-09-30"' in response.content.decode()
    response = client.post(url, {"reason": "Réquisition du parquet", "until": "2025-05-31"})
    content = response.content.decode()
    assert response.context["form"].errors["until"] == ["La fin du gel ne peut pas être passée."]
    assert "Réquisition du parquet" in content
    assert not LegalHold.objects.exists()
    assert not AuditEntry.objects.filter(action=retention.HOLD_ACTION).exists()


def test_a_held_record_is_no_longer_upcoming_nor_anonymised(client, world, due):
    client.force_login(world["users"]["director_a"])
    url = reverse("privacy:retention_hold", args=[due["today"].public_id])
    response = client.post(url, {"reason": "Réquisition du parquet", "until": "2025-12-31"})
    assert response.status_code == 302
    held = LegalHold.objects.get()
    assert (held.youth, held.reason, held.until) == (
        due["today"],
        "Réquisition du parquet",
        date(2025, 12, 31),
    )
    entry = AuditEntry.objects.get(action=retention.HOLD_ACTION)
    assert "J-AUJOURDHUI" not in entry.summary
    assert "parquet" not in entry.summary
    upcoming = client.get(PAGE).context["upcoming"]
    assert [u.youth for u in upcoming] == [due["june"]]
    retention.run(DAY)
    due["today"].refresh_from_db()
    assert due["today"].anonymised_on is None
    # A second hold on the same record is refused: lift the first.
    response = client.post(url, {"reason": "Autre motif"})
    assert "déjà gelée" in response.content.decode()
    assert LegalHold.objects.count() == 1


def test_a_hold_is_the_directors_of_the_records_service(client, world, due):
    client.force_login(world["users"]["director_a"])
    other = reverse("privacy:retention_hold", args=[due["other"].public_id])
    assert client.post(other, {"reason": "Motif"}).status_code == 404
    anon.anonymise([due["today"]], on=DAY, actor=None, reason=anon.RETENTION)
    gone = reverse("privacy:retention_hold", args=[due["today"].public_id])
    assert client.post(gone, {"reason": "Motif"}).status_code == 404
    client.force_login(world["users"]["educator_a"])
    mine = reverse("privacy:retention_hold", args=[due["june"].public_id])
    assert client.post(mine, {"reason": "Motif"}).status_code == 403
    assert not LegalHold.objects.exists()


def test_lifting_needs_a_reason_then_the_record_follows_its_retention(client, world, due):
    held = _hold(world, due["today"])
    client.force_login(world["users"]["director_a"])
    url = reverse("privacy:retention_lift", args=[held.pk])
    response = client.post(url, {"lift_reason": ""})
    assert "Indiquez le motif de la levée." in response.content.decode()
    held.refresh_from_db()
    assert held.lifted_at is None
    assert client.post(url, {"lift_reason": "Procédure close"}).status_code == 302
    held.refresh_from_db()
    assert held.lift_reason == "Procédure close"
    assert held.lifted_by == world["users"]["director_a"]
    entry = AuditEntry.objects.get(action=retention.LIFT_ACTION)
    assert "J-AUJOURDHUI" not in entry.summary
    assert "close" not in entry.summary
    page = client.get(PAGE)
    assert page.context["past"] == [held]
    assert "Procédure close" in page.content.decode()
    assert "levé le 1er juin 2025" in page.content.decode()
    assert client.get(url).status_code == 404  # no longer in force
    retention.run(DAY)
    due["today"].refresh_from_db()
    assert due["today"].anonymised_on == DAY


def test_the_actions_check_again_what_the_forms_check(world, due):
    director = world["users"]["director_a"]
    with pytest.raises(ValidationError, match="Indiquez le motif du gel."):
        retention.hold(director, due["june"], "   ", None, DAY)
    with pytest.raises(ValidationError, match="ne peut pas être passée"):
        retention.hold(director, due["june"], "Motif", date(2025, 5, 31), DAY)
    held = retention.hold(director, due["june"], "Motif", DAY, DAY)  # until today: allowed
    with pytest.raises(ValidationError, match="Indiquez le motif de la levée."):
        retention.lift(director, held, " ", DAY)
    assert LegalHold.objects.active().count() == 1


def test_a_hold_is_lifted_once(world, due):
    held = _hold(world, due["today"])
    retention.lift(world["users"]["director_a"], held, "Procédure close", DAY)
    with pytest.raises(ValidationError, match="plus en cours"):
        retention.lift(world["users"]["director_a"], held, "Encore", DAY)
    held.refresh_from_db()
    assert held.lift_reason == "Procédure close"


def test_a_hold_of_another_service_cannot_be_lifted(client, world, due):
    held = retention.hold(None, due["other"], "Contentieux", None, DAY)
    client.force_login(world["users"]["director_a"])
    url = reverse("privacy:retention_lift", args=[held.pk])
    assert client.post(url, {"lift_reason": "Motif"}).status_code == 404
    held.refresh_from_db()
    assert held.lifted_at is None


# ---------------------------------------------------------------- field pages, anonymised
@pytest.fixture
def gone(world):
    """An anonymised record of service A, in a family and a collective action, with a closed
    accompaniment; and a kept one."""
    service = world["services"]["a"]
    family = FamilyFactory(service=service)
    youth = YouthFactory(service=service, family=family, with_identity=True)
    kept = YouthFactory(service=service, pseudonym="J-GARDE", family=family)
    accompaniment = AccompanimentFactory(youth=youth, closed=True)
    CollectiveActionFactory(service=service, participants=[youth, kept])
    anon.anonymise([youth], on=DAY, actor=None, reason=anon.ERASURE)
    youth.refresh_from_db()
    return {"youth": youth, "kept": kept, "family": family, "accompaniment": accompaniment}


def test_an_anonymised_record_leaves_the_lists(client, world, gone):
    client.force_login(world["users"]["educator_a"])
    pseudonym = gone["youth"].pseudonym
    rows = client.get(reverse("fieldwork:youth_list")).context["rows"]
    assert [row["youth"] for row in rows] == [gone["kept"]]
    family = client.get(reverse("fieldwork:family_detail", args=[gone["family"].public_id]))
    assert pseudonym not in family.content.decode()
    assert "J-GARDE" in family.content.decode()
    accompaniments = client.get(reverse("fieldwork:accompaniment_list"))
    assert pseudonym not in accompaniments.content.decode()
    listed = client.get(reverse("api:youth-list")).json()["results"]
    assert [row["pseudonym"] for row in listed] == ["J-GARDE"]
    youth_api = reverse("api:youth-detail", kwargs={"pk": gone["youth"].public_id})
    assert client.get(youth_api).status_code == 200
    new_action = client.get(reverse("fieldwork:collective_create"))
    assert list(new_action.context["form"].fields["participants"].queryset) == [gone["kept"]]


def test_an_anonymised_record_is_not_offered_to_a_family(client, world, gone):
    client.force_login(world["users"]["educator_a"])
    family = FamilyFactory(service=world["services"]["a"])
    url = reverse("fieldwork:family_link", args=[family.public_id])
    response = client.post(url, {"pseudonym": gone["youth"].pseudonym})
    assert "Aucun jeune du service ne porte ce pseudonyme." in response.content.decode()
    assert not family.youths.exists()


def test_an_anonymised_record_keeps_its_place_in_a_past_collective_action(world, gone):
    from reperes.fieldwork.collective.forms import CollectiveActionForm

    action = gone["youth"].collective_actions.get()
    form = CollectiveActionForm(
        instance=action, user=world["users"]["educator_a"], service=world["services"]["a"]
    )
    assert set(form.fields["participants"].queryset) == {gone["youth"], gone["kept"]}


def test_an_anonymised_record_says_so_and_offers_no_change(client, world, gone):
    client.force_login(world["users"]["director_a"])
    youth = gone["youth"]
    content = client.get(reverse("fieldwork:youth_detail", args=[youth.public_id])).content
    content = content.decode()
    assert (
        "Fiche anonymisée le 1er juin 2025 (durée de conservation échue, demande d'effacement ou "
        "fin de convention)" in content
    )
    for name in ("youth_edit", "youth_identity_edit", "youth_accompaniment_create"):
        assert reverse(f"fieldwork:{name}", args=[youth.public_id]) not in content, name
    assert reverse("privacy:retention_hold", args=[youth.public_id]) not in content
    detail = reverse("fieldwork:accompaniment_detail", args=[gone["accompaniment"].public_id])
    content = client.get(detail).content.decode()
    assert reverse("fieldwork:accompaniment_edit", args=[gone["accompaniment"].public_id]) not in (
        content
    )


@pytest.mark.parametrize(
    ("name", "target", "data"),
    [
        ("youth_edit", "youth", {"pseudonym": "J-NOUVEAU", "gender": "f", "situation": "school"}),
        ("youth_identity_edit", "youth", {"last_name": "Dupont"}),
        ("youth_identity_erase", "youth", {}),
        ("youth_accompaniment_create", "youth", {"started_on": "2025-06-01"}),
        ("accompaniment_edit", "accompaniment", {"started_on": "2024-03-16"}),
        ("intervention_add", "accompaniment", {"occurred_on": "2025-06-01"}),
    ],
)
def test_every_edit_of_an_anonymised_record_is_refused(client, world, gone, name, target, data):
    youth = gone["youth"]
    before = (youth.version, youth.accompaniments.count())
    client.force_login(world["users"]["educator_a"])
    url = reverse(f"fieldwork:{name}", args=[gone[target].public_id])
    response = client.post(url, data, follow=True)
    assert "Cette fiche a été anonymisée le 01/06/2025" in response.content.decode()
    youth.refresh_from_db()
    assert (youth.version, youth.accompaniments.count()) == before
    assert client.get(url).status_code == 302


def test_the_actions_refuse_an_anonymised_record(world, gone):
    actor, youth = world["users"]["educator_a"], gone["youth"]
    accompaniment = gone["accompaniment"]
    attempts = [
        lambda: actions.update_youth(actor, youth, version=youth.version, situation="job"),
        lambda: actions.set_identity(actor, youth, consent_on=DAY, last_name="Dupont"),
        lambda: actions.erase_identity(actor, youth),
        lambda: actions.create_accompaniment(actor, youth, started_on=DAY),
        lambda: actions.update_accompaniment(actor, accompaniment, intensity="occasional"),
        lambda: actions.add_intervention(actor, accompaniment, occurred_on=DAY),
        lambda: actions.unlink_youth(actor, gone["family"], youth),
        lambda: actions.link_youth(actor, FamilyFactory(service=youth.service), youth),
    ]
    for number, attempt in enumerate(attempts):
        with pytest.raises(ValidationError, match="anonymisée le 01/06/2025"):
            attempt()
        assert Youth.objects.get(pk=youth.pk).version == youth.version, number
