"""One guard for every spreadsheet and document uploaded to the platform.

Spreadsheets (XLSX, an Office Open XML zip): the upload's size, then — before anything is
decompressed — the zip directory's declared sizes, the compression ratio and the number of
entries (« bombe zip »; Python's zipfile never inflates an entry past its declared size), no
macros (``vbaProject.bin``), no links to other files (``xl/externalLinks/``); then a streaming
read (openpyxl ``read_only``, no formula evaluated, XML through defusedxml) that the caller caps
in rows and cells with ``capped_rows``.

OpenDocument spreadsheets (ODS, also a zip): the same size and zip-bomb checks on the
directory, no macros (``Basic/``, ``Scripts/``), the declared type; then ``content.xml`` read
through defusedxml, repeated empty rows and cells counted but never expanded, formulas marked
for the caller to refuse, the same row and cell caps.

PDF documents: the size, the ``%PDF-`` header, and no active content — JavaScript (``/JS``,
``/JavaScript``, also behind ``/OpenAction`` or ``/AA``), ``/Launch``, embedded files — looked
for in the file and in its compressed streams, with the PDF's ``#xx`` name escapes undone.
The file is then stored under a server-chosen random name with the extension of the detected
type (``.pdf``), never the name or extension the uploader gave.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile

ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"


class UploadRefused(ValidationError):
    """The file is refused whole; the message says why, in French."""


@dataclass(frozen=True)
class SheetLimits:
    max_bytes: int
    max_uncompressed: int = 50 * 1024 * 1024
    max_ratio: int = 100
    max_entries: int = 500
    max_rows: int = 5000
    max_columns: int = 50


def _megabytes(size: int) -> str:
    return f"{size // 1024} Ko" if size < 1024 * 1024 else f"{size // (1024 * 1024)} Mo"


# ---------------------------------------------------------------- spreadsheets
def check_xlsx(content: bytes, limits: SheetLimits) -> None:
    """The file as a zip, judged on its directory alone (nothing is decompressed)."""
    if len(content) > limits.max_bytes:
        raise UploadRefused(
            f"Le fichier dépasse la taille autorisée ({_megabytes(limits.max_bytes)})."
        )
    if not content.startswith(ZIP_MAGIC):
        raise UploadRefused(
            "Ce fichier n'est pas un classeur Excel .xlsx (un fichier CSV ou .xls renommé ?) : "
            "enregistrez-le au format « Classeur Excel (.xlsx) »."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UploadRefused("Ce classeur est endommagé : il ne peut pas être ouvert.") from exc
    with archive:
        _check_archive(archive, limits)


def _check_archive(archive: zipfile.ZipFile, limits: SheetLimits) -> None:
    names = _check_zip(archive, limits)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadRefused(
            "Ce classeur contient des macros : il est refusé. Enregistrez-le au format .xlsx "
            "sans macros."
        )
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise UploadRefused(
            "Ce classeur contient des liaisons vers d'autres fichiers : collez les valeurs "
            "seules, sans liaison."
        )
    if "xl/workbook.xml" not in names:
        raise UploadRefused("Ce fichier n'est pas un classeur Excel .xlsx.")


def _check_zip(archive: zipfile.ZipFile, limits: SheetLimits) -> set[str]:
    """The number of entries and the declared sizes (« bombe zip »); the entries' names."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise UploadRefused("Ce classeur contient trop d'éléments pour un tableau.")
    total = sum(e.file_size for e in entries)
    compressed = sum(e.compress_size for e in entries) or 1
    if total > limits.max_uncompressed or total / compressed > limits.max_ratio:
        raise UploadRefused(
            "Ce classeur se décompresse en un volume anormal (« bombe zip ») : il est refusé."
        )
    return {e.filename for e in entries}


def open_xlsx(content: bytes, limits: SheetLimits) -> Any:
    """The checked workbook, opened for a streaming read (the caller closes it)."""
    from openpyxl import load_workbook

    check_xlsx(content, limits)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise unreadable(exc) from exc


