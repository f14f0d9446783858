"""The register and the DPIA as the DPO reads them: every personal field, the retention each
binding convention's data-protection clause sets, the measures as configured, and no record."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from reperes.privacy import register
from tests.factories import make_data_protection_clause
from tests.fieldwork.factories import YouthFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def youth(world):
    return YouthFactory(service=world["services"]["a"], pseudonym="J-SECRET", with_identity=True)


def test_the_page_lists_every_personal_field_and_no_record(client, world, youth):
    client.force_login(world["users"]["dpo"])
    html = client.get(reverse("privacy:register")).content.decode()
    for entry in register.build().originals:
        assert f"<code>{entry.label}</code>" in html, entry.label
    for value in ("J-SECRET", "Dupontel", "Maëlys", "06 12 34 56 78", str(youth.public_id)):
        assert value not in html


def test_retention_comes_from_the_binding_conventions_clause(client, world):
    make_data_protection_clause(
        world["conventions"]["a"],
        retention_value=3,
        retention_unit="years",
        breach_hours=48,
        written_proof=True,
        subprocessing=False,
    )
    client.force_login(world["users"]["director_a"])
    html = client.get(reverse("privacy:register")).content.decode()
    assert "3 ans" in html
    assert "48 h" in html
    assert "art. 9" in html
    # The Département's DPO reads the clause of a convention the Département is party to.
    client.force_login(world["users"]["dpo"])
    assert "3 ans" in client.get(reverse("privacy:register")).content.decode()


def test_without_a_clause_the_default_is_stated(client, world):
    client.force_login(world["users"]["platform_admin"])
    html = client.get(reverse("privacy:register")).content.decode()
    assert "les durées par défaut du registre s'appliquent" in html


@override_settings(REPERES_REQUIRE_SECOND_FACTOR=False, AXES_FAILURE_LIMIT=7)
def test_the_dpia_states_the_measures_as_configured(client, world):
    client.force_login(world["users"]["dpo"])
    html = client.get(reverse("privacy:dpia")).content.decode()
    assert "Après 7 échecs" in html
    assert "pas encore obligatoire" in html
    for name in register.encrypted_fields():
        assert name in html
    with override_settings(REPERES_REQUIRE_SECOND_FACTOR=True):
        html = client.get(reverse("privacy:dpia")).content.decode()
    assert "Obligatoire pour les comptes qui voient des identités" in html


@pytest.mark.parametrize("name", ["privacy:register_pdf", "privacy:dpia_pdf"])
@pytest.mark.usefixtures("youth")
def test_pdfs(client, world, name):
    client.force_login(world["users"]["dpo"])
    response = client.get(reverse(name))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.usefixtures("world")
def test_the_desk_summary_counts_the_register():
    from django.template.loader import render_to_string

    summary = register.summary()
    reg = register.build()
    assert summary["personal_count"] == len(reg.originals)
    assert summary["unclassified"] == []
    assert sum(count for _, count in summary["processings"]) == len(reg.originals)
    html = render_to_string("privacy/_register_summary.html", {"register_summary": summary})
    assert f"{len(reg.originals)} champs de données personnelles" in html
    assert "non déclaré" not in html
    summary["unclassified"] = ["privacy.Nickname.nickname"]
    html = render_to_string("privacy/_register_summary.html", {"register_summary": summary})
    assert "1 champ non déclaré : privacy.Nickname.nickname" in html
