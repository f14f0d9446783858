"""Import of a service's accompaniment table (seed 000 annex 2): pseudonymous, previewed row by
row, all-or-nothing, idempotent, and hostile files refused with nothing written."""

from __future__ import annotations

import html
import io
import os
import time
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import AccessAction, EntryMode, ExitReason, Gender, Situation
from reperes.fieldwork.importing.columns import COLUMNS, import_key
from reperes.fieldwork.importing.read import check_upload
from reperes.fieldwork.importing.views import SESSION_KEY, UPLOAD_DIR, purge_stale_uploads
from reperes.fieldwork.models import AccessLogEntry, Accompaniment, Partner, Youth
from reperes.partners.models import Quartier
from tests.factories import CommuneFactory
from tests.fieldwork.factories import AccompanimentFactory, PartnerFactory, YouthFactory

HEADERS = [c.header for c in COLUMNS]
IMPORT = reverse("fieldwork:import")
PREVIEW = reverse("fieldwork:import_preview")


def row(**overrides):
    values = {
        "Code du jeune": "J-0001",
        "Genre": "F",
        "Année de naissance": 2008,
        "Commune": "Valbourg",
        "Quartier": "Les Tilleuls",
        "Situation": "En scolarité",
        "Date de début": datetime(2024, 3, 15),
        "Date de fin": None,
        "Mode d'entrée": "Travail de rue",
        "Partenaire orienteur": None,
        "Problématiques": "Santé ; Logement",
        "Réponses apportées": "Écoute et soutien éducatif",
        "Intensité": "Régulier",
        "Motif de fin": None,
    }
    values.update(overrides)
    return values


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Accompagnements"
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "suivi.xlsx"):
    return client.post(IMPORT, {"fichier": SimpleUploadedFile(name, content)})


def counts():
    return (Youth.objects.count(), Accompaniment.objects.count(), AccessLogEntry.objects.count())


def pending_files():
    if not default_storage.exists(UPLOAD_DIR):
        return []
    return default_storage.listdir(UPLOAD_DIR)[1]


def snapshot():
    through = Accompaniment.problems.through, Accompaniment.responses.through
    return {
        "youths": list(Youth.objects.order_by("pk").values()),
        "accompaniments": list(Accompaniment.objects.order_by("pk").values()),
        "problems": list(through[0].objects.order_by("pk").values()),
        "responses": list(through[1].objects.order_by("pk").values()),
        "partners": list(Partner.objects.order_by("pk").values()),
        "log": list(AccessLogEntry.objects.order_by("pk").values()),
        "audit": AuditEntry.objects.count(),
    }


@pytest.fixture(autouse=True)
def _no_waiting_files():
    """The test storage outlives a test: start and end each one with no waiting file."""
    for name in pending_files():
        default_storage.delete(f"{UPLOAD_DIR}/{name}")
    yield
    for name in pending_files():
        default_storage.delete(f"{UPLOAD_DIR}/{name}")


@pytest.fixture
def service(world):
    service = world["services"]["a"]
    commune = CommuneFactory(name="Valbourg", insee_code="99101")
    service.communes.add(commune)
    Quartier.objects.create(commune=commune, name="Les Tilleuls")
    return service


@pytest.fixture
def educator(client, world, service):
    client.force_login(world["users"]["educator_a"])
    return client