def unreadable(exc: BaseException) -> UploadRefused:
    """The refusal for a workbook openpyxl could not read (dangerous XML, or damaged)."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    for _ in range(10):  # openpyxl wraps defusedxml's refusal; a chain of causes is short
        if cause is None:
            break
        if isinstance(cause, DefusedXmlException):
            return UploadRefused("Ce classeur contient du XML dangereux : il est refusé.")
        cause = cause.__cause__ or cause.__context__
    return UploadRefused("Ce classeur est endommagé : il ne peut pas être lu.")


@contextmanager
def refusals_as(refused: type[Exception]) -> Iterator[None]:
    """Within the block, the guard's refusal, or whatever openpyxl raises on a malformed
    workbook (``unreadable``), becomes the caller's ``refused`` with the French message;
    ``refused`` raised by the caller's own reading passes as it is."""
    try:
        yield
    except refused:
        raise
    except UploadRefused as refusal:
        raise refused(refusal.messages[0]) from refusal
    except Exception as exc:  # openpyxl raises many kinds on a malformed file
        raise refused(unreadable(exc).messages[0]) from exc


def capped_rows(sheet: Any, limits: SheetLimits, min_row: int = 1) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows (cells) as they are streamed, refusing past the row or cell caps."""
    rows = sheet.iter_rows(min_row=min_row, max_col=limits.max_columns)
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows:
            raise UploadRefused(
                f"Le tableau dépasse {limits.max_rows} lignes : ce n'est pas le fichier attendu."
            )
        yield row


# ---------------------------------------------------------------- OpenDocument spreadsheets
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


@dataclass(frozen=True)
class SheetCell:
    """A cell read from an ODS table, shaped like openpyxl's (``data_type`` "f": a formula)."""

    value: Any
    data_type: str = "s"


