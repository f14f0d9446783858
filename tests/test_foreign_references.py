"""A field that names another record by its id offers only the records the user may use there:
the id of someone else's (another service's staff, youth, partner, quartier, place or commune,
another convention's party, organisation, body, schedule or instalment, a convention type or a
meeting the user may not read), posted by hand, is refused and nothing is written.

Each case posts that foreign id, then the same payload with one of the user's own: the second
is accepted, so the refusal is the field's and not a payload the view would refuse anyway.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reperes.conventions.models import Clause, Convention
from reperes.fieldwork.enums import AgeBand, CollectiveCategory, Gender, SessionKind
from reperes.fieldwork.models import CollectiveAction, Intervention, Partner, StreetSession, Youth
from reperes.governance.models import Body, Meeting
from reperes.money.models import Funding, Instalment, PaymentSchedule
from reperes.partners.models import Commune, Deliberation, Place, Quartier, Service
from reperes.territory.actions import validate_diagnostic_version
from reperes.territory.models import Diagnostic, DiagnosticVersion, ThemeSheet
from tests.factories import (
    CommuneFactory,
    ConventionFactory,
    ConventionTemplateFactory,
    PartyFactory,
    make_clause,
)
from tests.fieldwork.factories import (
    AccompanimentFactory,
    FamilyFactory,
    PartnerFactory,
    YouthFactory,
)
from tests.governance.factories import BodyFactory, MeetingFactory
from tests.money.factories import InstalmentFactory, PaymentScheduleFactory, fund
from tests.people.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Sélectionnez un choix valide."


@dataclass
class Case:
    """``payload(pk)`` posted to ``url`` by ``persona``, once with ``foreign`` (refused with
    ``refusal``: a French message, or a status), once with ``own`` (accepted: a redirection);
    ``state()`` reads what the post would write."""

    persona: str
    url: str
    payload: Callable[[Any], dict[str, Any]]
    foreign: Any
    own: Any
    state: Callable[[], Any]
    refusal: str | int = INVALID_CHOICE


def _parties(convention: Convention) -> dict[str, Any]:
    """Payer and payee of a schedule: the convention's pilot pays its operator."""
    return {
        "payer": convention.parties.get(role="pilot"),
        "payee": convention.parties.get(role="operator"),
    }


def _draft_on_a(world: dict[str, Any]) -> Convention:
    """A convention the Département is setting up on service A (not signed, not decided)."""
    draft = ConventionFactory(draft=True, service=world["services"]["a"])
    PartyFactory(convention=draft, organisation=world["orgs"]["departement"], role="pilot")
    PartyFactory(convention=draft, organisation=world["orgs"]["operator_a"], role="operator")
    return draft


def _held_suivi_meeting(convention: Convention) -> Any:
    return MeetingFactory(body=BodyFactory(convention=convention, suivi_local=True), held=True)


def diagnostic_meeting(world: dict[str, Any]) -> Case:
    """Service A is also bound by a CAF's convention the Département is not party to: its
    comité de suivi may not validate the Département's reading of the diagnostic."""
    diagnostic = Diagnostic.objects.create(service=world["services"]["a"], commune=CommuneFactory())
    version = DiagnosticVersion.objects.create(diagnostic=diagnostic, number=1, year=2024)
    return Case(
        persona="departement_agent",
        url=reverse("territory:version_validate", kwargs={"pk": version.pk}),
        payload=lambda pk: {"meeting": pk},
        foreign=_held_suivi_meeting(world["conventions"]["draft"]).pk,
        own=_held_suivi_meeting(world["conventions"]["a"]).pk,
        state=lambda: DiagnosticVersion.objects.get(pk=version.pk).validated_at_id,
    )