# ---------------------------------------------------------------- the happy path
@pytest.mark.usefixtures("service")
def test_template_has_the_columns_and_the_lists(educator):
    response = educator.get(reverse("fieldwork:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Accompagnements"][1]] == HEADERS
    lists = workbook["Listes"]
    columns = {lists.cell(1, i).value: i for i in range(1, lists.max_column + 1)}
    problems = [lists.cell(r, columns["Problématiques"]).value for r in range(2, 10)]
    assert "Santé" in problems
    assert "Logement" in problems
    assert lists.cell(2, columns["Communes du service"]).value == "Valbourg (99101)"
    # The template, filled in, imports as it is.
    sheet = workbook["Accompagnements"]
    sheet.append([row().get(h) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(check_upload("modele.xlsx", buffer.getvalue())) == 1


def test_the_import_page_lists_the_columns(educator):
    page = html.unescape(educator.get(reverse("fieldwork:import")).content.decode())
    assert '<caption class="visually-hidden">Colonnes attendues' in page
    assert '<th scope="col">Valeur</th>' in page
    assert (
        '<th scope="row">Genre</th><td>Oui</td><td>F, G ou X (Fille, Garçon, Non précisé)</td>'
        in page
    )
    assert "<td>Non</td><td>Une valeur de la feuille « Listes » du modèle</td>" in page
    assert '<button type="submit" class="primary">Vérifier le fichier</button>' in page


def test_upload_preview_confirm_creates_records_with_access_log(educator, world, service):
    content = xlsx(
        [
            row(),
            row(
                **{
                    "Date de début": "01/09/2024",
                    "Date de fin": datetime(2024, 12, 20),
                    "Motif de fin": "Objectifs atteints",
                    "Partenaire orienteur": "Collège des Essais",
                    "Mode d'entrée": "orientation par un partenaire",
                }
            ),
            row(
                **{
                    "Code du jeune": "2024-017",
                    "Genre": "Garçon",
                    "Commune": "99101",
                    "Quartier": None,
                    "Année de naissance": None,
                    "Situation": None,
                    "Problématiques": None,
                    "Réponses apportées": None,
                    "Intensité": None,
                }
            ),
        ]
    )
    response = upload(educator, content)
    assert response.status_code == 302
    assert response["Location"] == PREVIEW
    assert "?" not in response["Location"]
    assert len(pending_files()) == 1
    assert counts() == (0, 0, 0)

    preview = educator.get(PREVIEW)
    assert preview.status_code == 200
    assert preview.context["summary"] == {
        "youth_create": 2,
        "youth_update": 0,
        "youth_unchanged": 0,
        "accompaniment_create": 3,
        "accompaniment_update": 0,
        "accompaniment_unchanged": 0,
        "partner_create": 1,
    }
    assert "Confirmer l'import" in preview.content.decode()

    done = educator.post(PREVIEW, {"confirmer": "1"})
    assert done.status_code == 302
    assert done["Location"] == IMPORT
    assert pending_files() == []
    assert SESSION_KEY not in educator.session

    first = Youth.objects.get(service=service, pseudonym="J-0001")
    assert (first.gender, first.birth_year, first.situation) == (Gender.GIRL, 2008, "school")
    assert first.commune.insee_code == "99101"
    assert first.quartier.name == "Les Tilleuls"
    assert first.first_met_on == date(2024, 3, 15)
    assert not first.has_identity
    ongoing, closed = first.accompaniments.order_by("started_on")
    assert sorted(ongoing.problems.values_list("label", flat=True)) == ["Logement", "Santé"]
    assert list(ongoing.responses.values_list("label", flat=True)) == ["Écoute et soutien éducatif"]
    assert ongoing.ended_on is None
    assert ongoing.entry_mode == EntryMode.STREET_WORK
    assert closed.ended_on == date(2024, 12, 20)
    assert closed.exit_reason == ExitReason.OBJECTIVES_MET
    assert closed.orienting_partner.name == "Collège des Essais"
    assert closed.orienting_partner.service == service
    assert closed.import_key == import_key(service.pk, "J-0001", date(2024, 9, 1))
    other = Youth.objects.get(pseudonym="2024-017")
    assert other.gender == Gender.BOY
    assert other.situation == Situation.UNKNOWN
    # One access-log entry per youth, written by the importer.
    log = AccessLogEntry.objects.filter(action=AccessAction.IMPORT)
    assert sorted(e.youth_public_id for e in log) == sorted([first.public_id, other.public_id])
    assert {e.user for e in log} == {world["users"]["educator_a"]}
    entry = AuditEntry.objects.get(action="fieldwork.import")
    assert entry.data["accompaniment_create"] == 3
    assert "J-0001" not in entry.summary


@pytest.mark.usefixtures("service")
def test_importing_the_same_file_twice_changes_nothing(educator):
    content = xlsx(
        [
            row(),
            row(**{"Code du jeune": "J-0002", "Partenaire orienteur": "Mission locale test"}),
        ]
    )
    upload(educator, content)
    educator.post(PREVIEW, {"confirmer": "1"})
    before = snapshot()

    upload(educator, content)
    preview = educator.get(PREVIEW)
    assert preview.context["summary"]["accompaniment_unchanged"] == 2
    assert preview.context["summary"]["youth_unchanged"] == 2
    assert "Confirmer l'import" not in preview.content.decode()
    educator.post(PREVIEW, {"confirmer": "1"})  # even forced, it writes nothing

    assert snapshot() == before


@pytest.mark.usefixtures("service")
def test_a_changed_row_updates_the_accompaniment_it_matches(educator):
    upload(educator, xlsx([row()]))
    educator.post(PREVIEW, {"confirmer": "1"})
    accompaniment = Accompaniment.objects.get()
    closed = row(**{"Date de fin": datetime(2024, 6, 30), "Motif de fin": "Déménagement"})

    upload(educator, xlsx([closed]))
    preview = educator.get(PREVIEW)
    assert preview.context["summary"]["accompaniment_update"] == 1
    assert "date de fin" in preview.content.decode()
    educator.post(PREVIEW, {"confirmer": "1"})

    accompaniment.refresh_from_db()
    assert (accompaniment.ended_on, accompaniment.exit_reason) == (date(2024, 6, 30), "moved")
    assert Accompaniment.objects.count() == 1
    assert AccessLogEntry.objects.filter(action=AccessAction.IMPORT).count() == 2
    assert AccessLogEntry.objects.order_by("-pk").first().fields == ["accompaniments"]


def test_a_youth_recorded_by_hand_is_found_by_its_code(educator, service):
    youth = YouthFactory(service=service, pseudonym="J-0001", birth_year=2007)
    by_hand = AccompanimentFactory(youth=youth, started_on=date(2024, 3, 15))

    upload(educator, xlsx([row()]))
    summary = educator.get(PREVIEW).context["summary"]
    assert summary["youth_update"] == 1
    assert summary["accompaniment_update"] == 1
    educator.post(PREVIEW, {"confirmer": "1"})

    assert Youth.objects.count() == 1
    assert Accompaniment.objects.count() == 1
    youth.refresh_from_db()
    by_hand.refresh_from_db()
    assert youth.birth_year == 2008
    assert by_hand.import_key == import_key(service.pk, "J-0001", date(2024, 3, 15))


def test_an_existing_partner_is_matched_whatever_the_case(educator, service):
    partner = PartnerFactory(service=service, name="Mission Locale du Val")
    upload(educator, xlsx([row(**{"Partenaire orienteur": "mission locale du val"})]))
    assert educator.get(PREVIEW).context["plan"].new_partners == []
    educator.post(PREVIEW, {"confirmer": "1"})
    assert Accompaniment.objects.get().orienting_partner == partner


# ---------------------------------------------------------------- row errors
@pytest.mark.usefixtures("service")
def test_row_errors_are_listed_in_french_and_nothing_can_be_committed(educator):
    content = xlsx(
        [
            row(),
            row(**{"Code du jeune": "J-0002", "Date de début": "le 3 mars"}),
            row(**{"Code du jeune": "J-0003", "Problématiques": "Santé ; Astrologie"}),
            row(
                **{
                    "Code du jeune": "J-0004",
                    "Date de début": datetime(2024, 5, 1),
                    "Date de fin": datetime(2024, 4, 1),
                    "Motif de fin": "Autre",
                }
            ),
            row(**{"Code du jeune": "J-0005", "Date de fin": datetime(2024, 9, 1)}),
            row(**{"Code du jeune": "J-0006", "Genre": None, "Commune": "Atlantide"}),
            row(**{"Code du jeune": "Dupont"}),
            row(**{"Genre": "G"}),  # J-0001 again, on the same start date
        ]
    )
    assert upload(educator, content).status_code == 302
    preview = educator.get(PREVIEW)
    errors = preview.context["plan"].errors
    assert "Ligne 3, colonne Date de début : une date est attendue (JJ/MM/AAAA)." in errors
    assert any(e.startswith("Ligne 4, colonne Problématiques : « Astrologie »") for e in errors)
    assert "Ligne 5, colonne Date de fin : la fin ne peut précéder le début." in errors
    assert "Ligne 6, colonne Motif de fin : un accompagnement terminé a un motif de fin." in errors
    assert "Ligne 7, colonne Genre : cette valeur est obligatoire." in errors
    assert any(e.startswith("Ligne 7, colonne Commune : commune inconnue") for e in errors)
    assert any(e.startswith("Ligne 8, colonne Code du jeune") for e in errors)
    assert "Ligne 9 : même jeune et même date de début que la ligne 2." in errors
    page = preview.content.decode()
    assert "Confirmer l'import" not in page
    assert "rien ne peut être importé" in page

    response = educator.post(PREVIEW, {"confirmer": "1"})
    assert "rien n&#x27;a été importé" in response.content.decode()
    assert counts() == (0, 0, 0)
    assert not Partner.objects.exists()


@pytest.mark.usefixtures("service")
def test_one_youth_has_the_same_details_on_all_its_rows(educator):
    content = xlsx([row(), row(**{"Date de début": datetime(2024, 6, 1), "Genre": "G"})])
    upload(educator, content)
    errors = educator.get(PREVIEW).context["plan"].errors
    assert errors == [
        "Ligne 3 : le jeune J-0001 a un autre genre qu'à la ligne 2 ; une même personne a les "
        "mêmes informations sur toutes ses lignes."
    ]


@pytest.mark.usefixtures("service")
def test_an_ambiguous_commune_name_asks_for_the_insee_code(educator):
    CommuneFactory(name="Saint-Exemple", insee_code="99201")
    CommuneFactory(name="Saint-Exemple", insee_code="99301")
    upload(educator, xlsx([row(Commune="Saint-Exemple", Quartier=None)]))
    assert educator.get(PREVIEW).context["plan"].errors == [
        "Ligne 2, colonne Commune : plusieurs communes s'appellent « Saint-Exemple » : "
        "donnez le code INSEE."
    ]
    upload(educator, xlsx([row(Commune="99301", Quartier=None)]))
    assert not educator.get(PREVIEW).context["plan"].errors


# ---------------------------------------------------------------- refused files
def _refused(client, content, name="suivi.xlsx", expected=""):
    before = counts()
    response = upload(client, content, name)
    assert response.status_code == 200
    errors = response.context["form"].errors["fichier"]
    assert expected in " ".join(errors), errors
    assert counts() == before
    assert pending_files() == []
    assert SESSION_KEY not in client.session
    return errors


def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _entries(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.usefixtures("service")
def test_identity_columns_are_refused_whole(educator):
    headers = ["Nom", "Prénom", *HEADERS, "Téléphone"]
    content = xlsx([row(Nom="Imaginaire", Prénom="Camille", Téléphone="0600000000")], headers)
    (error,) = _refused(educator, content, expected="L'import est pseudonyme")
    assert "« Nom », « Prénom », « Téléphone »" in error
    assert "avec son accord" in error
    for header in ("Date de naissance", "Adresse postale", "Courriel"):
        _refused(educator, xlsx([row()], [*HEADERS, header]), expected="pseudonyme")


@pytest.mark.usefixtures("service")
def test_unknown_and_missing_columns_are_refused(educator):
    _refused(educator, xlsx([row()], [*HEADERS, "Remarques"]), expected="Colonne inconnue")
    _refused(educator, xlsx([row()], HEADERS[:-1]), expected="« Motif de fin »")


@pytest.mark.usefixtures("service")
def test_a_value_outside_the_columns_is_a_row_error(educator):
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx([row()])))
    workbook.active["P2"] = "Camille au 06 00 00 00 00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(educator, buffer.getvalue())
    assert educator.get(PREVIEW).context["plan"].errors == [
        "Ligne 2 : la cellule P2 est hors des colonnes du tableau ; videz-la."
    ]


@pytest.mark.usefixtures("service")
def test_a_csv_renamed_xlsx_is_refused(educator):
    csv = ";".join(HEADERS).encode() + b"\nJ-1;F;2008\n"
    _refused(educator, csv, expected="n'est pas un classeur Excel .xlsx")


@pytest.mark.usefixtures("service")
def test_other_extensions_are_refused(educator):
    _refused(educator, xlsx([row()]), name="suivi.ods", expected="Seuls les classeurs")
    _refused(educator, xlsx([row()]), name="suivi.xlsm", expected="macros")


@pytest.mark.usefixtures("service")
def test_a_workbook_with_macros_is_refused_even_renamed(educator):
    entries = _entries(xlsx([row()]))
    entries["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    _refused(educator, _zip(entries), expected="contient des macros")


@pytest.mark.usefixtures("service")
def test_a_workbook_with_external_links_is_refused(educator):
    entries = _entries(xlsx([row()]))
    entries["xl/externalLinks/externalLink1.xml"] = b"<externalLink/>"
    _refused(educator, _zip(entries), expected="liaisons vers d'autres fichiers")


@pytest.mark.usefixtures("service")
def test_a_zip_bomb_is_refused_before_it_is_inflated(educator):
    entries = _entries(xlsx([row()]))
    entries["xl/media/padding.bin"] = b"\0" * (60 * 1024 * 1024)
    bomb = _zip(entries)
    assert len(bomb) < 1024 * 1024  # small on the wire, 60 MB inflated
    _refused(educator, bomb, expected="bombe zip")
    # Under the size limit but inflating more than a hundredfold: refused too.
    entries = _entries(xlsx([row()]))
    entries["xl/media/padding.bin"] = b"\0" * (5 * 1024 * 1024)
    _refused(educator, _zip(entries), expected="bombe zip")


@pytest.mark.usefixtures("service")
def test_a_zip_that_is_not_a_workbook_is_refused(educator):
    _refused(educator, _zip({"hello.txt": b"bonjour"}), expected="n'est pas un classeur")
    _refused(educator, b"PK\x03\x04 truncated", expected="endommagé")


@pytest.mark.usefixtures("service")
def test_formulas_are_refused_with_their_cells(educator):
    content = xlsx([row(**{"Année de naissance": "=2024-16"})])
    (error,) = _refused(educator, content, expected="Formules refusées")
    assert "C2" in error
    for injected in ("@SUM(A1:A2)", "+33 6 00 00 00 00", "-2+3"):
        content = xlsx([row(**{"Partenaire orienteur": injected})])
        (error,) = _refused(educator, content, expected="Formules refusées")
        assert "J2" in error


@pytest.mark.usefixtures("service")
def test_xml_entities_are_refused(educator):
    """openpyxl reads through defusedxml: a « billion laughs » sheet is not expanded."""
    assert openpyxl.DEFUSEDXML
    entries = _entries(xlsx([row()]))
    sheet = entries["xl/worksheets/sheet1.xml"].decode()
    entries["xl/worksheets/sheet1.xml"] = sheet.replace(
        "<worksheet",
        '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet',
        1,
    ).encode()
    _refused(educator, _zip(entries), expected="XML dangereux")


@pytest.mark.usefixtures("service")
def test_too_many_rows_or_bytes_are_refused(educator, settings):
    assert settings.REPERES_IMPORT_MAX_ROWS == 5000
    assert settings.REPERES_IMPORT_MAX_BYTES == 5 * 1024 * 1024
    settings.REPERES_IMPORT_MAX_ROWS = 3
    rows = [row(**{"Code du jeune": f"J-{n:04d}"}) for n in range(4)]
    _refused(educator, xlsx(rows), expected="dépasse 3 lignes")
    settings.REPERES_IMPORT_MAX_ROWS = 5000
    settings.REPERES_IMPORT_MAX_BYTES = 1000
    _refused(educator, xlsx([row()]), expected="dépasse la taille autorisée")


@pytest.mark.usefixtures("service")
def test_an_empty_table_is_refused(educator):
    _refused(educator, xlsx([]), expected="aucune ligne")


# ---------------------------------------------------------------- the waiting file
@pytest.mark.usefixtures("service")
def test_cancel_deletes_the_waiting_file(educator):
    upload(educator, xlsx([row()]))
    assert len(pending_files()) == 1
    response = educator.post(PREVIEW, {"annuler": "1"})
    assert response["Location"] == IMPORT
    assert pending_files() == []
    assert counts() == (0, 0, 0)


@pytest.mark.usefixtures("service")
def test_a_waiting_file_expires_after_an_hour(educator):
    upload(educator, xlsx([row()]))
    session = educator.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "at": time.time() - 3601}
    session.save()
    response = educator.post(PREVIEW, {"confirmer": "1"})
    assert response["Location"] == IMPORT
    assert counts() == (0, 0, 0)
    assert pending_files() == []


@pytest.mark.usefixtures("db")
def test_stale_files_are_purged():
    old = default_storage.save(f"{UPLOAD_DIR}/{'a' * 43}.xlsx", ContentFile(b"x"))
    new = default_storage.save(f"{UPLOAD_DIR}/{'b' * 43}.xlsx", ContentFile(b"x"))
    two_hours_ago = time.time() - 7200
    os.utime(default_storage.path(old), (two_hours_ago, two_hours_ago))
    assert purge_stale_uploads() == 1
    assert not default_storage.exists(old)
    assert default_storage.exists(new)
    default_storage.delete(new)


@pytest.mark.usefixtures("service")
def test_a_waiting_file_belongs_to_its_service(client, world):
    client.force_login(world["users"]["educator_a"])
    upload(client, xlsx([row()]))
    session_key = client.session[SESSION_KEY]
    # A user of another service cannot reuse the same waiting file, even with its token.
    client.force_login(world["users"]["educator_b"])
    session = client.session
    session[SESSION_KEY] = session_key
    session.save()
    response = client.post(PREVIEW, {"confirmer": "1"})
    assert response["Location"] == IMPORT
    assert counts() == (0, 0, 0)


def test_the_director_imports_too_and_funders_get_a_404(client, world, service):
    client.force_login(world["users"]["departement_agent"])
    assert upload(client, xlsx([row()])).status_code == 404
    assert client.post(PREVIEW, {"confirmer": "1"}).status_code == 404
    client.force_login(world["users"]["director_a"])
    upload(client, xlsx([row()]))
    client.post(PREVIEW, {"confirmer": "1"})
    assert Youth.objects.get().service == service


@pytest.mark.usefixtures("service")
def test_a_convention_with_its_own_list_imports_its_own_labels(educator, world):
    from reperes.fieldwork.enums import ChoiceKind
    from reperes.fieldwork.models import ChoiceItem
    from reperes.fieldwork.youths.lists import copy_defaults

    convention = world["conventions"]["a"]
    copy_defaults(convention, ChoiceKind.PROBLEM)
    own = ChoiceItem.objects.create(
        kind=ChoiceKind.PROBLEM, convention=convention, label="Mobilité", order=99
    )
    upload(educator, xlsx([row(Problématiques="Mobilité ; Santé")]))
    educator.post(PREVIEW, {"confirmer": "1"})
    problems = Accompaniment.objects.get().problems.all()
    assert own in problems
    assert {p.convention for p in problems} == {convention}
