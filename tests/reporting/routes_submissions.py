"""Aggregate submissions and the consolidation in the role × URL matrix.

Targets: a draft of service A (seen by A's staff only), a submission of A sent to the funders
of convention A (Département, commune), a validated one (to unlock). Among those who see a
submission, only A's director changes it (the educator gets a 403) and only a funder agent
decides (A's staff get a 403); everyone else gets a 404. The consolidation of the
Département is opened by the Département's agent only.
"""

from __future__ import annotations

from django.utils import timezone

from tests.matrix import PERSONAS, everyone, routes_on

STAFF = {"educator_a", "director_a"}
FUNDERS = {"departement_agent", "commune_agent"}


def _codes(ok: set[str], forbidden: set[str] = frozenset()) -> dict[str, int]:
    return {p: 200 if p in ok else 403 if p in forbidden else 404 for p in PERSONAS}


SEEN_SENT = _codes(STAFF | FUNDERS)
DIRECTOR_ON_DRAFT = _codes({"director_a"}, {"educator_a"})
FUNDER_DECIDES = _codes(FUNDERS, STAFF)
CONSOLIDATION = _codes({"departement_agent"})

ROUTES = {
    "reporting:submissions": (None, everyone(200)),
    "reporting:submission_create": ("submission_service", DIRECTOR_ON_DRAFT),
    "reporting:submission": ("submission_sent", SEEN_SENT),
    "reporting:submission_xlsx": ("submission_sent", SEEN_SENT),
    "reporting:submission_upload": ("submission_draft", DIRECTOR_ON_DRAFT),
    "reporting:submission_decide": ("submission_sent", FUNDER_DECIDES),
    "reporting:submission_unlock": ("submission_validated", FUNDER_DECIDES),
    **routes_on(
        "consolidation_funder",
        CONSOLIDATION,
        "reporting:consolidation",
        "reporting:consolidation_xlsx",
        "reporting:consolidation_csv",
        "reporting:consolidation_provenance",
    ),
}
API_ROUTES = {"api:consolidation-detail": ("consolidation_funder", CONSOLIDATION)}
EXEMPT: set = set()


def make_targets(world) -> dict:
    from reperes.reporting.models import Submission

    service = world["services"]["a"]
    convention = world["conventions"]["a"]
    now = timezone.now()
    draft = Submission.objects.create(service=service, convention=convention, year=2021)
    sent = Submission.objects.create(
        service=service, convention=convention, year=2022, status="sent", sent_at=now
    )
    validated = Submission.objects.create(
        service=service, convention=convention, year=2020, status="validated", sent_at=now
    )
    return {
        "submission_service": service.pk,
        "submission_draft": draft.public_id,
        "submission_sent": sent.public_id,
        "submission_validated": validated.public_id,
        "consolidation_funder": world["orgs"]["departement"].pk,
    }