def _intervention(world: dict[str, Any], reference: str, foreign: int, own: int) -> Case:
    """An intervention of an accompaniment of service A, naming ``reference`` by its id."""
    accompaniment = AccompanimentFactory(youth=YouthFactory(service=world["services"]["a"]))
    return Case(
        persona="educator_a",
        url=reverse("fieldwork:intervention_add", kwargs={"pk": accompaniment.public_id}),
        payload=lambda pk: {
            "occurred_on": "2024-04-01",
            "kind": "home_visit",
            "duration_minutes": "60",
            reference: pk,
        },
        foreign=foreign,
        own=own,
        state=Intervention.objects.count,
    )


def intervention_staff(world: dict[str, Any]) -> Case:
    return _intervention(
        world,
        "staff",
        foreign=StaffMemberFactory(service=world["services"]["b"]).pk,
        own=StaffMemberFactory(service=world["services"]["a"]).pk,
    )


def intervention_partner(world: dict[str, Any]) -> Case:
    """Service B's partner is not in service A's directory."""
    return _intervention(
        world,
        "partner",
        foreign=PartnerFactory(service=world["services"]["b"]).pk,
        own=PartnerFactory(service=world["services"]["a"]).pk,
    )


def _commune_of(service: Service) -> Commune:
    """A commune the service works in."""
    commune = CommuneFactory()
    service.communes.add(commune)
    return commune


def collective_quartier(world: dict[str, Any]) -> Case:
    """Participants of service A's action are not counted in a quartier of service B."""

    def quartier(key: str) -> int:
        return Quartier.objects.create(
            commune=_commune_of(world["services"][key]), name=f"Quartier {key}"
        ).pk

    return Case(
        persona="educator_a",
        url=reverse("fieldwork:collective_create"),
        payload=lambda pk: {
            "title": "Chantier peinture du city-stade",
            "category": CollectiveCategory.LEISURE_WORKSITE,
            "started_on": "2025-07-07",
            "families_count": "3",
            "comptes-TOTAL_FORMS": "1",
            "comptes-INITIAL_FORMS": "0",
            "comptes-0-gender": Gender.GIRL,
            "comptes-0-age_band": AgeBand.FROM_11,
            "comptes-0-quartier": pk,
            "comptes-0-count": "5",
        },
        foreign=quartier("b"),
        own=quartier("a"),
        state=CollectiveAction.objects.count,
        refusal="Choisissez un quartier du service.",
    )


def street_session_place(world: dict[str, Any]) -> Case:
    """A place in a commune of service B only is not where service A's educators work."""

    def place(key: str) -> int:
        return Place.objects.create(
            commune=_commune_of(world["services"][key]),
            name=f"City-stade {key}",
            kind="espace_public",
        ).pk

    return Case(
        persona="educator_a",
        url=reverse("fieldwork:session_create"),
        payload=lambda pk: {
            "kind": SessionKind.STREET_WORK,
            "date": "2025-05-20",
            "duration": "2 h",
            "place": pk,
        },
        foreign=place("b"),
        own=place("a"),
        state=StreetSession.objects.count,
        refusal="Choisissez un lieu du service.",
    )


def partner_commune(world: dict[str, Any]) -> Case:
    """Service A's directory places its partners in the communes service A works in."""
    return Case(
        persona="educator_a",
        url=reverse("fieldwork:partner_create"),
        payload=lambda pk: {
            "name": "Mission locale du Val",
            "kind": "mission_locale",
            "commune": pk,
        },
        foreign=_commune_of(world["services"]["b"]).pk,
        own=_commune_of(world["services"]["a"]).pk,
        state=Partner.objects.count,
    )


def family_unlink(world: dict[str, Any]) -> Case:
    family = FamilyFactory(service=world["services"]["a"])
    theirs = YouthFactory(
        service=world["services"]["b"], family=FamilyFactory(service=world["services"]["b"])
    )
    mine = YouthFactory(service=world["services"]["a"], family=family)
    return Case(
        persona="educator_a",
        url=reverse("fieldwork:family_link", kwargs={"pk": family.public_id}),
        payload=lambda public_id: {"retirer": str(public_id)},
        foreign=theirs.public_id,
        own=mine.public_id,
        state=lambda: sorted(
            Youth.objects.filter(pk__in=[theirs.pk, mine.pk]).values_list("pk", "family_id")
        ),
        refusal=404,
    )