def check_ods(content: bytes, limits: SheetLimits) -> zipfile.ZipFile:
    """The ODS file as a zip judged on its directory (size, « bombe zip », macros, type); the
    caller closes the archive returned."""
    if len(content) > limits.max_bytes:
        raise UploadRefused(
            f"Le fichier dépasse la taille autorisée ({_megabytes(limits.max_bytes)})."
        )
    if not content.startswith(ZIP_MAGIC):
        raise UploadRefused("Ce fichier n'est pas un classeur OpenDocument .ods.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise UploadRefused("Ce classeur est endommagé : il ne peut pas être ouvert.") from exc
    try:
        names = _check_zip(archive, limits)
        if any(n.startswith(("Basic/", "Scripts/")) for n in names):
            raise UploadRefused(
                "Ce classeur contient des macros : il est refusé. Enregistrez-le au format .ods "
                "sans macros."
            )
        if "content.xml" not in names or "mimetype" not in names:
            raise UploadRefused("Ce fichier n'est pas un classeur OpenDocument .ods.")
        if archive.read("mimetype").strip() != ODS_MIMETYPE:
            raise UploadRefused("Ce fichier n'est pas un classeur OpenDocument .ods.")
    except BaseException:
        archive.close()
        raise
    return archive


def read_ods(content: bytes, limits: SheetLimits) -> dict[str, list[tuple[int, list[SheetCell]]]]:
    """Each table's non-empty rows ``(line, cells)``, read from ``content.xml`` through
    defusedxml; repeated empty rows and columns (the end of every LibreOffice table) are
    counted, never expanded; the row and cell caps hold as for XLSX."""
    from defusedxml import ElementTree

    with check_ods(content, limits) as archive:
        xml = archive.read("content.xml")
    try:
        root = ElementTree.fromstring(xml)
    except Exception as exc:  # defusedxml's refusals and malformed XML alike
        raise unreadable(exc) from exc
    tables: dict[str, list[tuple[int, list[SheetCell]]]] = {}
    for table in root.iter(f"{{{_TABLE}}}table"):
        tables[table.get(f"{{{_TABLE}}}name", "")] = _ods_rows(table, limits)
    return tables


def _ods_rows(table: Any, limits: SheetLimits) -> list[tuple[int, list[SheetCell]]]:
    rows: list[tuple[int, list[SheetCell]]] = []
    line = 0
    for row in table.iter(f"{{{_TABLE}}}table-row"):
        repeat = _repeat(row, "number-rows-repeated")
        cells = _ods_cells(row, limits)
        if not any(c.value is not None for c in cells):
            line += repeat
            continue
        if repeat > limits.max_rows:
            raise UploadRefused(
                f"Le tableau dépasse {limits.max_rows} lignes : ce n'est pas le fichier attendu."
            )
        for _ in range(repeat):
            line += 1
            rows.append((line, cells))
        if len(rows) > limits.max_rows:
            raise UploadRefused(
                f"Le tableau dépasse {limits.max_rows} lignes : ce n'est pas le fichier attendu."
            )
    return rows


def _repeat(element: Any, name: str) -> int:
    try:
        return max(1, int(element.get(f"{{{_TABLE}}}{name}", "1")))
    except ValueError:
        return 1


def _ods_cells(row: Any, limits: SheetLimits) -> list[SheetCell]:
    cells: list[SheetCell] = []
    for cell in row:
        if cell.tag not in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
            continue
        value = _ods_value(cell)
        repeat = _repeat(cell, "number-columns-repeated")
        kind = "f" if cell.get(f"{{{_TABLE}}}formula") else "s"
        room = limits.max_columns - len(cells)
        if room <= 0:
            break
        cells.extend([SheetCell(value, kind)] * min(repeat, room))
    while cells and cells[-1].value is None and cells[-1].data_type != "f":
        cells.pop()
    return cells


def _ods_value(cell: Any) -> Any:
    from datetime import date, datetime

    kind = cell.get(f"{{{_OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        raw = cell.get(f"{{{_OFFICE}}}value", "")
        try:
            number = float(raw)
        except ValueError:
            return raw
        return int(number) if number.is_integer() else number
    if kind == "date":
        raw = cell.get(f"{{{_OFFICE}}}date-value", "")
        try:
            return datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        except ValueError:
            return raw
    if kind == "boolean":
        return cell.get(f"{{{_OFFICE}}}boolean-value") == "true"
    text = "\n".join("".join(p.itertext()) for p in cell if p.tag.endswith("}p"))
    return text if text.strip() else None


# ---------------------------------------------------------------- PDF documents
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTIVE = (
    (rb"/JavaScript", "du JavaScript"),
    (rb"/JS", "du JavaScript"),
    (rb"/Launch", "une commande à lancer"),
    (rb"/EmbeddedFiles", "des fichiers joints"),
    (rb"/EmbeddedFile", "des fichiers joints"),
    (rb"/RichMedia", "un contenu multimédia actif"),
    (rb"/XFA", "un formulaire dynamique (XFA)"),
)


def _pdf_texts(content: bytes, budget: int) -> Iterator[bytes]:
    """The file, then each compressed stream inflated (object streams hide dictionaries)."""
    yield content
    for match in _STREAM.finditer(content):
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(match.group(1), budget + 1)
        except zlib.error:
            continue
        budget -= len(data)
        if budget < 0:
            raise UploadRefused("Ce PDF se décompresse en un volume anormal : il est refusé.")
        yield data


def check_pdf_content(content: bytes) -> None:
    if not content.startswith(PDF_MAGIC):
        raise UploadRefused("Le document doit être un fichier PDF.")
    budget = settings.MAX_DOCUMENT_SIZE * 20
    for text in _pdf_texts(content, budget):
        plain = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text)
        for token, what in _ACTIVE:
            if re.search(re.escape(token) + rb"(?![A-Za-z])", plain):
                raise UploadRefused(
                    f"Ce PDF contient {what} : il est refusé. Enregistrez-le à nouveau "
                    "(« Imprimer › PDF ») pour n'en garder que le texte et les images."
                )


def guard_pdf(upload: Any) -> ContentFile[bytes] | FieldFile | Literal[False] | None:
    """The uploaded PDF, checked, as a new file under a random name ending in ``.pdf``
    (``None`` stays ``None`` for an optional field)."""
    if upload is None or upload is False or isinstance(upload, FieldFile):
        return upload  # nothing uploaded (or the file already stored, kept as it is)
    limit = settings.MAX_DOCUMENT_SIZE
    if upload.size is not None and upload.size > limit:  # refused before it is read
        raise UploadRefused(f"Le fichier dépasse la taille autorisée ({_megabytes(limit)}).")
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise UploadRefused(f"Le fichier dépasse la taille autorisée ({_megabytes(limit)}).")
    check_pdf_content(content)
    return ContentFile(content, name=f"{uuid.uuid4().hex}.pdf")
