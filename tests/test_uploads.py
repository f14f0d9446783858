"""The one upload guard (reperes/core/uploads.py): issue 9 points 5 and 9.

- a submission workbook small on disk but huge once decompressed (« bombe zip ») is refused
  in French before any row is parsed (openpyxl is never asked to open it);
- a workbook with too many rows is refused while it is streamed, with one message;
- a PDF with JavaScript, an automatic action, a launch or an embedded file is refused, in
  the file or hidden in a compressed object stream, or behind ``#xx`` name escapes;
- the signed convention is stored under a random name ending in ``.pdf`` whatever the
  uploader called it (``polyglot.html``).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reperes.conventions.models import Convention
from reperes.core.uploads import UploadRefused, check_pdf_content, guard_pdf, refusals_as
from reperes.reporting import actions_submissions as actions
from reperes.reporting.spreadsheet_submissions import read_upload, template_xlsx

CLEAN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n"


@pytest.fixture
def draft(world):
    return actions.start_submission(world["users"]["director_a"], world["services"]["a"], 2022)


def _parts(workbook: bytes) -> dict[str, bytes]:
    """The files inside an xlsx workbook (a zip), by name, in the zip's order."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as source:
        return {info.filename: source.read(info.filename) for info in source.infolist()}


def _zipped(parts: dict[str, bytes], compresslevel: int | None = None) -> bytes:
    """The workbook made of ``parts`` again, compressed as an xlsx is."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data, compresslevel=compresslevel)
    return out.getvalue()


def _bomb(template: bytes, rows: int) -> bytes:
    """The submission's own template, its data sheet swollen to ``rows`` identical lines:
    a few hundred kilobytes on disk, tens of megabytes declared in the zip's directory."""
    line = (
        '<row><c t="inlineStr"><is><t>hours</t></is></c><c><v>1</v></c>'
        '<c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'
    )
    parts = _parts(template)
    data = parts["xl/worksheets/sheet1.xml"]
    head, _, rest = data.partition(b"<sheetData>")
    data = head + b"<sheetData>" + line.encode() * rows + b"</sheetData>"
    data += rest.partition(b"</sheetData>")[2]
    # Without a declared dimension, a streaming reader reads every line.
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"<dimension [^>]*/>", b"", data)
    return _zipped(parts, compresslevel=9)


def test_a_zip_bomb_is_refused_before_any_row_is_parsed(client, world, draft, monkeypatch):
    bomb = _bomb(template_xlsx(draft), rows=200_000)
    assert len(bomb) < 512 * 1024  # under the size limit, as in the issue
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert declared > 20 * 1024 * 1024

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened: its rows would have been parsed")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    client.force_login(world["users"]["director_a"])
    url = reverse("reporting:submission_upload", kwargs={"pk": draft.public_id})
    response = client.post(url, {"file": SimpleUploadedFile("remontee.xlsx", bomb)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "bombe zip" in page
    assert len(response.content) < 200_000  # one message, not one per line
    assert not draft.values.exists()


def test_too_many_rows_are_refused_while_streaming(draft):
    # A modest file (ratio and size within the limits) that carries far too many lines.
    content = _bomb(template_xlsx(draft), rows=2_000)
    result = read_upload(content, draft)
    assert result.entries == {}
    assert len(result.errors) == 1
    assert "lignes" in result.errors[0]


class Refused(Exception):
    """An importer's own refusal, as the conventions' and the field work's importers have."""


@pytest.mark.parametrize(
    ("raised", "message"),
    [
        (UploadRefused("Le fichier dépasse 5 Mo."), "Le fichier dépasse 5 Mo."),
        (KeyError("xl/workbook.xml"), "Ce classeur est endommagé : il ne peut pas être lu."),
        (Refused("La feuille « Clauses » est vide."), "La feuille « Clauses » est vide."),
    ],
    ids=["guard", "openpyxl", "own"],
)
def test_an_importer_sees_every_refusal_as_its_own(raised, message):
    with pytest.raises(Refused) as refusal, refusals_as(Refused):
        raise raised
    assert str(refusal.value) == message
    assert refusal.value is raised or refusal.value.__cause__ is raised


def test_a_workbook_with_macros_is_refused(draft):
    parts = _parts(template_xlsx(draft))
    parts["xl/vbaProject.bin"] = b"\x00" * 100
    result = read_upload(_zipped(parts), draft)
    assert "macros" in result.errors[0]


def _pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\n%%EOF\n"


@pytest.mark.parametrize(
    "body",
    [
        b"1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        b"1 0 obj << /Type /Catalog /AA << /O 2 0 R >> >> 2 0 obj << /S /JS /JS (x) >>",
        b"1 0 obj << /S /Launch /F (calc.exe) >> endobj",
        b"1 0 obj << /Names << /EmbeddedFiles 2 0 R >> >> endobj",
        b"1 0 obj << /S /J#61vaScript /J#53 (x) >> endobj",  # name escapes
        b"1 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
        + zlib.compress(b"<< /OpenAction << /S /JavaScript /JS (x) >> >>")
        + b"\nendstream",
    ],
)
def test_a_pdf_with_active_content_is_refused(body):
    with pytest.raises(UploadRefused) as refusal:
        check_pdf_content(_pdf(body))
    assert "Ce PDF contient" in refusal.value.messages[0]


def test_a_plain_pdf_passes_and_gets_a_random_pdf_name():
    stored = guard_pdf(SimpleUploadedFile("polyglot.html", CLEAN_PDF))
    assert stored.name.endswith(".pdf")
    assert "polyglot" not in stored.name
    assert stored.read() == CLEAN_PDF
    with pytest.raises(UploadRefused):
        guard_pdf(SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>"))


def test_the_signed_convention_refuses_javascript_and_keeps_no_uploader_name(client, world):
    convention = world["conventions"]["a"]
    client.force_login(world["users"]["departement_agent"])
    url = reverse("conventions:upload", kwargs={"pk": convention.pk})
    hostile = _pdf(b"1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>")
    response = client.post(url, {"document": SimpleUploadedFile("c.pdf", hostile)})
    assert "JavaScript" in response.content.decode()
    assert not Convention.objects.get(pk=convention.pk).signed_document

    response = client.post(url, {"document": SimpleUploadedFile("polyglot.html", CLEAN_PDF)})
    assert response.status_code == 302
    stored = Convention.objects.get(pk=convention.pk).signed_document.name
    assert stored.endswith(".pdf")
    assert "polyglot" not in stored


def test_meeting_and_staff_documents_go_through_the_guard():
    from reperes.governance.forms import DocumentReceiveForm
    from reperes.people.forms import FinancialDocumentForm

    hostile = _pdf(b"1 0 obj << /S /Launch /F (calc.exe) >> endobj")
    form = DocumentReceiveForm(
        {"received_on": "2024-01-02"}, {"file": SimpleUploadedFile("d.pdf", hostile)}
    )
    assert not form.is_valid()
    assert "commande" in str(form.errors["file"])
    form = FinancialDocumentForm(
        {"kind": "budget", "year": 2024, "received_on": "2024-01-02"},
        {"file": SimpleUploadedFile("d.pdf", hostile)},
    )
    assert not form.is_valid()
    assert "commande" in str(form.errors["file"])