def payment_instalment(world: dict[str, Any]) -> Case:
    """An instalment of the Département's other convention is not one of this schedule's."""
    schedule = PaymentScheduleFactory(
        convention=world["conventions"]["a"], **_parties(world["conventions"]["a"])
    )
    elsewhere = PaymentScheduleFactory(
        convention=world["conventions"]["b"], **_parties(world["conventions"]["b"])
    )
    return Case(
        persona="departement_agent",
        url=reverse("money:payment", kwargs={"pk": schedule.pk}),
        payload=lambda pk: {"instalment": pk, "paid_on": "2024-03-20", "amount": "1 000,00"},
        foreign=InstalmentFactory(schedule=elsewhere).pk,
        own=InstalmentFactory(schedule=schedule).pk,
        state=Instalment.objects.filter(paid_on__isnull=False).count,
        refusal="Cette échéance n'est plus ouverte aux versements.",
    )


def event_party(world: dict[str, Any]) -> Case:
    """The Département's party to convention B does not act on convention A."""
    convention = world["conventions"]["a"]
    return Case(
        persona="departement_agent",
        url=reverse("conventions:event", kwargs={"pk": convention.pk}),
        payload=lambda pk: {"kind": "formal_notice", "received_on": "2024-03-04", "party": pk},
        foreign=world["conventions"]["b"].parties.get(role="pilot").pk,
        own=convention.parties.get(role="pilot").pk,
        state=convention.events.count,
    )


def setup_template(world: dict[str, Any]) -> Case:
    """Another Département's convention type is not the Département's to start from."""
    return Case(
        persona="departement_agent",
        url=reverse("conventions:setup_start"),
        payload=lambda pk: {
            "origin": "template",
            "template": pk,
            "title": "Convention d'essai",
            "service": world["services"]["a"].pk,
        },
        foreign=ConventionTemplateFactory().pk,
        own=ConventionTemplateFactory(owner=world["orgs"]["departement"]).pk,
        state=Convention.objects.count,
    )


def evolution_deliberation(world: dict[str, Any]) -> Case:
    """The rate is voted by an assembly of one of the convention's parties, not another's."""
    convention = world["conventions"]["a"]
    fund(
        convention,
        2024,
        Decimal("245000.00"),
        payer=convention.parties.get(role="pilot"),
        label="Dotation 2024",
    )

    def deliberation(key: str) -> int:
        return Deliberation.objects.create(
            organisation=world["orgs"][key], assembly="Commission permanente"
        ).pk

    return Case(
        persona="departement_agent",
        url=reverse("money:evolution", kwargs={"pk": convention.pk}),
        payload=lambda pk: {"year": "2024", "rate_percent": "1,5", "deliberation": pk},
        foreign=deliberation("outsider"),
        own=deliberation("departement"),
        state=Funding.objects.filter(convention=convention).count,
    )


def _setup_schedule(world: dict[str, Any], reference: str, foreign: int) -> Case:
    """A schedule added on the money step of a convention set up on service A, its pilot
    paying its operator, but for ``reference`` (« payer » or « payee »), posted by id."""
    draft = _draft_on_a(world)
    parties = {name: party.pk for name, party in _parties(draft).items()}
    return Case(
        persona="departement_agent",
        url=reverse("conventions:setup_money", kwargs={"pk": draft.pk}),
        payload=lambda pk: {
            "action": "add",
            **parties,
            reference: pk,
            "annual": "200 000",
            "kind": "monthly",
            "due_day": "10",
        },
        foreign=foreign,
        own=parties[reference],
        state=PaymentSchedule.objects.count,
    )


