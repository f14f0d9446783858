"""Accompaniments: opening, closing with a reason, interventions, the service's list, and the
problems and responses lists per convention (seed 004 art. 2 by default)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reperes.fieldwork.enums import (
    DEFAULT_PROBLEMS,
    DEFAULT_RESPONSES,
    AccessAction,
    ChoiceKind,
    EntryMode,
    ExitReason,
)
from reperes.fieldwork.models import AccessLogEntry, Accompaniment, ChoiceItem, Intervention
from reperes.fieldwork.youths.lists import choice_items_for, current_convention, default_items
from tests.conftest import accept
from tests.factories import ConventionFactory
from tests.fieldwork.factories import (
    AccompanimentFactory,
    ChoiceItemFactory,
    InterventionFactory,
    PartnerFactory,
    YouthFactory,
)
from tests.pages import page_text
from tests.people.factories import StaffMemberFactory


def _defaults(kind):
    # Through the app: a database flushed by a browser test has lost migration 0002's rows.
    return default_items(kind)


def _payload(**overrides):
    data = {"started_on": "2024-04-01", "entry_mode": "street_work", "intensity": "regular"}
    data.update(overrides)
    return data


@pytest.fixture
def youth(world):
    return YouthFactory(service=world["services"]["a"])


# ---------------------------------------------------------------- default lists
@pytest.mark.usefixtures("db")
def test_the_default_problems_are_the_eight_domains_of_seed_004():
    assert [i.label for i in _defaults(ChoiceKind.PROBLEM)] == list(DEFAULT_PROBLEMS)
    assert len(DEFAULT_PROBLEMS) == 8
    assert [i.label for i in _defaults(ChoiceKind.RESPONSE)] == list(DEFAULT_RESPONSES)


def test_choice_items_for_uses_the_default_list_then_the_convention_own(world):
    from reperes.fieldwork.youths import actions

    service = world["services"]["a"]
    convention = world["conventions"]["a"]
    assert list(choice_items_for(service, ChoiceKind.PROBLEM)) == list(
        _defaults(ChoiceKind.PROBLEM)
    )
    own = actions.copy_default_list(None, convention, ChoiceKind.PROBLEM)
    first = own[0]
    actions.toggle_list_item(None, convention, ChoiceKind.PROBLEM, first.pk)
    labels = [i.label for i in choice_items_for(service, ChoiceKind.PROBLEM)]
    assert labels == list(DEFAULT_PROBLEMS[1:])
    assert all(i.convention == convention for i in choice_items_for(service, ChoiceKind.PROBLEM))
    # Service B's convention still uses the defaults; responses too.
    assert list(choice_items_for(world["services"]["b"], ChoiceKind.PROBLEM)) == list(
        _defaults(ChoiceKind.PROBLEM)
    )
    assert list(choice_items_for(service, ChoiceKind.RESPONSE)) == list(
        _defaults(ChoiceKind.RESPONSE)
    )


def test_the_current_convention_is_the_one_in_effect(world):
    service = world["services"]["a"]
    old = world["conventions"]["a"]  # 2023-2025
    new = ConventionFactory(service=service, starts_on=date(2026, 1, 1), ends_on=date(2028, 12, 31))
    # A funder's draft rules nothing until the operator accepts it.
    assert current_convention(service, date(2027, 6, 1)) == old
    accept(new)
    assert current_convention(service, date(2024, 6, 1)) == old
    assert current_convention(service, date(2027, 6, 1)) == new
    assert current_convention(service, date(2030, 1, 1)) == new  # none in effect: the latest
    assert current_convention(None) is None


# ---------------------------------------------------------------- create
def test_open_an_accompaniment(client, world, youth):
    service = world["services"]["a"]
    partner = PartnerFactory(service=service)
    referent = StaffMemberFactory(service=service)
    problems = list(_defaults(ChoiceKind.PROBLEM)[:2])
    response_item = _defaults(ChoiceKind.RESPONSE).first()
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:youth_accompaniment_create", kwargs={"pk": youth.public_id})
    page = client.get(url)
    assert "Emploi et formation" in page.content.decode()
    response = client.post(
        url,
        _payload(
            entry_mode=EntryMode.PARTNER,
            orienting_partner=partner.pk,
            referents=[referent.pk],
            problems=[p.pk for p in problems],
            responses=[response_item.pk],
        ),
    )
    assert response.status_code == 302
    accompaniment = Accompaniment.objects.get()
    assert (accompaniment.service, accompaniment.youth) == (service, youth)
    assert set(accompaniment.problems.all()) == set(problems)
    assert list(accompaniment.referents.all()) == [referent]
    assert accompaniment.orienting_partner == partner
    entry = AccessLogEntry.objects.first()
    assert (entry.action, entry.record, entry.record_id) == (
        AccessAction.CREATE,
        "accompaniment",
        str(accompaniment.public_id),
    )


def test_an_orientation_names_the_partner(client, world, youth):
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:youth_accompaniment_create", kwargs={"pk": youth.public_id})
    response = client.post(url, _payload(entry_mode=EntryMode.PARTNER))
    assert "Indiquez le partenaire qui a orienté le jeune" in response.content.decode()
    assert not Accompaniment.objects.exists()


def test_choices_belong_to_the_service(client, world, youth):
    other_partner = PartnerFactory(service=world["services"]["b"])
    other_staff = StaffMemberFactory(service=world["services"]["b"])
    foreign_item = ChoiceItemFactory(convention=world["conventions"]["b"])
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:youth_accompaniment_create", kwargs={"pk": youth.public_id})
    for field, value in (
        ("orienting_partner", other_partner.pk),
        ("referents", [other_staff.pk]),
        ("problems", [foreign_item.pk]),
    ):
        response = client.post(url, _payload(**{field: value}))
        assert response.status_code == 200, field
        assert "Sélectionnez un choix valide" in response.content.decode(), field
    assert not Accompaniment.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"ended_on": "2024-05-01"}, "Un accompagnement terminé a un motif de fin."),
        (
            {"ended_on": "2024-03-01", "exit_reason": "moved"},
            "La fin ne peut précéder le début de l&#x27;accompagnement.",
        ),
        ({"exit_reason": "moved"}, "Indiquez la date de fin, ou laissez le motif vide."),
        ({"started_on": "2024-01-01"}, "ne peut commencer avant le premier contact (01/03/2024)"),
        ({"started_on": "2999-01-01"}, "Le début ne peut pas être dans le futur."),
    ],
)
def test_bad_dates_are_refused_in_french(client, world, youth, overrides, message):
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:youth_accompaniment_create", kwargs={"pk": youth.public_id})
    response = client.post(url, _payload(**overrides))
    assert message in response.content.decode()
    assert not Accompaniment.objects.exists()


# ---------------------------------------------------------------- close and edit
def test_closing_requires_a_reason(client, world, youth):
    accompaniment = AccompanimentFactory(youth=youth)
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:accompaniment_close", kwargs={"pk": accompaniment.public_id})
    response = client.post(url, {"ended_on": "2024-06-30", "exit_reason": ""})
    assert "Un accompagnement terminé a un motif de fin." in response.content.decode()
    accompaniment.refresh_from_db()
    assert accompaniment.ended_on is None
    response = client.post(url, {"ended_on": "2024-01-01", "exit_reason": "moved"})
    assert "La fin ne peut précéder le début" in response.content.decode()
    response = client.post(url, {"ended_on": "2024-06-30", "exit_reason": ExitReason.HANDED_OVER})
    assert response.status_code == 302
    accompaniment.refresh_from_db()
    assert (accompaniment.ended_on, accompaniment.exit_reason) == (
        date(2024, 6, 30),
        ExitReason.HANDED_OVER,
    )
    assert accompaniment.duration_days() == 107
    entry = AccessLogEntry.objects.first()
    assert set(entry.fields) == {"ended_on", "exit_reason"}


@pytest.mark.usefixtures("world")
def test_the_close_action_refuses_an_end_without_reason(youth):
    from django.core.exceptions import ValidationError

    from reperes.fieldwork.youths import actions

    accompaniment = AccompanimentFactory(youth=youth)
    with pytest.raises(ValidationError):
        actions.close_accompaniment(None, accompaniment, ended_on=date(2024, 6, 1), exit_reason="")
    assert not AccessLogEntry.objects.exists()


def test_edit_keeps_a_deactivated_problem_already_chosen(client, world, youth):
    from reperes.fieldwork.youths import actions

    convention = world["conventions"]["a"]
    items = actions.copy_default_list(None, convention, ChoiceKind.PROBLEM)
    accompaniment = AccompanimentFactory(youth=youth)
    accompaniment.problems.set([items[0]])
    actions.toggle_list_item(None, convention, ChoiceKind.PROBLEM, items[0].pk)
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:accompaniment_edit", kwargs={"pk": accompaniment.public_id})
    form = client.get(url).context["form"]
    assert items[0] in form.fields["problems"].queryset
    assert items[1] in form.fields["problems"].queryset
    response = client.post(
        url, _payload(started_on="2024-03-15", problems=[items[0].pk, items[1].pk])
    )
    assert response.status_code == 302
    assert set(accompaniment.problems.all()) == {items[0], items[1]}
    assert AccessLogEntry.objects.first().fields == ["problems"]


def test_add_an_intervention(client, world, youth):
    accompaniment = AccompanimentFactory(youth=youth)
    staff = StaffMemberFactory(service=world["services"]["a"])
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:intervention_add", kwargs={"pk": accompaniment.public_id})
    page_text(
        client.post(url, {"occurred_on": "2024-03-01", "kind": "home_visit"}),
        "ne peut pas le précéder",
    )
    page_text(
        client.post(
            url, {"occurred_on": "2024-04-01", "kind": "interview", "duration_minutes": "0"}
        ),
        "Une durée est comprise entre 1 minute et 24 heures.",
    )
    response = client.post(
        url,
        {
            "occurred_on": "2024-04-01",
            "kind": "home_visit",
            "duration_minutes": "60",
            "staff": staff.pk,
        },
    )
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert (intervention.kind, intervention.staff) == ("home_visit", staff)
    page = client.get(
        reverse("fieldwork:accompaniment_detail", kwargs={"pk": accompaniment.public_id})
    )
    assert "Visite à domicile" in page.content.decode()


def test_no_intervention_after_the_end(client, world, youth):
    accompaniment = AccompanimentFactory(youth=youth, closed=True)
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:intervention_add", kwargs={"pk": accompaniment.public_id})
    response = client.post(url, {"occurred_on": "2024-12-01", "kind": "interview"})
    assert "L&#x27;accompagnement s&#x27;est terminé le 30/09/2024." in response.content.decode()


# ---------------------------------------------------------------- the service's list
def _populate(world, n):
    service = world["services"]["a"]
    problem = _defaults(ChoiceKind.PROBLEM).first()
    for i in range(n):
        accompaniment = AccompanimentFactory(
            youth=YouthFactory(service=service, with_identity=True),
            closed=bool(i % 2),
            orienting_partner=PartnerFactory(service=service) if i % 3 == 0 else None,
        )
        accompaniment.problems.add(problem)
        accompaniment.referents.add(StaffMemberFactory(service=service))
        InterventionFactory(accompaniment=accompaniment)


def test_the_list_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:accompaniment_list")
    _populate(world, 3)
    client.get(url)  # the first request after sign-in renews the session; measure after it
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _populate(world, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(response.context["rows"]) == 30
    assert "Dupontel" not in response.content.decode()


def test_list_filters(client, world, youth):
    service = world["services"]["a"]
    problem = _defaults(ChoiceKind.PROBLEM).last()
    open_one = AccompanimentFactory(youth=youth, entry_mode=EntryMode.FAMILY)
    open_one.problems.add(problem)
    closed = AccompanimentFactory(youth=YouthFactory(service=service), closed=True)
    AccompanimentFactory(youth=YouthFactory(service=world["services"]["b"]))
    client.force_login(world["users"]["educator_a"])
    url = reverse("fieldwork:accompaniment_list")

    def rows(**query):
        return [row["a"] for row in client.get(url, query).context["rows"]]

    assert set(rows()) == {open_one, closed}
    assert rows(statut="en-cours") == [open_one]
    assert rows(statut="termines") == [closed]
    assert rows(entree=EntryMode.FAMILY) == [open_one]
    assert rows(problematique=problem.pk) == [open_one]


# ---------------------------------------------------------------- the director's lists page
def test_the_director_adapts_the_convention_lists(client, world, youth):
    convention = world["conventions"]["a"]
    client.force_login(world["users"]["director_a"])
    url = reverse("fieldwork:lists")
    page = client.get(url)
    assert "Justice et accès aux droits" in page.content.decode()
    assert client.post(url, {"liste": "problem", "op": "copier"}).status_code == 302
    own = list(ChoiceItem.objects.filter(convention=convention, kind="problem").order_by("order"))
    assert [i.label for i in own] == list(DEFAULT_PROBLEMS)
    response = client.post(
        url, {"liste": "problem", "op": "ajouter", "problem-label": " Mobilité "}
    )
    assert response.status_code == 302
    added = ChoiceItem.objects.get(convention=convention, label="Mobilité")
    response = client.post(url, {"liste": "problem", "op": "ajouter", "problem-label": "mobilité"})
    assert "La liste contient déjà « mobilité »." in response.content.decode()
    client.post(url, {"liste": "problem", "op": "basculer", "entree": own[0].pk})
    client.post(url, {"liste": "problem", "op": "monter", "entree": added.pk})
    labels = [i.label for i in choice_items_for(world["services"]["a"], ChoiceKind.PROBLEM)]
    assert labels == [*DEFAULT_PROBLEMS[1:7], "Mobilité", DEFAULT_PROBLEMS[7]]
    # The accompaniment form proposes the convention's list.
    form = client.get(
        reverse("fieldwork:youth_accompaniment_create", kwargs={"pk": youth.public_id})
    ).context["form"]
    proposed = [i.label for i in form.fields["problems"].queryset]
    assert "Mobilité" in proposed
    assert DEFAULT_PROBLEMS[0] not in proposed


def test_an_entry_of_another_convention_cannot_be_touched(client, world):
    foreign = ChoiceItemFactory(convention=world["conventions"]["b"])
    client.force_login(world["users"]["director_a"])
    client.post(reverse("fieldwork:lists"), {"liste": "problem", "op": "copier"})
    response = client.post(
        reverse("fieldwork:lists"), {"liste": "problem", "op": "basculer", "entree": foreign.pk}
    )
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.active


def test_educators_cannot_change_the_lists(client, world):
    client.force_login(world["users"]["educator_a"])
    response = client.post(reverse("fieldwork:lists"), {"liste": "problem", "op": "copier"})
    assert response.status_code == 403
    assert not ChoiceItem.objects.filter(convention__isnull=False).exists()
    client.force_login(world["users"]["departement_agent"])
    response = client.post(reverse("fieldwork:lists"), {"liste": "problem", "op": "copier"})
    assert response.status_code == 404


@pytest.mark.usefixtures("world")
def test_a_service_without_convention_keeps_the_default_lists(client):
    from tests.factories import ServiceFactory, UserFactory

    service = ServiceFactory()
    director = UserFactory(role="service_director", service=service, organisation=service.operator)
    client.force_login(director)
    response = client.get(reverse("fieldwork:lists"))
    assert "n&#x27;a pas encore de convention" in response.content.decode() or (
        "n'a pas encore de convention" in response.content.decode()
    )
    assert (
        client.post(reverse("fieldwork:lists"), {"liste": "problem", "op": "copier"}).status_code
        == 404
    )
    assert list(choice_items_for(service, ChoiceKind.PROBLEM)) == list(
        _defaults(ChoiceKind.PROBLEM)
    )
