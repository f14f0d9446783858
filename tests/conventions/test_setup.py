"""The guided set-up's other starting points, over HTTP: a copy of an earlier convention
(parties, terms, clauses, bodies, the shape of its schedules — not its amounts) and a model
convention (whose clauses the draft inherits); and who may start from what."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from reperes.conventions.models import Clause, Convention, ConventionTemplate
from tests.conventions.test_sixth_convention import SHORT, TODAY, _text, set_up
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def people(db):
    departement = OrganisationFactory(
        kind="departement", name="Département des Hautes-Terres", departement_code="95"
    )
    operator = OrganisationFactory(kind="association", name="Association Horizon")
    other_operator = OrganisationFactory(kind="association", name="Association Boussole")
    return {
        "departement": departement,
        "operator": operator,
        "service": ServiceFactory(name="SPS Horizon", operator=operator),
        "other_service": ServiceFactory(name="SPS Boussole", operator=other_operator),
        "other_operator": other_operator,
        "agent": UserFactory(role="funder_agent", organisation=departement),
        "outsider": UserFactory(
            role="funder_agent", organisation=OrganisationFactory(kind="caf", name="CAF")
        ),
    }


def _start(client, **data):
    return client.post(reverse("conventions:setup_start"), data)


def test_a_copy_takes_parties_terms_clauses_bodies_and_schedule_shapes(client, people):
    source = set_up(client, people)
    response = _start(
        client,
        origin="copy",
        source=source,
        title="Convention Hautes-Terres / Boussole 2025-2027",
        short_title="Hautes-Terres / Boussole",
        service=people["other_service"].pk,
    )
    assert response.status_code == 302
    copy = Convention.objects.get(short_title="Hautes-Terres / Boussole")
    assert (copy.starts_on, copy.ends_on, copy.secrecy_threshold) == (
        date(2025, 1, 1),
        date(2027, 12, 31),
        10,
    )
    roles = {p.organisation.name: p.role for p in copy.parties.select_related("organisation")}
    assert roles == {"Département des Hautes-Terres": "pilot", "Association Boussole": "operator"}

    clauses_page = _text(client.get(reverse("conventions:setup_clauses", kwargs={"pk": copy.pk})))
    assert "Compte rendu financier — chaque année, dû 6 mois après la fin de la période" in (
        clauses_page
    )
    assert "Convention « Hautes-Terres / Boussole », art. 7" in clauses_page
    assert f"Convention « {SHORT} »" not in clauses_page
    bodies = _text(client.get(reverse("conventions:setup_bodies", kwargs={"pk": copy.pk})))
    assert "Comité de pilotage" in bodies
    assert "2 réunions par an, à intervalle régulier" in bodies

    # The schedule's shape comes along, not its amounts: the preview says what is missing.
    money = _text(client.get(reverse("conventions:setup_money", kwargs={"pk": copy.pk})))
    assert "Département des Hautes-Terres verse à Association Boussole" in money
    assert "Aucune échéance établie" in money
    preview = _text(client.get(reverse("conventions:setup_preview", kwargs={"pk": copy.pk})))
    assert "Aucun financement n'est enregistré pour 2025" in preview
    assert "Comité de pilotage : réunion 1 sur 2 de 2025" in preview
    # The amounts complete the copied shape.
    parties = {p.role: p.pk for p in copy.parties.all()}
    response = client.post(
        reverse("conventions:setup_money", kwargs={"pk": copy.pk}),
        {
            "action": "add",
            "payer": parties["pilot"],
            "payee": parties["operator"],
            "annual": "120 000",
            "kind": "periodic",
            "period_months": "3",
            "due_day": "10",
        },
        follow=True,
    )
    money = _text(response)
    assert "12 échéances établies" in money
    assert "30 000,00 €" in money
    # The source is untouched.
    assert Clause.objects.filter(convention_id=source).count() == 2


def test_only_a_convention_of_ones_own_funding_can_be_copied(client, people):
    source = set_up(client, people)
    client.force_login(people["outsider"])
    response = _start(
        client,
        origin="copy",
        source=source,
        title="Copie interdite",
        service=people["other_service"].pk,
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in _text(response)
    assert not Convention.objects.filter(title="Copie interdite").exists()


def test_a_draft_from_a_model_convention_inherits_its_clauses(client, people):
    template = ConventionTemplate.objects.create(
        title="Convention type des Hautes-Terres",
        owner=people["departement"],
        period_kind="term",
        term_value=3,
        term_unit="years",
    )
    Clause.objects.create(
        template=template,
        key="rapport",
        kind="report",
        article="art. 4",
        params={
            "model": "rapport-annuel-sps",
            "owner": "operator",
            "periodicity": "year",
            "due": {"rule": "after_period", "value": 2, "unit": "months"},
        },
    )
    client.force_login(people["agent"])
    response = _start(
        client,
        origin="template",
        template=template.pk,
        title="Convention Hautes-Terres / Horizon (modèle)",
        short_title="Modèle Horizon",
        service=people["service"].pk,
    )
    assert response.status_code == 302, _text(response)[:500]
    draft = Convention.objects.get(short_title="Modèle Horizon")
    assert draft.template == template
    assert draft.term_value == 3
    page = _text(client.get(reverse("conventions:setup_reports", kwargs={"pk": draft.pk})))
    assert "Rapport annuel d'activité du service — chaque année, dû 2 mois après" in page
    assert "Convention type « Convention type des Hautes-Terres », art. 4" in page
    assert "(héritée de la convention type)" in page


def test_the_start_form_needs_its_starting_point(client, people):
    client.force_login(people["agent"])
    response = _start(client, origin="template", title="Sans modèle", service=people["service"].pk)
    assert response.status_code == 200
    assert "Choisissez la convention type de départ." in _text(response)
    assert not Convention.objects.filter(title="Sans modèle").exists()


def test_a_service_director_does_not_set_conventions_up(client, people):
    director = UserFactory(
        role="service_director", organisation=people["operator"], service=people["service"]
    )
    client.force_login(director)
    assert client.get(reverse("conventions:setup_start")).status_code == 403
    assert (
        _start(client, origin="scratch", title="Par la direction", service=people["service"].pk)
    ).status_code == 403
    assert not Convention.objects.filter(title__startswith="Par la direction").exists()
    assert re.search("Mettre en place", _text(client.get(reverse("conventions:list")))) is None


def test_the_terms_step_shows_each_field_once_under_its_legend():
    from reperes.conventions.forms_setup import TermsForm

    fieldsets = TermsForm().fieldsets()
    assert [(legend, fields[0].name) for legend, fields in fieldsets] == [
        ("Objet", "object"),
        ("Période", "period_kind"),
        ("Dénonciation et résiliation", "withdrawal_notice_value"),
    ]
    grouped = [field.name for _legend, fields in fieldsets for field in fields]
    assert grouped == list(TermsForm.base_fields)
    assert fieldsets[1][1][-1].name == "max_renewals"