def setup_payer(world: dict[str, Any]) -> Case:
    """The Département's party to convention B does not pay under the convention set up."""
    return _setup_schedule(world, "payer", world["conventions"]["b"].parties.get(role="pilot").pk)


def setup_payee(world: dict[str, Any]) -> Case:
    """Operator B, party to convention B, is not paid under the convention set up."""
    return _setup_schedule(
        world, "payee", world["conventions"]["b"].parties.get(role="operator").pk
    )


def setup_body_organiser(world: dict[str, Any]) -> Case:
    """A body of the convention set up is organised by one of its parties, not by the
    Département's party to convention B."""
    draft = _draft_on_a(world)
    return Case(
        persona="departement_agent",
        url=reverse("conventions:setup_bodies", kwargs={"pk": draft.pk}),
        payload=lambda pk: {
            "action": "add",
            "kind": "comite_pilotage",
            "name": "Comité de pilotage",
            "organiser": pk,
        },
        foreign=world["conventions"]["b"].parties.get(role="pilot").pk,
        own=draft.parties.get(role="pilot").pk,
        state=Body.objects.count,
    )


def body_seat(world: dict[str, Any]) -> Case:
    """A seat of convention A's body is held by one of its parties' organisations: operator B
    is party to convention B only."""
    convention = world["conventions"]["a"]
    return Case(
        persona="departement_agent",
        url=reverse("governance:body_create", args=[convention.pk]),
        payload=lambda pk: {
            "kind": "comite_suivi_local",
            "name": "Comité de suivi local",
            "organiser": convention.parties.get(role="pilot").pk,
            "sieges-TOTAL_FORMS": "1",
            "sieges-INITIAL_FORMS": "0",
            "sieges-0-label": "Le Maire",
            "sieges-0-organisation": pk,
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
        foreign=world["orgs"]["operator_b"].pk,
        own=world["orgs"]["commune"].pk,
        state=Body.objects.count,
    )


def meeting_attendance(world: dict[str, Any]) -> Case:
    """Who attended a meeting of convention A's body came for one of its parties."""
    meeting = MeetingFactory(body=BodyFactory(convention=world["conventions"]["a"]), past=True)
    return Case(
        persona="director_a",
        url=reverse("governance:attendance", args=[meeting.public_id]),
        payload=lambda pk: {
            "presences-TOTAL_FORMS": "1",
            "presences-INITIAL_FORMS": "0",
            "presences-0-name": "Sam Fictif",
            "presences-0-present": "on",
            "presences-0-organisation": pk,
        },
        foreign=world["orgs"]["operator_b"].pk,
        own=world["orgs"]["commune"].pk,
        state=meeting.attendances.count,
    )


def _theme_sheet(world: dict[str, Any], payload: Callable[[Any], dict[str, Any]]) -> Case:
    """A theme sheet of convention A naming, by ``payload``, operator B (party to convention
    B only), then the commune (party to convention A)."""
    return Case(
        persona="director_a",
        url=reverse("territory:sheet_create", kwargs={"pk": world["conventions"]["a"].pk}),
        payload=lambda pk: {"theme": "Insertion", "year": "2025", **payload(pk)},
        foreign=world["orgs"]["operator_b"].pk,
        own=world["orgs"]["commune"].pk,
        state=ThemeSheet.objects.count,
    )


def sheet_pilot(world: dict[str, Any]) -> Case:
    return _theme_sheet(world, lambda pk: {"pilot": pk})


def sheet_partners(world: dict[str, Any]) -> Case:
    return _theme_sheet(world, lambda pk: {"partners": [pk]})


def setup_remove_body(world: dict[str, Any]) -> Case:
    draft = _draft_on_a(world)
    return Case(
        persona="departement_agent",
        url=reverse("conventions:setup_bodies", kwargs={"pk": draft.pk}),
        payload=lambda pk: {"action": "remove", "body": pk},
        foreign=BodyFactory(convention=world["conventions"]["b"]).pk,
        own=BodyFactory(convention=draft).pk,
        state=Body.objects.count,
        refusal="Cette instance n'existe plus.",
    )


def setup_remove_schedule(world: dict[str, Any]) -> Case:
    draft = _draft_on_a(world)
    return Case(
        persona="departement_agent",
        url=reverse("conventions:setup_money", kwargs={"pk": draft.pk}),
        payload=lambda pk: {"action": "remove", "schedule": pk},
        foreign=PaymentScheduleFactory(
            convention=world["conventions"]["b"], **_parties(world["conventions"]["b"])
        ).pk,
        own=PaymentScheduleFactory(convention=draft, **_parties(draft)).pk,
        state=PaymentSchedule.objects.count,
        refusal="Cet échéancier n'existe plus.",
    )


def setup_remove_clause(world: dict[str, Any]) -> Case:
    """On the clauses step with a nature picked, its (unposted) form on the page."""
    draft = _draft_on_a(world)
    report = {"document": "financial_report", "title": "Rapport financier", "owner": "operator"}
    report |= {"periodicity": "year", "due": {"rule": "day_of_year", "month": 4, "day": 30}}
    make_clause(world["conventions"]["b"], "document", "rapport-de-b", "art. 6", **report)
    make_clause(draft, "document", "rapport-du-projet", "art. 6", **report)
    return Case(
        persona="departement_agent",
        url=reverse("conventions:setup_clauses", kwargs={"pk": draft.pk}) + "?nature=document",
        payload=lambda key: {"action": "remove", "clause": key},
        foreign="rapport-de-b",
        own="rapport-du-projet",
        state=lambda: Clause.objects.filter(convention=draft).count(),
        refusal="Cette convention n'a pas de clause « rapport-de-b ».",
    )


CASES = [
    diagnostic_meeting,
    intervention_staff,
    intervention_partner,
    collective_quartier,
    street_session_place,
    partner_commune,
    family_unlink,
    payment_instalment,
    event_party,
    setup_template,
    evolution_deliberation,
    setup_payer,
    setup_payee,
    setup_body_organiser,
    body_seat,
    meeting_attendance,
    sheet_pilot,
    sheet_partners,
    setup_remove_body,
    setup_remove_schedule,
    setup_remove_clause,
]


@pytest.mark.parametrize("build", CASES, ids=lambda build: build.__name__)
def test_a_foreign_id_is_refused_and_nothing_written(client, world, build):
    case = build(world)
    client.force_login(world["users"][case.persona])
    before = case.state()
    response = client.post(case.url, case.payload(case.foreign))
    if isinstance(case.refusal, int):
        assert response.status_code == case.refusal
    else:
        assert response.status_code == 200
        assert case.refusal in html.unescape(response.content.decode())
    assert case.state() == before
    response = client.post(case.url, case.payload(case.own))
    assert response.status_code == 302, html.unescape(response.content.decode())[-3000:]
    assert case.state() != before


def test_the_validation_page_lists_only_the_meetings_the_agent_may_read(client, world):
    case = diagnostic_meeting(world)
    client.force_login(world["users"][case.persona])
    form = client.get(case.url).context["form"]
    assert [meeting.pk for meeting in form.fields["meeting"].queryset] == [case.own]


def test_the_validation_action_refuses_a_meeting_the_actor_may_not_read(world):
    """The rule is the action's, not only the page's: called with a meeting of the CAF's
    convention, it refuses and records nothing."""
    case = diagnostic_meeting(world)
    version = DiagnosticVersion.objects.get(validated_at__isnull=True)
    agent = world["users"][case.persona]
    with pytest.raises(ValidationError) as refused:
        validate_diagnostic_version(agent, version, Meeting.objects.get(pk=case.foreign))
    assert "meeting" in refused.value.message_dict
    assert case.state() is None
    validate_diagnostic_version(agent, version, Meeting.objects.get(pk=case.own))
    assert case.state() == case.own
