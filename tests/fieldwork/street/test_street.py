"""The phone home screen and street sessions: recorded in three taps, anonymous tallies only,
French messages, nothing lost or half-written on error, service A's sessions never seen by
anyone else."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import AgeBand, Gender, SessionKind
from reperes.fieldwork.models import ContactCount, StreetSession
from reperes.fieldwork.street.forms import count_field_name, parse_duration
from tests.fieldwork.factories import ContactCountFactory, StreetSessionFactory
from tests.forms import form_data
from tests.people.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- home
def test_home_shows_the_big_buttons_today_and_the_week(client, field):
    client.force_login(field["users"]["educator_a"])
    today = timezone.localdate()
    session = StreetSessionFactory(service=field["service"], date=today, quartier=field["centre"])
    ContactCountFactory(session=session, count=4)
    StreetSessionFactory(service=field["services"]["b"], date=today)
    response = client.get(reverse("fieldwork:home"))
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Travail de rue maintenant",
        "Présence sociale",
        "Mon temps de la semaine",
        "Action collective",
        "Observation",
    ):
        assert label in html
    assert len(response.context["sessions"]) == 1
    assert response.context["contacts_today"] == 4
    assert response.context["week_hours"] == "0"
    assert "Centre-Test" in html


def test_home_for_an_educator_without_register_entry_explains(client, field):
    client.force_login(field["users"]["director_a"])
    response = client.get(reverse("fieldwork:home"))
    assert response.status_code == 200
    assert "relié à aucune fiche du registre" in response.content.decode()
    assert response.context["week_hours"] is None


def test_nav_and_site_home_lead_field_users_to_the_field_home(client, field):
    url = reverse("fieldwork:home")
    client.force_login(field["users"]["educator_a"])
    # The site home sends an educator straight to the field home (reperes/home/landing.py);
    # the navigation of every other page links to it.
    assert client.get(reverse("core:home"))["Location"] == url
    html = client.get(reverse("conventions:list")).content.decode()
    assert f'href="{url}"' in html
    client.force_login(field["users"]["departement_agent"])
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{url}"' not in html


def test_field_pages_have_no_inline_script_or_style(client, field):
    """The CSP forbids inline scripts and styles: the steppers come from a static file."""
    client.force_login(field["users"]["educator_a"])
    for name in ("fieldwork:home", "fieldwork:session_create", "fieldwork:time_week"):
        html = client.get(reverse(name)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), name
        assert " style=" not in html, name
        assert "<style" not in html, name
    html = client.get(reverse("fieldwork:session_create")).content.decode()
    assert "/static/js/fieldwork.js" in html


# ---------------------------------------------------------------- recording a session
def test_the_form_is_prefilled_from_the_service_first_sector(client, field):
    client.force_login(field["users"]["educator_a"])
    response = client.get(reverse("fieldwork:session_create"))
    form = response.context["form"]
    assert form["kind"].value() == SessionKind.STREET_WORK
    assert form["date"].value() == timezone.localdate()
    assert form["duration"].value() == "2 h"
    assert form["where"].value() == f"q:{field['haut'].pk}"
    assert form["educators"].value() == [field["staff"].pk]
    assert form[count_field_name(Gender.BOY, AgeBand.FROM_15)].value() == 0


def test_the_form_is_prefilled_with_the_last_session_quartier(client, field):
    client.force_login(field["users"]["educator_a"])
    older = StreetSessionFactory(service=field["service"], quartier=field["haut"])
    older.educators.add(field["staff"])
    last = StreetSessionFactory(
        service=field["service"], quartier=field["centre"], commune=field["commune"]
    )
    last.educators.add(field["staff"])
    response = client.get(reverse("fieldwork:session_create") + "?nature=social_presence")
    assert response.context["form"]["where"].value() == f"q:{field['centre'].pk}"
    assert response.context["form"]["kind"].value() == SessionKind.SOCIAL_PRESENCE


def test_one_plus_and_save_records_the_session_and_its_counts(client, field):
    """The three taps: open the form, one « + », « Enregistrer »."""
    client.force_login(field["users"]["educator_a"])
    data = form_data(client.get(reverse("fieldwork:session_create")))
    data[count_field_name(Gender.BOY, AgeBand.FROM_15)] = 1
    response = client.post(reverse("fieldwork:session_create"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("fieldwork:home")
    session = StreetSession.objects.get()
    assert session.service == field["service"]
    assert session.date == timezone.localdate()
    assert session.duration_minutes == 120
    assert session.quartier == field["haut"]
    assert session.commune == field["commune"]
    assert session.recorded_by == field["users"]["educator_a"]
    assert list(session.educators.all()) == [field["staff"]]
    # Only the non-zero tally is stored: 20 empty counters, one row.
    assert list(session.contacts.values_list("gender", "age_band", "count", "quartier")) == [
        (Gender.BOY, AgeBand.FROM_15, 1, field["haut"].pk)
    ]
    entry = AuditEntry.objects.get(action="fieldwork.session.record")
    assert entry.object_id == session.pk
    assert "1 contact" in entry.summary
    follow = client.get(response["Location"])
    assert "Séance enregistrée : 1 contact." in follow.content.decode()


def test_a_session_without_contact_is_recorded(client, field):
    client.force_login(field["users"]["educator_a"])
    data = form_data(client.get(reverse("fieldwork:session_create")))
    assert client.post(reverse("fieldwork:session_create"), data).status_code == 302
    assert StreetSession.objects.count() == 1
    assert ContactCount.objects.count() == 0


def test_an_educator_without_register_entry_can_record(client, field):
    client.force_login(field["users"]["director_a"])
    response = client.get(reverse("fieldwork:session_create"))
    assert "Votre compte n'est relié à aucune fiche" in response.content.decode()
    data = form_data(response)
    data[count_field_name(Gender.GIRL, AgeBand.FROM_11)] = 2
    assert client.post(reverse("fieldwork:session_create"), data).status_code == 302
    session = StreetSession.objects.get()
    assert session.recorded_by == field["users"]["director_a"]
    assert not session.educators.exists()


@pytest.mark.parametrize(
    ("change", "field_name", "message"),
    [
        ({count_field_name("f", "11-14"): -1}, count_field_name("f", "11-14"), "négatif"),
        ({count_field_name("m", "?"): "beaucoup"}, count_field_name("m", "?"), "nombre entier"),
        ({"duration": "0 min"}, "duration", "entre une minute et 24 heures"),
        ({"duration": "24 h 30"}, "duration", "entre une minute et 24 heures"),
        ({"duration": "longtemps"}, "duration", "par exemple 2 h"),
        ({"date": "demain"}, "date", "date valide"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_lost(
    client, field, change, field_name, message
):
    client.force_login(field["users"]["educator_a"])
    data = form_data(client.get(reverse("fieldwork:session_create")))
    data[count_field_name(Gender.GIRL, AgeBand.FROM_18)] = 3
    data.update(change)
    response = client.post(reverse("fieldwork:session_create"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field_name])
    assert StreetSession.objects.count() == 0
    assert ContactCount.objects.count() == 0
    # What was typed is still there.
    assert form[count_field_name(Gender.GIRL, AgeBand.FROM_18)].value() == "3"
    assert str(form[field_name].value()) == str(change[field_name])


def test_a_date_in_the_future_is_refused(client, field):
    client.force_login(field["users"]["educator_a"])
    data = form_data(client.get(reverse("fieldwork:session_create")))
    data["date"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(reverse("fieldwork:session_create"), data)
    assert "ne peut pas être dans le futur" in " ".join(response.context["form"].errors["date"])
    assert StreetSession.objects.count() == 0


def test_a_staff_member_of_another_service_cannot_be_named(client, field):
    other = StaffMemberFactory(service=field["services"]["b"])
    client.force_login(field["users"]["educator_a"])
    data = form_data(client.get(reverse("fieldwork:session_create")))
    data["educators"] = [other.pk]
    response = client.post(reverse("fieldwork:session_create"), data)
    assert response.status_code == 200
    assert "educators" in response.context["form"].errors
    assert StreetSession.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2 h", 120),
        ("2h", 120),
        ("2", 120),
        ("1 h 30", 90),
        ("1h30", 90),
        ("1:30", 90),
        ("0h45", 45),
        ("45 min", 45),
        ("90mn", 90),
        ("1,5", 90),
        ("1.25 h", 75),
        ("24 h", 1440),
        ("1 h 75", None),
        ("deux heures", None),
        ("", None),
    ],
)
def test_durations_are_read_as_people_write_them(text, minutes):
    assert parse_duration(text) == minutes


# ---------------------------------------------------------------- list, edit, delete
def _sessions(service, count):
    for i in range(count):
        session = StreetSessionFactory(service=service, date=timezone.localdate() - timedelta(i))
        ContactCountFactory(session=session)
        session.educators.add(StaffMemberFactory(service=service))


def test_the_list_costs_the_same_queries_for_3_and_30_sessions(
    client, field, django_assert_max_num_queries, django_assert_num_queries
):
    client.force_login(field["users"]["educator_a"])
    _sessions(field["service"], 3)
    client.get(reverse("fieldwork:session_list"))  # the first request renews the session
    with django_assert_max_num_queries(15) as small:
        assert client.get(reverse("fieldwork:session_list")).status_code == 200
    _sessions(field["service"], 27)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("fieldwork:session_list"))
    assert len(response.context["sessions"]) == 25
    assert response.context["page"].paginator.count == 30


def test_the_list_shows_only_the_own_service(client, field):
    StreetSessionFactory(service=field["services"]["b"])
    StreetSessionFactory(service=field["service"])
    client.force_login(field["users"]["educator_b"])
    assert client.get(reverse("fieldwork:session_list")).context["page"].paginator.count == 1
    client.force_login(field["users"]["director_a"])
    assert client.get(reverse("fieldwork:session_list")).context["page"].paginator.count == 1


def test_editing_replaces_the_counts(client, field):
    session = StreetSessionFactory(service=field["service"], quartier=field["centre"])
    ContactCountFactory(session=session, gender=Gender.BOY, age_band=AgeBand.FROM_15, count=3)
    url = reverse("fieldwork:session_edit", kwargs={"pk": session.pk})
    client.force_login(field["users"]["director_a"])
    response = client.get(url)
    data = form_data(response)
    assert data[count_field_name(Gender.BOY, AgeBand.FROM_15)] == 3
    assert data["where"] == f"q:{field['centre'].pk}"
    data[count_field_name(Gender.BOY, AgeBand.FROM_15)] = 0
    data[count_field_name(Gender.GIRL, AgeBand.FROM_22)] = 2
    data["duration"] = "1 h 30"
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.duration_minutes == 90
    assert list(session.contacts.values_list("gender", "age_band", "count")) == [
        (Gender.GIRL, AgeBand.FROM_22, 2)
    ]
    assert AuditEntry.objects.filter(action="fieldwork.session.update").count() == 1


def test_deleting_asks_then_deletes(client, field):
    session = StreetSessionFactory(service=field["service"])
    ContactCountFactory(session=session)
    url = reverse("fieldwork:session_delete", kwargs={"pk": session.pk})
    client.force_login(field["users"]["educator_a"])
    assert "3 contacts" in client.get(url).content.decode()
    assert StreetSession.objects.count() == 1
    assert client.post(url).status_code == 302
    assert StreetSession.objects.count() == 0
    assert ContactCount.objects.count() == 0
    assert AuditEntry.objects.filter(action="fieldwork.session.delete").count() == 1


@pytest.mark.parametrize("persona", ["educator_b", "departement_agent", "dpo", "platform_admin"])
def test_others_can_neither_change_nor_delete(client, field, persona):
    session = StreetSessionFactory(service=field["service"], duration_minutes=60)
    ContactCountFactory(session=session)
    client.force_login(field["users"][persona])
    data = {"kind": "street_work", "date": session.date.isoformat(), "duration": "3 h"}
    edit = client.post(reverse("fieldwork:session_edit", kwargs={"pk": session.pk}), data)
    delete = client.post(reverse("fieldwork:session_delete", kwargs={"pk": session.pk}))
    create = client.post(reverse("fieldwork:session_create"), data)
    assert (edit.status_code, delete.status_code) == (404, 404)
    # Educator B records in their own service; nobody else records at all.
    assert create.status_code == (302 if persona == "educator_b" else 404)
    session.refresh_from_db()
    assert session.duration_minutes == 60
    assert StreetSession.objects.filter(service=field["service"]).count() == 1
    assert StreetSession.objects.filter(service=field["services"]["b"]).count() == (
        1 if persona == "educator_b" else 0
    )


# ---------------------------------------------------------------- API
def test_api_gives_sessions_with_their_counts_to_the_service_only(client, field):
    session = StreetSessionFactory(service=field["service"])
    ContactCountFactory(session=session, count=3)
    ContactCountFactory(session=session, gender=Gender.GIRL, count=2)
    StreetSessionFactory(service=field["services"]["b"])
    client.force_login(field["users"]["educator_a"])
    data = client.get(reverse("api:street-session-list")).json()
    assert [s["id"] for s in data["results"]] == [session.pk]
    assert data["results"][0]["contacts_total"] == 5
    assert sorted(c["count"] for c in data["results"][0]["contacts"]) == [2, 3]
    client.force_login(field["users"]["educator_b"])
    detail = reverse("api:street-session-detail", kwargs={"pk": session.pk})
    assert client.get(detail).status_code == 404
    assert len(client.get(reverse("api:street-session-list")).json()["results"]) == 1
    client.force_login(field["users"]["commune_agent"])
    assert client.get(reverse("api:street-session-list")).status_code == 404


def test_a_place_must_be_in_the_chosen_commune(client, field):
    from reperes.partners.models import Place
    from tests.factories import CommuneFactory

    elsewhere = CommuneFactory(name="Ailleurs-Test")
    field["service"].communes.add(elsewhere)
    stade = Place.objects.create(commune=elsewhere, name="City-stade", kind="espace_public")
    client.force_login(field["users"]["educator_a"])
    data = form_data(client.get(reverse("fieldwork:session_create")))
    data["place"] = stade.pk
    response = client.post(reverse("fieldwork:session_create"), data)
    assert response.context["form"].errors["place"] == [
        "Ce lieu n'est pas dans la commune choisie."
    ]
    assert not StreetSession.objects.exists()
    data["where"] = f"c:{elsewhere.pk}"
    assert client.post(reverse("fieldwork:session_create"), data).status_code == 302
    assert StreetSession.objects.get().place == stade


def test_the_action_refuses_what_the_form_would(field):
    from django.core.exceptions import ValidationError

    from reperes.fieldwork.street.actions import record_street_session

    user = field["users"]["educator_a"]
    common = {"date": timezone.localdate(), "duration_minutes": 60}
    with pytest.raises(ValidationError, match="négatif"):
        record_street_session(user, field["service"], counts={("m", "15-17"): -1}, **common)
    with pytest.raises(ValidationError, match="inconnus"):
        record_street_session(user, field["service"], counts={("z", "15-17"): 1}, **common)
    with pytest.raises(ValidationError, match="appartiennent au service"):
        record_street_session(
            user,
            field["service"],
            counts={},
            educators=[StaffMemberFactory(service=field["services"]["b"])],
            **common,
        )
    with pytest.raises(ValidationError):
        record_street_session(
            user, field["service"], counts={}, date=timezone.localdate(), duration_minutes=0
        )
    assert not StreetSession.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="fieldwork.session").exists()


def test_the_list_page_does_not_join_every_session_to_its_contacts(
    client, field, django_assert_max_num_queries
):
    """The totals come from a correlated subquery, so the database reads only the page's
    sessions (docs/benchmarks.md: a join with GROUP BY grew with the service's history)."""
    _sessions(field["service"], 3)
    client.force_login(field["users"]["educator_a"])
    with django_assert_max_num_queries(15) as captured:
        response = client.get(reverse("fieldwork:session_list"))
    assert [s.contacts_total for s in response.context["sessions"]] == [3, 3, 3]
    page_queries = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "fieldwork_streetsession"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert page_queries
    for sql in page_queries:
        assert 'JOIN "fieldwork_contactcount"' not in sql
