"""The files of a publication version (PDF, XLSX) as a funder asks for them: served as
stored once made, otherwise queued for the task worker with a page that shows the progress
(htmx asks the status every second: « En préparation… », « Prêt », « Échec : … »).

Who gets them is who reads the publication: the report pages' rule (``views_reports._read``:
``service_or_404``, then a visible publication); the service's staff asking for their live
report (no ``version``) get it made at once, with exact figures, by ``views_reports``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from reperes.accounts.http import SignedInRequest
from reperes.core import params

from . import publication_files
from .models import PublicationFile, PublicationFileFormat, PublicationFileStatus
from .views_publications import or_not_published
from .views_reports import AskedReport, _read

POLL_SECONDS = 1


def _links(asked: AskedReport, file_format: str) -> dict[str, str]:
    name = {"pdf": "reporting:report_pdf", "xlsx": "reporting:report_xlsx"}[file_format]
    pk = {"pk": asked.service.pk}
    return {
        "file": reverse(name, kwargs=pk) + asked.query,
        "status": reverse("reporting:report_file", kwargs=pk)
        + f"{asked.query}&format={file_format}",
        "report": reverse("reporting:report", kwargs=pk) + asked.query,
    }


def _context(
    asked: AskedReport, file_format: str, found: PublicationFile | None
) -> dict[str, object]:
    status = found.status if found is not None else None
    return {
        "asked": asked,
        "file": found,
        "format_label": PublicationFileFormat(file_format).label,
        "links": _links(asked, file_format),
        "absent": found is None,
        "ready": status == PublicationFileStatus.READY,
        "failed": status == PublicationFileStatus.FAILED,
        "poll": POLL_SECONDS,
    }


def _stored(found: PublicationFile, name: str) -> HttpResponse:
    """The stored file as an attachment that no cache keeps (read whole: a report's file is
    small, and the handle is closed at once)."""
    with found.file.open("rb") as handle:
        content = handle.read()
    file_format = PublicationFileFormat(found.format)
    response = HttpResponse(content, content_type=publication_files.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def download(request: HttpRequest, asked: AskedReport, file_format: str) -> HttpResponse:
    """The stored file, or the page that waits for it (the file is queued if it is not)."""
    assert asked.publication is not None
    found = publication_files.request_file(asked.publication, file_format)
    if found.status == PublicationFileStatus.READY:
        return _stored(found, publication_files.filename(asked.publication, file_format))
    return render(request, "reporting/publication_file.html", _context(asked, file_format, found))


@or_not_published
def file_status(request: SignedInRequest, pk: int) -> HttpResponse:
    """Where the file of a publication stands (the progress page polls it)."""
    asked = _read(request, pk)
    file_format = params.choice_param(
        request.GET, "format", PublicationFileFormat.values, default=PublicationFileFormat.PDF
    )
    if asked.publication is None:
        raise Http404("Un rapport en cours se télécharge directement : aucun fichier préparé.")
    found = publication_files.file_of(asked.publication, file_format)
    # htmx polls the status fragment; opened as an address (bookmarked, reloaded), it is the
    # whole progress page, with its title, language and landmarks.
    template = "_publication_file_status" if request.htmx else "publication_file"
    return render(request, f"reporting/{template}.html", _context(asked, file_format, found))
