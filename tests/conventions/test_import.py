"""Import of many conventions with their clauses from a workbook: all or nothing, row errors in
French with the sheet and the row, idempotent on re-import, only for a funder agent who pilots
or co-funds each convention; the template round-trips."""

from __future__ import annotations

import html
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from reperes.conventions.import_template import template_workbook
from reperes.conventions.models import Clause, Convention
from reperes.core.models import AuditEntry
from tests.conftest import accept

CONVENTIONS = [
    {
        "Référence": "CD26-001",
        "Intitulé": "Convention SPS A 2026-2028",
        "Intitulé court": "SPS A 2026",
        "Service": "SPS A",
        "Pilote": "Département de Test",
        "Co-financeurs": "Commune de Test",
        "Type de période": "Dates fixes",
        "Début": "01/01/2026",
        "Fin": date(2028, 12, 31),
        "Préavis de dénonciation": 6,
        "Unité du préavis": "mois",
        "Seuil du secret statistique": 10,
    },
    {
        "Référence": "CD26-002",
        "Intitulé": "Convention SPS B, reconduite chaque année",
        "Service": "sps b",  # case and accents do not matter
        "Opérateur": "Association B",
        "Pilote": "Département de Test",
        "Type de période": "Tacite reconduction",
        "Début": "2026-01-01",
        "Durée": 1,
        "Unité de la durée": "ans",
        "Reconductions au plus": 2,
    },
]
CLAUSES = [
    {
        "Référence de la convention": "CD26-001",
        "Clé": "compte-rendu-financier",
        "Nature": "document",
        "Article": "art. 7",
        "document": "Compte rendu financier",
        "owner": "operator",
        "periodicity": "year",
        "due_rule": "after_period",
        "due_value": 6,
        "due_unit": "mois",
    },
    {
        "Référence de la convention": "CD26-001",
        "Clé": "suivi",
        "Nature": "Rapport à produire",
        "Article": "art. 8",
        "model": "suivi-trimestriel",
        "owner": "Opérateur",
        "periodicity": "chaque trimestre",
        "due_rule": "after_period",
        "due_value": 1,
        "due_unit": "months",
        "recipients": "pilot; co_funder",
    },
    {
        "Référence de la convention": "CD26-002",
        "Clé": "effectif",
        "Nature": "minimum_staff",
        "Article": "art. 6",
        "category": "social_worker",
        "fte": "2,5",
    },
    {
        "Référence de la convention": "CD26-002",
        "Clé": "donnees",
        "Nature": "data_protection",
        "Article": "art. 9",
        "nominative": "non",
        "breach_hours": 48,
        "breach_to": "pilot",
        "end": "destroy",
        "written_proof": "oui",
        "subprocessing": "non",
    },
]


def _workbook(conventions, clauses, schedules=()) -> bytes:
    """The downloadable template, filled in (so the template and the reader agree)."""
    workbook = load_workbook(io.BytesIO(template_workbook()))
    for name, rows in (
        ("Conventions", conventions),
        ("Clauses", clauses),
        ("Échéanciers", schedules),
    ):
        sheet = workbook[name]
        headers = [c.value for c in sheet[1]]
        for row in rows:
            unknown = set(row) - set(headers)
            assert not unknown, unknown
            sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _post(client, user, content, name="conventions.xlsx"):
    client.force_login(user)
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("conventions:import"), {"fichier": upload})


@pytest.fixture
def agent(world):
    return world["users"]["departement_agent"]


