"""One guard for every spreadsheet and document uploaded to the platform.

Spreadsheets (XLSX, an Office Open XML zip): the upload's size, then — before anything is
decompressed — the zip directory's declared sizes, the compression ratio and the number of
entries (« bombe zip »; Python's zipfile never inflates an entry past its declared size), no
macros (``vbaProject.bin``), no links to other files (``xl/externalLinks/``); then a streaming
read (openpyxl ``read_only``, no formula evaluated, XML through defusedxml) that the caller caps
in rows and cells with ``capped_rows``.

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
from dataclasses import dataclass
from typing import Any

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
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise UploadRefused("Ce classeur contient trop d'éléments pour un tableau.")
    total = sum(e.file_size for e in entries)
    compressed = sum(e.compress_size for e in entries) or 1
    if total > limits.max_uncompressed or total / compressed > limits.max_ratio:
        raise UploadRefused(
            "Ce classeur se décompresse en un volume anormal (« bombe zip ») : il est refusé."
        )
    names = {e.filename for e in entries}
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


def capped_rows(sheet: Any, limits: SheetLimits, min_row: int = 1) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows (cells) as they are streamed, refusing past the row or cell caps."""
    rows = sheet.iter_rows(min_row=min_row, max_col=limits.max_columns)
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows:
            raise UploadRefused(
                f"Le tableau dépasse {limits.max_rows} lignes : ce n'est pas le fichier attendu."
            )
        yield row


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


def guard_pdf(upload: Any) -> ContentFile | None:
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
