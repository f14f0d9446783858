"""The report model editor (issue 16): a Département's agent composes a model from the
catalogue through plain form posts, saves its version, a convention's report clause asks for
it, and its service's director finds its tables in the page, PDF, XLSX, CSV and API with the
same figures; a publication keeps the model's version. The preview passes through statistical
secrecy; a Département never sees another's unshared model."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.reporting.indicators import Period
from reperes.reporting.models import ReportModel
from reperes.reporting.publications import publish_report
from reperes.reporting.report_models import MODELS, visible_to
from tests.conftest import accept
from tests.factories import ConventionFactory, OrganisationFactory, PartyFactory, UserFactory
from tests.pages import page_text
from tests.reporting import outputs_read, report_fixture

KEY = "rapport-departement"


@pytest.fixture
def filled(world):
    report_fixture.build(world["services"]["a"], world["services"]["b"])
    return world


def _edit(client, model, step, prefix, **fields):
    data = {"etape": step, "prefixe": prefix}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return client.post(reverse("reporting:model_edit", kwargs={"pk": model.pk}), data)


def _add_distribution(client, model, **fields):
    """Add a distribution table to the model's first section."""
    return _edit(client, model, "add_distribution", "s0-distribution", section=0, **fields)


# The steps that compose the model, each (step, form prefix, fields), posted in this order.
COMPOSITION = [
    ("add_section", "section", {"title": "Les jeunes"}),
    (
        "add_values",
        "s0-values",
        {
            "section": 0,
            "title": "Jeunes et présence sociale",
            "codes": ["youths.met", "youths.accompanied", "contacts"],
            "total": "",
        },
    ),
    (
        "add_distribution",
        "s0-distribution",
        {
            "section": 0,
            "title": "Jeunes rencontrés par âge et genre",
            "distribution": "met",
            "rows": "age_band",
            "columns": "gender",
            "row_order": "usual",
        },
    ),
    (
        "add_chart",
        "s0-chart",
        {"section": 0, "table": "tableau-2", "kind": "stacked", "title": ""},
    ),
]


def compose(client) -> ReportModel:
    """Create the model, one section, a values table, a distribution table and a chart."""
    response = client.post(
        reverse("reporting:model_create"),
        {"key": KEY, "title": "Rapport du Département", "description": "Pour l'annexe."},
    )
    assert response.status_code == 302
    model = ReportModel.objects.get(key=KEY)
    for step, prefix, fields in COMPOSITION:
        assert _edit(client, model, step, prefix, **fields).status_code == 302, step
    return model