def test_a_workbook_of_conventions_and_clauses_is_imported(client, world, agent):
    response = _post(client, agent, _workbook(CONVENTIONS, CLAUSES))
    assert response.status_code == 200
    assert response.context["plan"].summary == {
        "convention_create": 2,
        "convention_update": 0,
        "convention_unchanged": 0,
        "clause_create": 4,
        "clause_update": 0,
        "clause_unchanged": 0,
        "schedule_create": 0,
        "schedule_update": 0,
        "schedule_unchanged": 0,
    }
    assert "Import enregistré" in _page(response)
    assert "Conventions : 2 créées, 0 mise à jour, 0 inchangée." in _page(response)
    first = Convention.objects.get(reference="CD26-001")
    assert (first.title, first.starts_on, first.ends_on) == (
        "Convention SPS A 2026-2028",
        date(2026, 1, 1),
        date(2028, 12, 31),
    )
    assert (first.withdrawal_notice_value, first.withdrawal_notice_unit) == (6, "months")
    assert first.secrecy_threshold == 10
    assert not first.is_signed
    assert first.operator_decision == "pending"
    assert [(p.organisation.name, p.role) for p in first.parties.all()] == [
        ("Département de Test", "pilot"),
        ("Commune de Test", "co_funder"),
        ("Association A", "operator"),
    ]
    clauses = {c.key: c for c in first.clauses.all()}
    assert clauses["compte-rendu-financier"].params == {
        "document": "financial_report",
        "owner": "operator",
        "periodicity": "year",
        "due": {"rule": "after_period", "value": 6, "unit": "months"},
    }
    assert clauses["suivi"].params["recipients"] == ["co_funder", "pilot"]
    assert clauses["suivi"].article == "art. 8"
    second = Convention.objects.get(reference="CD26-002")
    assert (second.period_kind, second.term_value, second.term_unit, second.max_renewals) == (
        "tacit_renewal",
        1,
        "years",
        2,
    )
    assert second.service == world["services"]["b"]
    assert second.secrecy_threshold == 5  # the model's default when the cell is empty
    data = second.clauses.get(key="donnees").params
    assert (data["nominative"], data["written_proof"], data["breach_hours"]) == (False, True, 48)
    assert second.clauses.get(key="effectif").params["fte"] == "2.5"
    assert AuditEntry.objects.filter(action="conventions.import").count() == 1


def test_importing_the_same_file_twice_changes_nothing(client, agent):
    content = _workbook(CONVENTIONS, CLAUSES)
    _post(client, agent, content)
    before = list(Clause.objects.order_by("pk").values_list("pk", "params"))
    response = _post(client, agent, content)
    assert response.context["plan"].summary == {
        "convention_create": 0,
        "convention_update": 0,
        "convention_unchanged": 2,
        "clause_create": 0,
        "clause_update": 0,
        "clause_unchanged": 4,
        "schedule_create": 0,
        "schedule_update": 0,
        "schedule_unchanged": 0,
    }
    assert Convention.objects.filter(reference__startswith="CD26-").count() == 2
    assert list(Clause.objects.order_by("pk").values_list("pk", "params")) == before
    assert AuditEntry.objects.filter(action="conventions.import").count() == 1


def test_a_re_import_updates_the_draft_in_place(client, agent):
    _post(client, agent, _workbook(CONVENTIONS, CLAUSES))
    conventions = [dict(CONVENTIONS[0], **{"Intitulé": "Nouvel intitulé"}), CONVENTIONS[1]]
    clauses = [dict(CLAUSES[0], due_value=3), *CLAUSES[1:]]
    response = _post(client, agent, _workbook(conventions, clauses))
    summary = response.context["plan"].summary
    assert (summary["convention_update"], summary["convention_unchanged"]) == (1, 1)
    assert (summary["clause_update"], summary["clause_unchanged"]) == (1, 3)
    first = Convention.objects.get(reference="CD26-001")
    assert first.title == "Nouvel intitulé"
    assert first.clauses.get(key="compte-rendu-financier").params["due"]["value"] == 3
    assert first.clauses.count() == 2


def test_an_accepted_convention_is_not_changed_by_import(client, agent):
    _post(client, agent, _workbook(CONVENTIONS, CLAUSES))
    accept(Convention.objects.get(reference="CD26-001"))
    clauses = [dict(CLAUSES[0], due_value=3), *CLAUSES[1:]]
    response = _post(client, agent, _workbook(CONVENTIONS, clauses))
    errors = response.context["plan"].errors
    assert errors == [
        "Feuille « Conventions », ligne 2 : la convention « CD26-001 » est signée ou acceptée "
        "par l'opérateur : elle se modifie par avenant, pas par import (changements : clause "
        "« compte-rendu-financier »)."
    ]
    clause = Clause.objects.get(convention__reference="CD26-001", key="compte-rendu-financier")
    assert clause.params["due"]["value"] == 6
    # Unchanged, it imports (nothing to write).
    assert _post(client, agent, _workbook(CONVENTIONS, CLAUSES)).context["plan"].summary


