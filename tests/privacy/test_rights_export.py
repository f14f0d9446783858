"""The export of an access request (GDPR art. 15): everything held on the youth — checked
against the register of processing — and nothing on anyone else."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from reperes.fieldwork.models import AccessLogEntry, Youth
from reperes.fieldwork.youths.access_log import log_access
from reperes.partners.models import Quartier
from reperes.privacy import export, register, rights
from reperes.privacy.models import LegalHold
from tests.factories import CommuneFactory
from tests.fieldwork.factories import (
    AccompanimentFactory,
    ChoiceItemFactory,
    CollectiveActionFactory,
    FamilyFactory,
    InterventionFactory,
    PartnerFactory,
    YouthFactory,
)
from tests.money.test_pdf import pdf_text

PARIS = ZoneInfo("Europe/Paris")


def _linked_to_youth(model) -> bool:
    """Youth itself, or a model reaching it in at most two relations (an intervention through
    its accompaniment)."""
    if model is Youth:
        return True
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if not field.concrete or related is None:
            continue
        if related is Youth or any(
            getattr(f, "related_model", None) is Youth
            for f in related._meta.get_fields()
            if f.concrete
        ):
            return True
    return False


def _declared_about_youths() -> set[str]:
    from django.apps import apps

    found = set()
    for entry in register.build().originals:
        app_model, name = entry.label.rsplit(".", 1)
        if entry.subject == register.YOUTH and _linked_to_youth(apps.get_model(app_model)):
            found.add(entry.label)
    return found


def test_every_field_declared_about_a_youth_is_exported_or_excluded_with_a_reason():
    exported = {f"{label}.{name}" for label, names in export.FIELDS.items() for name in names}
    declared = _declared_about_youths()
    assert "fieldwork.Youth.last_name" in declared  # the register is read
    missing = declared - exported - set(export.EXCLUDED)
    assert not missing, f"Champs sur un jeune absents de l'export : {sorted(missing)}"
    assert not set(export.EXCLUDED) & exported
    assert all(reason.strip() for reason in export.EXCLUDED.values())
    assert set(export.SECTIONS) == set(export.FIELDS)


def _full_youth(service, tag: str, director):
    """A youth with every exported part filled with values carrying ``tag``."""
    family = FamilyFactory(
        service=service, code=f"FAM-{tag}", engaged=True, engaged_until=date(2025, 3, 1)
    )
    commune = CommuneFactory(name=f"Commune-{tag}")
    youth = YouthFactory(
        service=service,
        pseudonym=f"J-{tag}",
        with_identity=True,
        last_name=f"Nom{tag}",
        first_name=f"Prénom{tag}",
        address=f"1 rue {tag}",
        phone="06 00 00 00 00" if tag == "ONE" else "07 11 11 11 11",
        identity_consent_by=director,
        family=family,
        commune=commune,
        quartier=Quartier.objects.create(commune=commune, name=f"Quartier-{tag}"),
        age_bands={"y2024": "15-17"},
        anonymised_on=None,
    )
    partner = PartnerFactory(service=service, name=f"Partenaire-{tag}")
    accompaniment = AccompanimentFactory(youth=youth, orienting_partner=partner, closed=True)
    accompaniment.problems.add(ChoiceItemFactory(label=f"Problème-{tag}"))
    accompaniment.responses.add(ChoiceItemFactory(kind="response", label=f"Réponse-{tag}"))
    InterventionFactory(
        accompaniment=accompaniment, partner=PartnerFactory(service=service, name=f"Relais-{tag}")
    )
    CollectiveActionFactory(service=service, title=f"Action-{tag}", participants=[youth])
    LegalHold.objects.create(
        service=service,
        youth=youth,
        reason=f"Gel-{tag}",
        until=date(2026, 1, 1),
        lifted_at=datetime(2025, 5, 1, tzinfo=PARIS),
        lift_reason=f"Levée-{tag}",
    )
    request = rights.record(
        director,
        service,
        {
            "kind": "access",
            "requester_kind": "parent",
            "requester_name": f"Demandeur-{tag}",
            "requester_address": f"Adresse-demandeur-{tag}",
            "identified_by": f"Pièce-{tag}",
            "received_on": date(2025, 5, 2),
            "details": f"Objet-{tag}",
            "youth": youth,
        },
    )
    rights.extend(director, request, date(2025, 7, 2), f"Prolongation-{tag}")
    rights.decide(director, request, "partly", f"Motifs-{tag}", date(2025, 5, 20))
    rights.mark_sent(director, request, date(2025, 5, 21))
    log_access(director, youth, "view_identity", record="youth", fields=["phone"])
    return youth, request


@pytest.fixture
def two_youths(world):
    service, director = world["services"]["a"], world["users"]["director_a"]
    one = _full_youth(service, "ONE", director)
    two = _full_youth(service, "TWO", director)
    return one, two


def test_every_exported_field_is_filled_for_a_full_record(two_youths):
    (youth, _), _ = two_youths
    data = export.build(youth)
    for label, names in export.FIELDS.items():
        rows = data[export.SECTIONS[label]]
        rows = rows if isinstance(rows, list) else [rows]
        assert rows, label
        for name in names:
            if (label, name) in {("fieldwork.Youth", "anonymised_on")}:
                continue  # a kept record has no anonymisation date
            assert rows[0][name] not in (None, "", []), f"{label}.{name}"


def test_the_export_holds_the_values_of_the_youth_and_nothing_of_the_other(
    client, world, two_youths
):
    (youth, request), (other, _) = two_youths
    client.force_login(world["users"]["director_a"])
    url = reverse("privacy:rights_export", kwargs={"pk": request.public_id})
    raw = client.get(url + "?format=json")
    assert raw["Content-Type"] == "application/json"
    data = json.loads(raw.content)
    text = json.dumps(data, ensure_ascii=False)
    for value in (
        "J-ONE",
        "NomONE",
        "PrénomONE",
        "1 rue ONE",
        "06 00 00 00 00",
        "FAM-ONE",
        "Commune-ONE",
        "Quartier-ONE",
        "Partenaire-ONE",
        "Relais-ONE",
        "Problème-ONE",
        "Réponse-ONE",
        "Action-ONE",
        "Gel-ONE",
        "Levée-ONE",
        "Objet-ONE",
        "Prolongation-ONE",
        "Motifs-ONE",
        str(youth.public_id),
    ):
        assert value in text, value
    for value in ("TWO", str(other.public_id), "07 11 11 11 11"):
        assert value not in text, value
    # Third parties: the requester, the colleagues by name.
    director = world["users"]["director_a"]
    for value in ("Demandeur-ONE", "Adresse-demandeur-ONE", "Pièce-ONE", director.email):
        assert value not in text, value
    if director.get_full_name():
        assert director.get_full_name() not in text
    assert data["fiche"]["identity_consent_by"] == "Direction de service — Association A"
    readers = {row["user"] for row in data["journal_des_acces"]}
    assert readers == {"Direction de service — Association A"}
    assert data["non_communique"]

    pdf = client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    page = pdf_text(pdf.content)
    for value in ("J-ONE", "NomONE", "1 rue ONE", "Action-ONE", "Problème-ONE", "Gel-ONE"):
        assert value in page, value
    assert "TWO" not in page
    assert "Demandeur-ONE" not in page
    assert "fonction et leur organisme" in page


def test_reading_the_export_is_logged_and_listed_in_it(client, world, two_youths):
    (youth, request), _ = two_youths
    client.force_login(world["users"]["director_a"])
    before = AccessLogEntry.objects.filter(youth=youth).count()
    data = json.loads(
        client.get(
            reverse("privacy:rights_export", kwargs={"pk": request.public_id}) + "?format=json"
        ).content
    )
    entry = AccessLogEntry.objects.filter(youth=youth).order_by("-pk").first()
    assert AccessLogEntry.objects.filter(youth=youth).count() == before + 1
    assert (entry.record, entry.record_id, entry.action) == (
        "export",
        str(request.public_id),
        "view_identity",
    )
    assert entry.fields == list(Youth.IDENTITY_FIELDS)
    assert data["journal_des_acces"][-1]["record"] == "export"
    assert len(data["journal_des_acces"]) == before + 1
    # The youth's page names it in French, like every other read.
    page = client.get(reverse("fieldwork:youth_detail", kwargs={"pk": youth.public_id}))
    assert "Export des données (demande d&#x27;accès)" in page.content.decode()