def test_a_composed_model_is_in_every_output_with_the_same_figures(client, filled):
    service = filled["services"]["a"]
    client.force_login(filled["users"]["departement_agent"])
    model = compose(client)
    model.refresh_from_db()
    section = model.draft["sections"][0]
    assert [b["type"] for b in section["blocks"]] == ["values", "distribution"]
    assert section["charts"] == [{"table": "tableau-2", "kind": "stacked"}]
    # Not usable before its version is saved.
    assert KEY not in MODELS
    response = client.post(reverse("reporting:model_save_version", kwargs={"pk": model.pk}))
    assert response.status_code == 302
    version = model.versions.get()
    assert version.number == 1
    assert version.spec == model.draft
    assert KEY in MODELS

    # A new convention on service A asks for it: the Département's agent writes its report
    # clause with the conventions' clause form (the model is one of its choices), then the
    # operator accepts the convention.
    draft = ConventionFactory(title="Convention annexe", service=service, is_signed=False)
    PartyFactory(convention=draft, organisation=filled["orgs"]["departement"], role="pilot")
    PartyFactory(convention=draft, organisation=filled["orgs"]["operator_a"], role="operator")
    clause_url = reverse("conventions:clause_edit", kwargs={"pk": draft.pk}) + "?nature=report"
    assert KEY in client.get(clause_url).content.decode()
    response = client.post(
        clause_url,
        {
            "clause-key": "rapport-annexe",
            "clause-article": "art. 12",
            "clause-model": KEY,
            "clause-owner": "operator",
            "clause-periodicity": "year",
            "clause-due_rule": "after_period",
            "clause-due_value": "3",
            "clause-due_unit": "months",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert draft.clauses.get(kind="report").params["model"] == KEY
    accept(draft)

    client.force_login(filled["users"]["director_a"])

    def get(name):
        url = reverse(name, kwargs={"pk": service.pk}) + f"?modele={KEY}&periode=2024"
        response = client.get(url)
        assert response.status_code == 200, name
        return response.content

    api = json.loads(get("api:report-detail"))
    tables = [t for s in api["sections"] for t in s["tables"]]
    assert [t["title"] for t in tables] == [
        "Jeunes et présence sociale",
        "Jeunes rencontrés par âge et genre",
    ]
    # The hand-computed figures of the fixture (report_fixture.EXPECTED_2024).
    expected = report_fixture.EXPECTED_2024
    first = dict(zip(tables[0]["rows"], tables[0]["cells"], strict=True))
    assert [line[0] for line in first.values()] == [
        expected["youths.met"],
        expected["youths.accompanied"],
        expected.get("contacts", first["Contacts en travail de rue et présence sociale"][0]),
    ]
    assert tables[1]["cells"][-1][-1] == expected["youths.met"]
    read = outputs_read.every_format(get, [(t["title"], t["rows"]) for t in tables])
    outputs_read.assert_shows_the_api_tables(read, tables)
    # The page draws the chart of the distribution table.
    assert "Jeunes rencontrés par âge et genre" in get("reporting:report").decode()
    assert b"data:image/svg+xml" in get("reporting:report")

    # A publication keeps the version it was made with, even after a version 2.
    publication = publish_report(
        service, KEY, Period.year(2024), filled["users"]["director_a"], today=filled_today()
    )
    assert publication.model_revision == version
    assert publication.model_version == 1
    client.force_login(filled["users"]["departement_agent"])
    assert _edit(client, model, "add_section", "section", title="Les familles").status_code == 302
    # The reports follow the saved version, not the draft being edited.
    assert len(MODELS[KEY].spec["sections"]) == 1
    assert MODELS[KEY].version == 1
    client.post(reverse("reporting:model_save_version", kwargs={"pk": model.pk}))
    assert MODELS[KEY].version == 2
    assert len(MODELS[KEY].spec["sections"]) == 2
    # Saving an unchanged draft makes no version 3.
    response = client.post(reverse("reporting:model_save_version", kwargs={"pk": model.pk}))
    assert response.status_code == 400
    assert "rien à enregistrer" in response.content.decode()
    publication.refresh_from_db()
    assert publication.model_revision.number == 1
    page = client.get(reverse("reporting:model", kwargs={"pk": model.pk})).content.decode()
    assert "Versions" in page
    versions = {v.number: v for v in model.versions.all()}
    assert versions[1].publications.count() == 1
    assert versions[2].publications.count() == 0
    actions = set(AuditEntry.objects.filter(object_id=model.pk).values_list("action", flat=True))
    assert {
        "report_model.create",
        "report_model.section_add",
        "report_model.block_add",
        "report_model.chart_add",
        "report_model.version_save",
    } <= actions


def filled_today():
    from datetime import date

    return date(2025, 6, 1)


def test_a_refused_step_says_why_in_french_keeps_what_was_typed_and_writes_nothing(client, filled):
    client.force_login(filled["users"]["departement_agent"])
    model = compose(client)
    before = ReportModel.objects.get(pk=model.pk).draft
    entries = AuditEntry.objects.count()
    # Accompaniments are not counted by gender: the model's checks refuse the rows.
    refused = _add_distribution(
        client,
        model,
        title="Titre tapé par l'agent",
        distribution="accompaniments",
        rows="gender",
        columns="",
        row_order="present",
    )
    page_text(
        refused,
        "les lignes doivent être une dimension de ce qui est compté",
        "Titre tapé par l&#x27;agent",
        status=400,
    )
    assert ReportModel.objects.get(pk=model.pk).draft == before
    assert AuditEntry.objects.count() == entries
    # A chart of a table that is not in the section, and no indicator: refused too.
    page_text(
        _edit(client, model, "add_values", "s0-values", section=0, title="Vide", total=""),
        "Choisissez au moins un indicateur.",
        status=400,
    )
    response = _edit(
        client, model, "add_chart", "s0-chart", section=0, table="inconnu", kind="bar", title=""
    )
    assert "un graphique doit dessiner un tableau de la partie" in response.content.decode()
    assert ReportModel.objects.get(pk=model.pk).draft == before


def test_sections_are_renamed_moved_and_removed(client, filled):
    client.force_login(filled["users"]["departement_agent"])
    model = compose(client)
    _edit(client, model, "add_section", "section", title="Deuxième")
    _edit(client, model, "rename_section", "s1-rename", section=1, title="Les familles")
    _edit(client, model, "move_section", "s1-mv", section=1, direction="up")
    model.refresh_from_db()
    assert [s["title"] for s in model.draft["sections"]] == ["Les familles", "Les jeunes"]
    _edit(client, model, "remove_block", "s1-rb", section=1, key="tableau-2")
    model.refresh_from_db()
    jeunes = model.draft["sections"][1]
    assert [b["key"] for b in jeunes["blocks"]] == ["tableau-1"]
    assert jeunes["charts"] == []  # the chart of the removed table went with it
    _edit(
        client,
        model,
        "add_narrative",
        "s0-narrative",
        section=0,
        key="familles",
        title="Le travail avec les familles",
    )
    _edit(client, model, "remove_section", "s1-rm", section=1)
    model.refresh_from_db()
    assert [s["title"] for s in model.draft["sections"]] == ["Les familles"]
    assert model.draft["narratives"] == {"familles": "Le travail avec les familles"}
    # The last section cannot go: a model has at least one.
    response = _edit(client, model, "remove_section", "s0-rm", section=0)
    assert response.status_code == 400
    assert "aucune partie : ajoutez-en une" in response.content.decode()


def test_a_chart_or_table_removed_on_an_older_page_is_refused(client, filled):
    client.force_login(filled["users"]["departement_agent"])
    model = compose(client)
    response = _edit(client, model, "remove_chart", "s0-rc", section=0, table="tableau-2")
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.draft["sections"][0]["charts"] == []
    assert [b["key"] for b in model.draft["sections"][0]["blocks"]] == ["tableau-1", "tableau-2"]
    # The same step again, from a page older than the draft: nothing left to remove.
    response = _edit(client, model, "remove_chart", "s0-rc", section=0, table="tableau-2")
    assert response.status_code == 400
    assert "Ce graphique n&#x27;existe plus : rechargez la page." in response.content.decode()
    _edit(client, model, "remove_block", "s0-rb", section=0, key="tableau-2")
    response = _edit(client, model, "remove_block", "s0-rb", section=0, key="tableau-2")
    assert response.status_code == 400
    assert "Ce tableau n&#x27;existe plus : rechargez la page." in response.content.decode()
    model.refresh_from_db()
    assert [b["key"] for b in model.draft["sections"][0]["blocks"]] == ["tableau-1"]


def test_the_preview_passes_through_statistical_secrecy(client, filled):
    """The funder's preview shows no count between 1 and the threshold minus one, though the
    exact figures of the fixture hold some (otherwise the test would prove nothing)."""
    from reperes.reporting import secrecy
    from reperes.reporting.indicators import Scope, compute
    from reperes.reporting.model_engine import build_sections

    client.force_login(filled["users"]["departement_agent"])
    model = compose(client)
    model.refresh_from_db()
    service = filled["services"]["a"]
    threshold = secrecy.policy_for(filled["conventions"]["a"]).threshold
    exact = build_sections(model.draft, compute(Scope.for_service(service), Period.year(2024)), {})
    exact_small = [
        v
        for s in exact
        for t in s.tables
        if t.people
        for line in t.cells
        for v in line
        if isinstance(v, int) and 0 < v < threshold
    ]
    assert exact_small
    url = reverse("reporting:model_preview", kwargs={"pk": model.pk})
    response = client.get(url, {"service": service.pk, "year": 2024})
    assert response.status_code == 200
    shown = outputs_read.page_tables(response.content.decode())
    assert len(shown) == 2
    cells = [c for lines in shown for _label, line in lines for c in line]
    assert outputs_read.WITHHELD in cells
    for cell in cells:
        value = outputs_read.number(cell)
        assert value is None or value == 0 or value >= threshold, cell
    # A service of another funder is not offered (a French 400-free form error).
    other = client.get(url, {"service": filled["services"]["b"].pk + 999, "year": 2024})
    assert "Sélectionnez un choix valide" in other.content.decode()


def test_a_departement_never_sees_another_departements_unshared_model(client, filled):
    client.force_login(filled["users"]["departement_agent"])
    model = compose(client)
    client.post(reverse("reporting:model_save_version", kwargs={"pk": model.pk}))
    other_org = OrganisationFactory(kind="departement", name="Département Voisin")
    other = UserFactory(role="funder_agent", organisation=other_org)
    client.force_login(other)
    page = reverse("reporting:model", kwargs={"pk": model.pk})
    assert client.get(page).status_code == 404
    assert KEY not in client.get(reverse("reporting:models")).content.decode()
    assert KEY not in [m.key for m in visible_to(other_org)]
    response = client.post(
        reverse("reporting:model_copy"), {"source": KEY, "key": "vol", "title": "Volé"}
    )
    assert response.status_code == 200
    assert not ReportModel.objects.filter(key="vol").exists()
    # The Département itself cannot share: a platform administrator does.
    client.force_login(filled["users"]["departement_agent"])
    share = reverse("reporting:model_share", kwargs={"pk": model.pk})
    assert client.post(share, {"organisations": [other_org.pk]}).status_code == 403
    client.force_login(filled["users"]["platform_admin"])
    assert client.post(share, {"organisations": [other_org.pk]}).status_code == 302
    assert AuditEntry.objects.filter(action="report_model.share", object_id=model.pk).exists()
    client.force_login(other)
    assert client.get(page).status_code == 200
    assert KEY in [m.key for m in visible_to(other_org)]
    # Shared is read-only: the other Département copies it to adapt it.
    edit = reverse("reporting:model_edit", kwargs={"pk": model.pk})
    assert client.get(edit).status_code == 403
    response = client.post(
        reverse("reporting:model_copy"), {"source": KEY, "key": "copie-voisin", "title": ""}
    )
    assert response.status_code == 302
    copy = ReportModel.objects.get(key="copie-voisin")
    model.refresh_from_db()
    assert copy.owner == other_org
    assert copy.draft["sections"] == model.draft["sections"]
    # Sharing stops: the model is hidden again.
    client.force_login(filled["users"]["platform_admin"])
    client.post(share, {})
    client.force_login(other)
    assert client.get(page).status_code == 404


def test_a_library_model_is_read_with_units_and_definitions_and_copied(client, filled):
    client.force_login(filled["users"]["departement_agent"])
    assert reverse("reporting:models") in client.get(reverse("reporting:home")).content.decode()
    page = client.get(reverse("reporting:model_library", kwargs={"pk": "rapport-drome"}))
    text = page.content.decode()
    assert "unité : rencontres" in text
    assert "unité : personnes" in text
    assert "Copier pour l'adapter" in text
    response = client.post(
        reverse("reporting:model_copy"),
        {"source": "rapport-drome", "key": "drome-adapte", "title": "Drôme adapté"},
    )
    assert response.status_code == 302
    copy = ReportModel.objects.get(key="drome-adapte")
    assert copy.draft["sections"] == MODELS["rapport-drome"].spec["sections"]
    # A code already taken is refused in French, what was typed kept.
    response = client.post(
        reverse("reporting:model_create"), {"key": "bilan-annuel", "title": "Mon bilan"}
    )
    assert "est déjà pris" in response.content.decode()
    assert "Mon bilan" in response.content.decode()


@pytest.mark.django_db
def test_a_saved_version_of_a_model_is_never_changed():
    model = ReportModel.objects.create(key=KEY, title="Rapport", owner=OrganisationFactory())
    version = model.versions.create(number=1, spec={"sections": []})
    version.spec = {"sections": [{"title": "Ajoutée après coup"}]}
    with pytest.raises(PermissionError, match="enregistrez-en une autre"):
        version.save()
    version.refresh_from_db()
    assert version.spec == {"sections": []}