def test_one_bad_row_writes_nothing_and_every_error_names_its_sheet_and_row(client, agent):
    bad_conventions = [
        *CONVENTIONS,
        {
            "Référence": "CD26-003",
            "Intitulé": "Mauvaise",
            "Service": "SPS inconnu",
            "Pilote": "Département de Test",
            "Type de période": "Dates fixes",
            "Début": "01/01/2027",
            "Fin": "31/12/2026",
        },
    ]
    bad_clauses = [
        *CLAUSES,
        {
            "Référence de la convention": "CD26-001",
            "Clé": "budget",
            "Nature": "document",
            "document": "budget_forecast",
            "owner": "operator",
            "periodicity": "year",
            "due_rule": "day_of_year",
            "due_month": 13,
            "due_day": 31,
        },
        {
            "Référence de la convention": "CD26-001",
            "Clé": "effectif",
            "Nature": "minimum_staff",
            "category": "social_worker",
            "fte": "2",
            "model": "suivi-trimestriel",
        },
        {"Référence de la convention": "CD99-999", "Clé": "x", "Nature": "evaluation"},
        {"Référence de la convention": "CD26-002", "Clé": "Clé à accents", "Nature": "inconnue"},
    ]
    response = _post(client, agent, _workbook(bad_conventions, bad_clauses))
    assert response.status_code == 200
    errors = response.context["plan"].errors
    assert (
        "Feuille « Conventions », ligne 4, colonne « Service » : service inconnu « SPS inconnu » (son nom dans Repères)."
        in errors
    )
    assert (
        "Feuille « Clauses », ligne 6 : « Échéance » : Le mois d'échéance doit être compris entre 1 et 12."
        in errors
    )
    assert (
        "Feuille « Clauses », ligne 7, colonne « model » : ce paramètre ne s'applique pas à « Effectif minimum »."
        in errors
    )
    assert (
        "Feuille « Clauses », ligne 8, colonne « Référence de la convention » : aucune convention de "
        "référence « CD99-999 » dans la feuille « Conventions »." in errors
    )
    assert any(
        e.startswith(
            "Feuille « Clauses », ligne 9, colonne « Nature » : valeur inconnue « inconnue »"
        )
        for e in errors
    )
    assert "rien n'a été importé" in _page(response)
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()
    assert not Clause.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="convention").exists()


def test_the_rules_of_a_convention_are_checked_row_by_row(client, agent, settings):
    settings.REPERES_SECRECY_FLOOR_THRESHOLD = 5
    rows = [
        dict(CONVENTIONS[0], **{"Fin": "31/12/2025"}),
        dict(CONVENTIONS[1], **{"Seuil du secret statistique": 3, "Opérateur": "Association A"}),
        dict(CONVENTIONS[1], **{"Intitulé": "Doublon"}),
        dict(CONVENTIONS[0], **{"Référence": "CD26-004", "Début": "le 1er janvier"}),
    ]
    errors = _post(client, agent, _workbook(rows, [])).context["plan"].errors
    assert (
        "Feuille « Conventions », ligne 2 : La fin de la période doit suivre son début." in errors
    )
    assert (
        "Feuille « Conventions », ligne 3, colonne « Opérateur » : le service SPS B est géré par "
        "Association B, pas par Association A." in errors
    )
    assert (
        "Feuille « Conventions », ligne 4, colonne « Référence » : la référence « CD26-002 » "
        "figure déjà ligne 3." in errors
    )
    assert (
        "Feuille « Conventions », ligne 5, colonne « Début » : une date est attendue (JJ/MM/AAAA)."
        in errors
    )
    rows = [dict(CONVENTIONS[1], **{"Seuil du secret statistique": 3})]
    errors = _post(client, agent, _workbook(rows, [])).context["plan"].errors
    assert errors == [
        "Feuille « Conventions », ligne 2, colonne « Seuil du secret statistique » : Le seuil du "
        "secret statistique ne peut pas descendre sous le plancher de la plateforme (5)."
    ]
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()


