"""Publications: what leaves a service (issue 9, « Funders see publications, not queries »).

A funder never asks for a range of dates: it reads the reports its service has *published*,
each for one period that the report model defines (a semester before the conseil pédagogique,
the year to the end of each quarter, a calendar year), frozen after statistical secrecy and
versioned (a correction is a new version, the old one stays readable). The service's director
publishes (``publish_report``); every table is suppressed together with everything the service
has published before (``reperes.rules.secrecy_joint``), so that no combination of publications
narrows a withheld cell below the threshold.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from reperes.core.access import today as access_today
from reperes.core.models import audit
from reperes.partners.models import Service
from reperes.rules.secrecy_joint import Unprotectable

from . import publication_content, secrecy
from .access import convention_for, is_service_staff
from .indicators import Period, Scope
from .models import Publication, PublicationKind
from .narratives import narratives_for
from .reports import MODELS, Report, build

# How many calendar years back a convention without a start date may publish.
LOOKBACK_YEARS = 3


class PublicationRefused(Exception):
    """The publication cannot be made as asked (the message is shown to the director)."""


# ---------------------------------------------------------------- periods


def period_kind(model_key: str) -> str:
    """The kind of period a report model is published for (seed 000 annex 1: before each
    conseil pédagogique, twice a year; each quarter, from 1 January; the annual reviews).
    Another issue makes these per-convention clauses: this function is the one place to
    replace."""
    return {
        "conseil-pedagogique": PublicationKind.SEMESTER,
        "suivi-trimestriel": PublicationKind.YEAR_TO_QUARTER,
    }.get(model_key, PublicationKind.YEAR)


def periods_of_year(kind: str, year: int) -> list[Period]:
    if kind == PublicationKind.SEMESTER:
        return [
            Period(date(year, 1, 1), date(year, 6, 30)),
            Period(date(year, 7, 1), date(year, 12, 31)),
        ]
    if kind == PublicationKind.YEAR_TO_QUARTER:
        return [Period(date(year, 1, 1), Period.quarter(year, q).end) for q in (1, 2, 3, 4)]
    if kind == PublicationKind.QUARTER:
        return [Period.quarter(year, q) for q in (1, 2, 3, 4)]
    return [Period.year(year)]


def allowed_periods(model_key: str, convention: Any, today: date) -> list[Period]:
    """The periods ``model_key`` may be published for under ``convention``: its kind of
    period, ended before ``today``, within the convention's dates."""
    kind = period_kind(model_key)
    starts_on = getattr(convention, "starts_on", None)
    ends_on = getattr(convention, "ends_on", None)
    first = starts_on.year if starts_on else today.year - LOOKBACK_YEARS
    result = []
    for year in range(first, today.year + 1):
        for period in periods_of_year(kind, year):
            if period.end >= today:
                continue
            if starts_on and period.start < starts_on or ends_on and period.end > ends_on:
                continue
            result.append(period)
    return result


def period_label(model_key: str, period: Period) -> str:
    kind = period_kind(model_key)
    if kind == PublicationKind.SEMESTER:
        half = 1 if period.start.month == 1 else 2
        return f"{half}{'er' if half == 1 else 'e'} semestre {period.start.year}"
    if kind == PublicationKind.YEAR_TO_QUARTER:
        quarter = (period.end.month - 1) // 3 + 1
        ordinal = f"{quarter}{'er' if quarter == 1 else 'e'}"
        return f"{period.start.year}, du 1er janvier à la fin du {ordinal} trimestre"
    return period.label


# ---------------------------------------------------------------- reading


def visible_publications(user: Any, service: Service):
    """The publications of ``service`` that ``user`` reads: all for its own staff and for a
    funder that a convention on the service binds today (the access layer's rule,
    ``reperes.core.access``: access to a service's data follows a binding convention); none
    for anybody else. Each publication is made under the strictest threshold of the
    conventions binding the service over its period, so any of their funders may read it."""
    from reperes.core.access import conventions_granting

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
    today = today or access_today()
    if user is not None and not _may_publish(user, service):
        raise PublicationRefused("Seule la direction du service publie ses rapports.")
    if model_key not in MODELS:
        raise PublicationRefused("Modèle de rapport inconnu.")
    reason = (reason or "").strip()
    with transaction.atomic():
        # One publication of a service at a time: each is suppressed with all the others.
        service = (
            Service.objects.select_for_update(of=("self",))
            .select_related("operator")
            .get(pk=service.pk)
        )
        convention = (
            convention_for(user, service, period.end)
            if user
            else publishing_convention(service, period.end)
        )
        if convention is None:
            raise PublicationRefused("Aucune convention ne couvre cette période.")
        if period not in allowed_periods(model_key, convention, today):
            raise PublicationRefused(
                f"La période {period.label} n'est pas une période de publication de ce "
                "rapport (périodes prévues, terminées, dans les dates de la convention)."
            )
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
            kind=period_kind(model_key),
            label=period_label(model_key, period),
            version=version,
            reason=reason,
            threshold=policy.threshold,
        )
        publication = Publication.objects.create(
            service=service,
            convention=convention,
            model_key=model_key,
            period_start=period.start,
            period_end=period.end,
            period_key=period.key,
            period_kind=period_kind(model_key),
            version=version,
            threshold=policy.threshold,
            content=content,
            exact=exact,
            reason=reason,
            created_by=user,
        )
        audit(
            user,
            "report.publish",
            publication,
            f"Rapport « {report.title} » publié pour {period_label(model_key, period)}"
            + (f" (version {version})" if version > 1 else ""),
            model=model_key,
            period=period.key,
            version=version,
        )
    return publication


def _binding(service: Service, period: Period) -> list[Any]:
    """Every convention that binds the service on a day of ``period``' end or today: their
    funders may all read the publication, so the strictest secrecy applies."""
    from reperes.conventions.models import Convention
    from reperes.core.access import binding_conventions

    conventions = Convention.objects.filter(service=service)
    return [*binding_conventions(conventions, period.end), *binding_conventions(conventions)]


def publishing_convention(service: Service, on: date) -> Any:
    """The convention a publication made without a director (demo, command) is made under:
    one its operator has accepted, binding on the period's last day first."""
    from reperes.conventions.models import Convention
    from reperes.core.access import binding_conventions

    conventions = Convention.objects.filter(service=service)
    found = binding_conventions(conventions, on).order_by("-starts_on", "-pk").first()
    if found is None:
        found = binding_conventions(conventions).order_by("-starts_on", "-pk").first()
    return found
