"""What a publication version serves is made once (issue 12, « Publications are computed
once ... and served as they are »).

- Its tables: frozen after statistical secrecy when it is published (``publications``); read
  back as stored, never suppressed again.
- Its charts: drawn from those tables when it is published and stored
  (``PublicationCharts``); a publication made before they were stored has them drawn at its
  first reading, once.
- Its files (PDF, XLSX): made by the task worker (django-tasks on its database queue,
  ``manage.py db_worker``) at the first request, stored in the private storage and served
  for that version afterwards (``PublicationFile``). A request while the file is being made
  answers at once with a page that shows its progress; a file that failed is made again at
  the next request.

Who may ask for a file is who may read the publication: the report pages' rule
(``views_reports._read``), nothing here.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from . import charts, export_notes, exports, secrecy
from .models import (
    Publication,
    PublicationCharts,
    PublicationFile,
    PublicationFileFormat,
    PublicationFileStatus,
)

logger = logging.getLogger(__name__)

# A file still « en préparation » this long after it was asked for is queued again (a PDF
# takes seconds; a worker stopped in the middle of a task leaves it pending).
STALE_AFTER = timedelta(minutes=10)

CONTENT_TYPES = {
    PublicationFileFormat.PDF: "application/pdf",
    PublicationFileFormat.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}


# ---------------------------------------------------------------- charts


def store_images(publication: Publication) -> dict[str, dict[str, str]]:
    """Draw the charts of ``publication`` from its published tables and keep them."""
    from .publications import as_report

    images = charts.report_images(as_report(publication))
    try:
        with transaction.atomic():
            PublicationCharts.objects.create(publication=publication, images=images)
    except IntegrityError:  # drawn meanwhile by another request: the same drawing
        pass
    return images


def stored_images(publication: Publication) -> dict[str, dict[str, str]]:
    """The charts of ``publication`` as stored (drawn once, at the first reading, for a
    publication made before charts were stored)."""
    found = PublicationCharts.objects.filter(publication=publication).first()
    if found is not None:
        return found.images
    return store_images(publication)


# ---------------------------------------------------------------- files


def filename(publication: Publication, extension: str) -> str:
    name = (
        f"{publication.model_key}-{slugify(publication.service.name)}-"
        f"{publication.period_key}-v{publication.version}"
    )
    return f"{name}.{extension}"


def render(publication: Publication, file_format: str) -> bytes:
    """The file of ``publication`` in ``file_format``, from its stored content and charts:
    the same bytes the report pages made at each request before (``views_reports``)."""
    from .publications import as_report
    from .views_reports import render_pdf, view_sections

    report = as_report(publication)
    policy = secrecy.policy_for(publication.convention)
    if file_format == PublicationFileFormat.XLSX:
        return exports.to_xlsx(
            report, export_notes.report_notes(report, exact=False, policy=policy)
        )
    if file_format != PublicationFileFormat.PDF:
        raise ValueError(f"Format inconnu : {file_format}")
    context = {
        "report": report,
        "sections": view_sections(report, stored_images(publication)),
        "exact": False,
        "policy": policy,
        "withheld": any(
            secrecy.is_withheld(value) for t in report.tables for line in t.cells for value in line
        ),
        "legend": secrecy.LEGEND,
    }
    return render_pdf(render_to_string("reporting/report_pdf.html", context))


@task()
def make_file(file_id: int) -> str:
    """The worker's task: make the file ``file_id`` and store it; a failure is recorded on
    the file with its cause (the user sees « Échec : … » and may ask again)."""
    found = PublicationFile.objects.select_related(
        "publication__service", "publication__convention"
    ).get(pk=file_id)
    if found.status == PublicationFileStatus.READY:
        return found.status
    publication = found.publication
    try:
        content = render(publication, found.format)
    except Exception as exc:
        logger.exception(
            "Fichier %s de la publication %s non produit", found.format, publication.pk
        )
        PublicationFile.objects.filter(pk=file_id).update(
            status=PublicationFileStatus.FAILED,
            error=f"le fichier n'a pas pu être produit ({type(exc).__name__}).",
            finished_at=timezone.now(),
        )
        return PublicationFileStatus.FAILED
    found.file.save(filename(publication, found.format), ContentFile(content), save=False)
    found.status = PublicationFileStatus.READY
    found.error = ""
    found.finished_at = timezone.now()
    found.save(update_fields=["file", "status", "error", "finished_at"])
    return found.status


def request_file(publication: Publication, file_format: str) -> PublicationFile:
    """The file of ``publication`` in ``file_format``: the one already made or being made, or
    a new one queued for the worker (again when the last attempt failed, or when it has
    waited longer than ``STALE_AFTER``: its worker stopped, or no worker runs)."""
    with transaction.atomic():
        found, created = PublicationFile.objects.select_for_update().get_or_create(
            publication=publication, format=file_format
        )
        stale = (
            found.status == PublicationFileStatus.PENDING
            and found.requested_at < timezone.now() - STALE_AFTER
        )
        if not created and found.status != PublicationFileStatus.FAILED and not stale:
            return found
        found.status = PublicationFileStatus.PENDING
        found.error = ""
        found.requested_at = timezone.now()
        found.finished_at = None
        found.save(update_fields=["status", "error", "requested_at", "finished_at"])
        # Queued in the same transaction (the database queue): the worker sees the file and
        # its task together, or neither.
        result = make_file.enqueue(found.pk)
        PublicationFile.objects.filter(pk=found.pk).update(task_id=str(result.id))
    found.refresh_from_db()
    return found


def request_files(publication: Publication) -> None:
    """Queue every file of ``publication`` (called once it is published)."""
    for file_format in PublicationFileFormat.values:
        request_file(publication, file_format)


def file_of(publication: Publication, file_format: str) -> Any:
    """The file of ``publication`` in ``file_format`` as it stands, or None if never asked."""
    return PublicationFile.objects.filter(publication=publication, format=file_format).first()