@pytest.mark.parametrize("persona", ["educator_a", "director_a", "dpo", "platform_admin"])
def test_only_a_funder_agent_imports(client, world, persona):
    user = world["users"][persona]
    client.force_login(user)
    assert client.get(reverse("conventions:import")).status_code == 403
    assert client.get(reverse("conventions:import_template")).status_code == 403
    assert _post(client, user, _workbook(CONVENTIONS, CLAUSES)).status_code == 403
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()


def test_a_funder_imports_only_what_it_pilots_or_co_funds(client, world):
    outsider = world["users"]["outsider"]
    errors = _post(client, outsider, _workbook(CONVENTIONS, [])).context["plan"].errors
    assert errors == [
        f"Feuille « Conventions », ligne {line} : votre organisation n'est ni pilote ni "
        "co-financeur de cette convention : vous ne pouvez pas l'importer."
        for line in (2, 3)
    ]
    # The commune co-funds the first one: it may import it.
    commune = world["users"]["commune_agent"]
    response = _post(client, commune, _workbook(CONVENTIONS[:1], CLAUSES[:2]))
    assert response.context["plan"].summary["convention_create"] == 1


def test_the_file_itself_is_checked(client, agent):
    response = _post(client, agent, b"a;b\n1;2\n", name="conventions.csv")
    assert "Seuls les classeurs .xlsx (Excel) et .ods (LibreOffice) sont acceptés" in _page(
        response
    )
    empty = Workbook()
    empty.active.title = "Conventions"
    buffer = io.BytesIO()
    empty.save(buffer)
    response = _post(client, agent, buffer.getvalue())
    assert "Feuille « Clauses » introuvable" in _page(response)
    response = _post(client, agent, template_workbook())
    assert "La feuille « Conventions » ne contient aucune convention." in _page(response)
    workbook = load_workbook(io.BytesIO(_workbook(CONVENTIONS, CLAUSES)))
    workbook["Conventions"]["B2"] = '=HYPERLINK("http://x","y")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _post(client, agent, buffer.getvalue())
    assert "les formules sont refusées" in _page(response)
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()


