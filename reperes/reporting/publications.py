"""Publications: what leaves a service (issue 9, « Funders see publications, not queries »).

A funder never asks for a range of dates: it reads the reports its service has *published*,
each for one period that a report clause of a convention binding the service asks for (every
year, semester, quarter, before each meeting of a body: ``obligations``), frozen after
statistical secrecy and
versioned (a correction is a new version, the old one stays readable). The service's director
publishes (``publish_report``); every table is suppressed together with everything the service
has published before (``reperes.rules.secrecy_joint``), so that no combination of publications
narrows a withheld cell below the threshold.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from reperes.core import access as core_access
from reperes.core.models import audit
from reperes.partners.models import Service
from reperes.rules.secrecy_joint import Unprotectable

from . import publication_content, secrecy
from .access import is_service_staff
from .indicators import Period, Scope
from .models import Publication
from .narratives import narratives_for
from .obligations import owed_periods, period_label
from .publication_files import request_files, store_images
from .reports import MODELS, Report, build

__all__ = [
    "PublicationRefused",
    "allowed_periods",
    "as_report",
    "period_label",
    "publish_report",
    "visible_publications",
]


class PublicationRefused(Exception):
    """The publication cannot be made as asked (the message is shown to the director)."""


# ---------------------------------------------------------------- periods


def allowed_periods(service: Service, model_key: str, today: date) -> list[Period]:
    """The periods ``service`` may publish ``model_key`` for: those a report clause of a
    convention binding it asks for (its periodicity, within the convention's dates), ended
    before ``today`` (``obligations.owed_periods``)."""
    return [offer.period for offer in owed_periods(service, model_key, today)]


# ---------------------------------------------------------------- reading


def visible_publications(user: Any, service: Service):
    """The publications of ``service`` that ``user`` reads: all for its own staff and for a
    funder that a convention on the service binds today (the access layer's rule,
    ``reperes.conventions.access``: access to a service's data follows a binding convention); none
    for anybody else. Each publication is made under the strictest threshold of the
    conventions binding the service over its period, so any of their funders may read it."""
    from reperes.conventions.access import conventions_granting

    publications = Publication.objects.filter(service=service)
    if is_service_staff(user, service):
        return publications
    if conventions_granting(user, service).exists():
        return publications
    return publications.none()


def as_report(publication: Publication) -> Report:
    return publication_content.report_from(
        publication.content, Scope.for_service(publication.service)
    )


# ---------------------------------------------------------------- publishing


def _may_publish(user: Any, service: Service) -> bool:
    from reperes.accounts.enums import Role

    return is_service_staff(user, service) and user.role == Role.SERVICE_DIRECTOR


def publish_report(
    service: Service,
    model_key: str,
    period: Period,
    user: Any,
    reason: str | None = None,
    *,
    today: date | None = None,
) -> Publication:
    """Publish the report ``model_key`` of ``service`` for ``period``: the director of the
    service does (``user=None`` only for the demo loader and the management command). A second
    publication of the same report and period is a corrected version and needs a reason."""
    today = today or core_access.today()
    if user is not None and not _may_publish(user, service):
        raise PublicationRefused("Seule la direction du service publie ses rapports.")
    model = MODELS.get(model_key)  # read once: a composed model costs queries
    if model is None:
        raise PublicationRefused("Modèle de rapport inconnu.")
    reason = (reason or "").strip()
    with transaction.atomic():
        # One publication of a service at a time: each is suppressed with all the others.
        service = (
            Service.objects.select_for_update(of=("self",))
            .select_related("operator")
            .get(pk=service.pk)
        )
        offers = [o for o in owed_periods(service, model_key, today) if o.period == period]
        if not offers:
            if not owed_periods(service, model_key, today):
                raise PublicationRefused(
                    "Aucune convention qui lie le service ne prévoit ce rapport : il n'est pas "
                    "publié."
                )
            raise PublicationRefused(
                f"La période {period.label} n'est pas une période de publication de ce "
                "rapport (périodes prévues par la convention, terminées, dans ses dates)."
            )
        offer = offers[0]
        convention = offer.obligation.convention
        kind, label = offer.kind, offer.label
        previous = (
            Publication.objects.filter(service=service, model_key=model_key, period_key=period.key)
            .order_by("-version")
            .first()
        )
        if previous is not None and not reason:
            raise PublicationRefused(
                "Ce rapport est déjà publié pour cette période : une nouvelle version indique "
                "le motif de la correction."
            )
        version = previous.version + 1 if previous else 1
        report = build(
            model_key,
            scope=Scope.for_service(service),
            period=period,
            service=service,
            convention=convention,
            narratives=narratives_for(service, model_key, period),
            source=offer.source,
        )
        policy = secrecy.strictest([convention, *_binding(service, period)])
        prior = list(Publication.objects.filter(service=service).order_by("pk"))
        try:
            published, exact = secrecy.publish_with(report.tables, prior, period, policy)
        except Unprotectable as exc:
            raise PublicationRefused(
                "Avec les rapports déjà publiés, cette publication permettrait de recalculer "
                "un effectif soumis au secret statistique, quoi qu'on masque : elle n'est pas "
                "faite."
            ) from exc
        content = publication_content.content_of(
            report.with_tables(published),
            kind=kind,
            label=label,
            version=version,
            reason=reason,
            threshold=policy.threshold,
        )
        publication = Publication.objects.create(
            service=service,
            convention=convention,
            model_key=model_key,
            model_version=model.version,
            model_revision_id=model.version_id,
            period_start=period.start,
            period_end=period.end,
            period_key=period.key,
            period_kind=kind,
            version=version,
            threshold=policy.threshold,
            content=content,
            exact=exact,
            reason=reason,
            created_by=user,
        )
        store_images(publication)  # its charts, drawn once from the published tables
        # Its files, made by the task worker once the publication is committed: ready when
        # a funder asks for them.
        transaction.on_commit(lambda: request_files(publication))
        audit(
            user,
            "report.publish",
            publication,
            f"Rapport « {report.title} » publié pour {label}"
            + (f" (version {version})" if version > 1 else ""),
            model=model_key,
            period=period.key,
            version=version,
        )
    return publication


def _binding(service: Service, period: Period) -> list[Any]:
    """Every convention that binds the service on a day of ``period``' end or today: their
    funders may all read the publication, so the strictest secrecy applies."""
    from reperes.conventions.access import binding_conventions
    from reperes.conventions.models import Convention

    conventions = Convention.objects.filter(service=service)
    return [*binding_conventions(conventions, period.end), *binding_conventions(conventions)]
