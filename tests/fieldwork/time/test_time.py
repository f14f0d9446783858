"""The weekly time grid: seven days × the eight items of seed 000 annex 1, in hours. A bad
week is refused whole with a French message; a good one replaces the week atomically."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.fieldwork.enums import PAS_DE_CALAIS_COLUMN, PasDeCalaisColumn, TimeCategory
from reperes.fieldwork.models import TimeEntry
from reperes.fieldwork.time.actions import save_time_week
from reperes.fieldwork.time.forms import hours_field_name
from reperes.fieldwork.time.views import week_monday
from tests.fieldwork.factories import TimeEntryFactory
from tests.people.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 10)  # ISO week 11 of 2025
WEEK = "2025-W11"


def _url(week: str = WEEK, **extra: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"semaine": week, **extra}.items())
    return f"{reverse('fieldwork:time_week')}?{query}"


def _post(client, cells: dict[tuple[int, str], str], url: str | None = None):
    data = {hours_field_name(category, day): value for (day, category), value in cells.items()}
    return client.post(url or _url(), data)


def _week_entries(staff):
    return {
        (e.day, e.category): e.hours
        for e in TimeEntry.objects.filter(staff=staff).order_by("day", "category")
    }


def test_the_eight_items_are_seed_000s_and_map_to_the_pas_de_calais_columns():
    assert [label for _, label in TimeCategory.choices] == [
        "Présence sociale",
        "Accompagnement individuel",
        "Action collective",
        "Réunion institutionnelle",
        "Réunion extérieure",
        "Travail administratif",
        "Formation",
        "Autre",
    ]
    assert set(PAS_DE_CALAIS_COLUMN) == set(TimeCategory)
    # « Temps préparation activités » has no item of its own in seed 000.
    assert set(PAS_DE_CALAIS_COLUMN.values()) == set(PasDeCalaisColumn) - {
        PasDeCalaisColumn.PREPARATION
    }


def test_week_parameter():
    today = date(2025, 3, 13)
    assert week_monday("2025-W11", today) == MONDAY
    assert week_monday("2026-W01", today) == date(2025, 12, 29)
    assert week_monday("2025-W54", today) == MONDAY  # no such week: this week
    assert week_monday("n'importe quoi", today) == MONDAY
    assert week_monday(None, today) == MONDAY


def test_the_grid_is_prefilled_and_ordered_day_by_day(client, field):
    TimeEntryFactory(
        staff=field["staff"], day=MONDAY, category=TimeCategory.SOCIAL_PRESENCE, hours="3.5"
    )
    TimeEntryFactory(
        staff=field["staff"],
        day=MONDAY + timedelta(1),
        category=TimeCategory.ADMINISTRATIVE,
        hours="7",
    )
    client.force_login(field["users"]["educator_a"])
    response = client.get(_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Temps de la semaine 11" in html
    form = response.context["form"]
    assert form[hours_field_name(TimeCategory.SOCIAL_PRESENCE, 0)].value() == "3,5"
    assert form[hours_field_name(TimeCategory.ADMINISTRATIVE, 1)].value() == "7"
    assert response.context["grid"]["week_total"] == "10,5"
    assert response.context["grid"]["rows"][0]["total"] == "3,5"
    # Tab order: the inputs come in the page day after day, the eight items of one day first.
    names = re.findall(r'name="(h_\d_[a-z_]+)"', html)
    assert len(names) == 56
    assert [int(n.split("_")[1]) for n in names] == [d for d in range(7) for _ in range(8)]
    # Previous and next weeks.
    assert "semaine=2025-W10" in response.context["previous_url"]
    assert "semaine=2025-W12" in response.context["next_url"]


def test_saving_replaces_the_week_and_accepts_comma_and_dot(client, field):
    staff = field["staff"]
    TimeEntryFactory(staff=staff, day=MONDAY, category=TimeCategory.TRAINING, hours="2")
    outside = TimeEntryFactory(
        staff=staff, day=MONDAY - timedelta(1), category=TimeCategory.OTHER, hours="1"
    )
    client.force_login(field["users"]["educator_a"])
    response = _post(
        client,
        {
            (0, TimeCategory.SOCIAL_PRESENCE): "3,5",
            (0, TimeCategory.TRAINING): "0",
            (0, TimeCategory.INDIVIDUAL): "2.25",
            (4, TimeCategory.COLLECTIVE): " 7 ",
            (5, TimeCategory.OTHER): "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url()
    assert _week_entries(staff) == {
        (MONDAY - timedelta(1), TimeCategory.OTHER): Decimal("1.00"),
        (MONDAY, TimeCategory.INDIVIDUAL): Decimal("2.25"),
        (MONDAY, TimeCategory.SOCIAL_PRESENCE): Decimal("3.50"),
        (MONDAY + timedelta(4), TimeCategory.COLLECTIVE): Decimal("7.00"),
    }
    assert TimeEntry.objects.filter(pk=outside.pk).exists()
    entry = AuditEntry.objects.get(action="fieldwork.time.week")
    assert entry.data["week"] == WEEK
    assert "12,75 h" in entry.summary
    assert "Semaine 11 enregistrée : 12,75 h." in client.get(_url()).content.decode()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {(2, TimeCategory.SOCIAL_PRESENCE): "20", (2, TimeCategory.OTHER): "5"},
            "Mercredi 12/03 : 25 h saisies, une journée compte au plus 24 heures.",
        ),
        ({(1, TimeCategory.TRAINING): "-2"}, "Un temps ne peut pas être négatif."),
        ({(1, TimeCategory.TRAINING): "deux"}, "Saisissez un nombre d'heures, par exemple 1,5."),
        ({(1, TimeCategory.TRAINING): "1,5,2"}, "Saisissez un nombre d'heures, par exemple 1,5."),
        ({(1, TimeCategory.TRAINING): "nan"}, "Saisissez un nombre d'heures, par exemple 1,5."),
        ({(1, TimeCategory.TRAINING): "1,333"}, "Deux décimales au plus (ex. 1,25)."),
        ({(1, TimeCategory.TRAINING): "25"}, "Une journée compte au plus 24 heures."),
    ],
)
def test_a_bad_week_is_refused_whole(client, field, cells, message):
    staff = field["staff"]
    TimeEntryFactory(staff=staff, day=MONDAY, category=TimeCategory.TRAINING, hours="2")
    client.force_login(field["users"]["educator_a"])
    good = {(0, TimeCategory.SOCIAL_PRESENCE): "4", (3, TimeCategory.INDIVIDUAL): "1,5"}
    response = _post(client, {**good, **cells})
    assert response.status_code == 200
    form = response.context["form"]
    errors = [e for errs in form.errors.values() for e in errs]
    assert message in errors
    # Nothing saved: the week is as it was.
    assert _week_entries(staff) == {(MONDAY, TimeCategory.TRAINING): Decimal("2.00")}
    # Nothing typed is lost.
    for (day, category), value in {**good, **cells}.items():
        assert form[hours_field_name(category, day)].value() == value


def test_hours_before_arrival_or_after_departure_are_refused(client, field):
    staff = field["staff"]
    staff.arrival = MONDAY + timedelta(2)
    staff.departure = MONDAY + timedelta(3)
    staff.save()
    client.force_login(field["users"]["educator_a"])
    response = _post(
        client,
        {(1, TimeCategory.SOCIAL_PRESENCE): "3", (4, TimeCategory.ADMINISTRATIVE): "2"},
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert (
        "Mardi 11/03 : des heures sont saisies avant l'arrivée dans le service (12/03/2025)."
        in errors
    )
    assert (
        "Vendredi 14/03 : des heures sont saisies après le départ du service (13/03/2025)."
        in errors
    )
    assert not TimeEntry.objects.exists()
    # Days outside the contract are shown, disabled.
    html = client.get(_url()).content.decode()
    assert html.count("hors contrat") == 5
    assert _post(client, {(2, TimeCategory.SOCIAL_PRESENCE): "3"}).status_code == 302


def test_the_action_checks_the_rules_too(field):
    staff = field["staff"]
    with pytest.raises(ValidationError, match="plus de 24 heures"):
        save_time_week(
            None,
            staff,
            MONDAY,
            {
                (MONDAY, TimeCategory.SOCIAL_PRESENCE): Decimal(20),
                (MONDAY, TimeCategory.OTHER): Decimal(5),
            },
        )
    with pytest.raises(ValidationError, match="hors de la présence"):
        save_time_week(None, staff, date(2019, 1, 7), {(date(2019, 1, 7), "other"): Decimal(1)})
    with pytest.raises(ValidationError, match="pas dans la semaine"):
        save_time_week(None, staff, MONDAY, {(MONDAY - timedelta(1), "other"): Decimal(1)})
    with pytest.raises(ValidationError, match="lundi"):
        save_time_week(None, staff, MONDAY + timedelta(1), {})
    assert not TimeEntry.objects.exists()


def test_copying_last_week_prefills_without_saving(client, field):
    staff = field["staff"]
    previous = MONDAY - timedelta(7)
    TimeEntryFactory(staff=staff, day=previous, category=TimeCategory.SOCIAL_PRESENCE, hours="4")
    TimeEntryFactory(
        staff=staff, day=previous + timedelta(6), category=TimeCategory.OTHER, hours="1"
    )
    TimeEntryFactory(staff=staff, day=MONDAY, category=TimeCategory.TRAINING, hours="8")
    client.force_login(field["users"]["educator_a"])
    response = client.get(_url(copier="1"))
    form = response.context["form"]
    assert form[hours_field_name(TimeCategory.SOCIAL_PRESENCE, 0)].value() == "4"
    assert form[hours_field_name(TimeCategory.OTHER, 6)].value() == "1"
    assert form[hours_field_name(TimeCategory.TRAINING, 0)].value() is None
    assert "vérifiez, puis enregistrez" in response.content.decode()
    assert TimeEntry.objects.filter(day__gte=MONDAY).count() == 1  # nothing saved yet
    assert _post(client, {(0, TimeCategory.SOCIAL_PRESENCE): "4"}).status_code == 302
    assert _week_entries(staff)[(MONDAY, TimeCategory.SOCIAL_PRESENCE)] == Decimal(4)
    assert (MONDAY, TimeCategory.TRAINING) not in _week_entries(staff)


def test_a_director_opens_and_fills_the_grid_of_a_staff_member(client, field):
    colleague = StaffMemberFactory(service=field["service"], display_name="Collègue Fictif")
    client.force_login(field["users"]["director_a"])
    url = _url(personne=str(colleague.public_id))
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["staff"] == colleague
    assert "Collègue Fictif" in response.content.decode()
    response = _post(client, {(0, TimeCategory.INDIVIDUAL): "2"}, url)
    assert response.status_code == 302
    assert response["Location"] == url
    assert _week_entries(colleague) == {(MONDAY, TimeCategory.INDIVIDUAL): Decimal(2)}
    assert not TimeEntry.objects.filter(staff=field["staff"]).exists()


def test_an_educator_cannot_open_a_colleague_grid(client, field):
    colleague = StaffMemberFactory(service=field["service"])
    other_service = StaffMemberFactory(service=field["services"]["b"])
    client.force_login(field["users"]["educator_a"])
    assert client.get(_url(personne=str(colleague.public_id))).status_code == 404
    assert _post(
        client, {(0, TimeCategory.INDIVIDUAL): "2"}, _url(personne=str(colleague.public_id))
    ).status_code == (404)
    assert not TimeEntry.objects.exists()
    # One's own public_id is fine.
    assert client.get(_url(personne=str(field["staff"].public_id))).status_code == 200
    client.force_login(field["users"]["director_a"])
    assert client.get(_url(personne=str(other_service.public_id))).status_code == 404
    assert client.get(_url(personne="pas-un-identifiant")).status_code == 404


def test_without_register_entry_the_page_explains(client, field):
    client.force_login(field["users"]["educator_b"])
    response = client.get(_url())
    assert response.status_code == 200
    assert response.context["form"] is None
    assert "relié à aucune fiche du registre" in response.content.decode()
    assert client.post(_url(), {}).status_code == 200
    assert not TimeEntry.objects.exists()