def test_the_template_documents_every_column(client, agent):
    client.force_login(agent)
    response = client.get(reverse("conventions:import_template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Conventions",
        "Clauses",
        "Échéanciers",
        "Listes",
        "Mode d'emploi",
    ]
    clause_headers = [c.value for c in workbook["Clauses"][1]]
    for name in (
        "document",
        "model",
        "periodicity",
        "due_rule",
        "due_month",
        "due_body",
        "params_json",
    ):
        assert name in clause_headers
    assert workbook["Conventions"]["A1"].comment.text.startswith("Obligatoire.")
    documented = {row[1] for row in workbook["Mode d'emploi"].iter_rows(values_only=True)}
    assert set(clause_headers) <= documented
    page = client.get(reverse("conventions:import"))
    assert page.status_code == 200
    assert "Télécharger le modèle" in _page(page)


SCHEDULES = [
    {
        "Référence de la convention": "CD26-001",
        "Payeur": "Département de Test",
        "Montant annuel": "120 000,00",
        "Modalité": "Versements périodiques à parts égales",
        "Périodicité": "Chaque trimestre",
        "Article": "art. 5",
    },
    {
        "Référence de la convention": "CD26-001",
        "Payeur": "Commune de Test",
        "Bénéficiaire": "Association A",
        "Montant annuel": 6000,
        "Modalité": "call_for_funds",
    },
]


def test_payment_schedules_are_imported_once(client, agent):
    from reperes.money.models import FundingShare, Instalment, PaymentSchedule

    content = _workbook(CONVENTIONS, CLAUSES, SCHEDULES)
    summary = _post(client, agent, content).context["plan"].summary
    assert summary["schedule_create"] == 2
    convention = Convention.objects.get(reference="CD26-001")
    quarterly = PaymentSchedule.objects.get(convention=convention, kind="periodic")
    assert (quarterly.period_months, quarterly.article) == (3, "art. 5")
    assert quarterly.payer.organisation.name == "Département de Test"
    assert quarterly.payee.organisation.name == "Association A"
    amounts = FundingShare.objects.filter(funding__convention=convention, party=quarterly.payer)
    assert {(s.funding.year, s.stated_amount) for s in amounts} == {
        (2026, Decimal("120000.00")),
        (2027, Decimal("120000.00")),
        (2028, Decimal("120000.00")),
    }
    instalments = Instalment.objects.filter(schedule=quarterly, year=2026)
    assert [i.amount for i in instalments.order_by("due_on")] == [Decimal("30000.00")] * 4
    count = Instalment.objects.count()
    # Again: nothing changes; a new amount replaces the schedule of that payer only.
    assert _post(client, agent, content).context["plan"].summary["schedule_unchanged"] == 2
    assert Instalment.objects.count() == count
    changed = [dict(SCHEDULES[0], **{"Montant annuel": 100000}), SCHEDULES[1]]
    summary = _post(client, agent, _workbook(CONVENTIONS, CLAUSES, changed)).context["plan"].summary
    assert (summary["schedule_update"], summary["schedule_unchanged"]) == (1, 1)
    quarterly = PaymentSchedule.objects.get(convention=convention, kind="periodic")
    assert [i.amount for i in quarterly.instalments.filter(year=2027)] == [Decimal("25000.00")] * 4


def test_schedule_rows_are_checked(client, agent):
    rows = [
        dict(SCHEDULES[0], **{"Périodicité": None}),
        dict(SCHEDULES[1], **{"Payeur": "Association B"}),
        dict(SCHEDULES[1], **{"Référence de la convention": "CD99", "Montant annuel": "beaucoup"}),
    ]
    errors = _post(client, agent, _workbook(CONVENTIONS, CLAUSES, rows)).context["plan"].errors
    assert (
        "Feuille « Échéanciers », ligne 2, colonne « Périodicité » : indiquez la périodicité des "
        "versements périodiques." in errors
    )
    assert (
        "Feuille « Échéanciers », ligne 3 : le payeur et le bénéficiaire sont parties à la "
        "convention." in errors
    )
    assert (
        "Feuille « Échéanciers », ligne 4, colonne « Montant annuel » : un montant en euros est "
        "attendu, par exemple 120000,00." in errors
    )
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()


def test_an_empty_required_cell_is_named_in_each_sheet(client, agent):
    conventions = [CONVENTIONS[0], dict(CONVENTIONS[1], **{"Pilote": None, "Intitulé": None})]
    schedules = [SCHEDULES[0], dict(SCHEDULES[1], **{"Payeur": None, "Modalité": None})]
    errors = _post(client, agent, _workbook(conventions, CLAUSES, schedules)).context["plan"].errors
    # Only the required columns: « Fin » or « Bénéficiaire », left empty too, are optional.
    assert sorted(e for e in errors if e.endswith("valeur obligatoire.")) == sorted(
        f"Feuille « {sheet} », ligne 3, colonne « {header} » : valeur obligatoire."
        for sheet, header in (
            ("Conventions", "Intitulé"),
            ("Conventions", "Pilote"),
            ("Échéanciers", "Payeur"),
            ("Échéanciers", "Modalité"),
        )
    )


def test_a_workbook_over_the_size_limit_is_refused_before_it_is_read(
    client, agent, settings, monkeypatch
):
    def never(*args, **kwargs):
        raise AssertionError("the workbook was read")

    monkeypatch.setattr("reperes.conventions.views_import.check_upload", never)
    settings.REPERES_IMPORT_MAX_BYTES = 1000
    response = _post(client, agent, _workbook(CONVENTIONS, CLAUSES))
    assert response.status_code == 200
    assert "Le fichier dépasse la taille autorisée" in _page(response)
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()


def test_the_import_page_lists_the_columns_of_every_sheet(client, agent):
    client.force_login(agent)
    page = _page(client.get(reverse("conventions:import")))
    for caption in ("« Conventions »", "« Clauses »", "« Échéanciers » (facultative)"):
        assert f"<caption>Feuille {caption} :" in page
    assert '<th scope="row">Référence de la convention</th><td>Oui</td><td>—</td>' in page
    assert '<th scope="row">document</th><td>Selon la nature</td>' in page
    assert '<button type="submit" class="primary">Importer</button>' in page


def test_the_conventions_list_links_to_the_import_for_funders(client, world):
    client.force_login(world["users"]["departement_agent"])
    assert reverse("conventions:import") in _page(client.get(reverse("conventions:list")))
    client.force_login(world["users"]["director_a"])
    assert reverse("conventions:import") not in _page(client.get(reverse("conventions:list")))


def _ods(sheets, *, formula=False) -> bytes:
    """An OpenDocument workbook as LibreOffice writes one: typed cells, and each table ending in
    a million repeated empty rows of a thousand repeated empty cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    template = load_workbook(io.BytesIO(template_workbook()))
    for name, rows in sheets.items():
        table = Table(name=name)
        headers = [c.value for c in template[name][1]]
        for values in [dict(zip(headers, headers, strict=True)), *rows]:
            row = TableRow()
            for header in headers:
                value = values.get(header)
                if value is None:
                    row.addElement(TableCell())
                elif isinstance(value, date):
                    row.addElement(TableCell(valuetype="date", datevalue=value.isoformat()))
                elif isinstance(value, int):
                    row.addElement(TableCell(valuetype="float", value=value))
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                    row.addElement(cell)
            table.addElement(row)
        if formula:
            row = TableRow()
            row.addElement(TableCell(formula="of:=1+1", valuetype="float", value=2))
            table.addElement(row)
        empty = TableRow(numberrowsrepeated=1048000)
        empty.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(empty)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_an_opendocument_workbook_is_imported_too(client, agent):
    content = _ods({"Conventions": CONVENTIONS, "Clauses": CLAUSES, "Échéanciers": SCHEDULES[:1]})
    response = _post(client, agent, content, name="conventions.ods")
    summary = response.context["plan"].summary
    assert (summary["convention_create"], summary["clause_create"]) == (2, 4)
    assert summary["schedule_create"] == 1
    first = Convention.objects.get(reference="CD26-001")
    assert (first.ends_on, first.withdrawal_notice_value) == (date(2028, 12, 31), 6)
    due = first.clauses.get(key="compte-rendu-financier").params["due"]
    assert due == {"rule": "after_period", "value": 6, "unit": "months"}
    again = _post(client, agent, content, name="conventions.ods").context["plan"].summary
    assert again["convention_unchanged"] == 2
    assert again["clause_unchanged"] == 4


def test_an_opendocument_workbook_goes_through_the_guard(client, agent):
    content = _ods({"Conventions": CONVENTIONS, "Clauses": []}, formula=True)
    response = _post(client, agent, content, name="conventions.ods")
    assert "Feuille « Conventions », ligne 4 : les formules sont refusées" in _page(response)
    response = _post(client, agent, _workbook(CONVENTIONS, CLAUSES), name="conventions.ods")
    assert "Ce fichier n'est pas un classeur OpenDocument .ods." in _page(response)
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()


def _with_entry(content: bytes, name: str, data: bytes) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    return buffer.getvalue()


def test_an_opendocument_workbook_with_macros_or_entities_is_refused(client, agent):
    content = _ods({"Conventions": CONVENTIONS, "Clauses": []})
    with_macro = _with_entry(content, "Basic/Standard/Module1.xml", b"<module/>")
    response = _post(client, agent, with_macro, name="conventions.ods")
    assert "Ce classeur contient des macros" in _page(response)
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    )
    response = _post(client, agent, _with_entry(content, "content.xml", bomb), name="c.ods")
    assert "Ce classeur contient du XML dangereux : il est refusé." in _page(response)
    assert not Convention.objects.filter(reference__startswith="CD26-").exists()
