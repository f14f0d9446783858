"""Two edits of one register entry from the same stale form: the second is refused, in
French, with what changed in between; the first is kept; what the second person typed is
kept in the form (issue 9, point 7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.people.models import StaffMember
from tests.people.factories import StaffMemberFactory
from tests.stale import STALE, as_loaded, hidden, stale_conflicts


def _member(world):
    return StaffMemberFactory(
        service=world["services"]["a"],
        job_title="Éducatrice spécialisée",
        fte=Decimal("1"),
        arrival=date(2021, 9, 1),
    )


def test_a_second_edit_from_a_stale_form_is_refused_and_shows_what_changed(client, world):
    member = _member(world)
    client.force_login(world["users"]["director_a"])
    url = reverse("people:staff_edit", kwargs={"pk": member.public_id})
    page = client.get(url)  # both people open the form

    first = client.post(url, as_loaded(page, job_title="Cheffe de service éducatif"))
    assert first.status_code == 302
    second = client.post(url, as_loaded(page, fte="0,5"))

    assert second.status_code == 200
    # What the second person typed is still there, beside what changed.
    assert stale_conflicts(second, "fte", "0,5") == [
        ("Fonction", "Éducatrice spécialisée", "Cheffe de service éducatif")
    ]
    member.refresh_from_db()
    assert member.job_title == "Cheffe de service éducatif"  # the first edit is kept
    assert member.fte == Decimal("1")  # the second was not written
    assert "Ce qui a changé depuis que vous avez ouvert la fiche" in second.content.decode()

    # Having seen the change, the person confirms: the page now carries the current version.
    assert hidden(second)["version"] == str(member.version)
    confirmed = client.post(url, as_loaded(second, job_title="Cheffe de service éducatif"))
    assert confirmed.status_code == 302
    member.refresh_from_db()
    assert (member.job_title, member.fte) == ("Cheffe de service éducatif", Decimal("0.50"))


def test_a_refused_edit_writes_no_audit_entry_and_no_value(client, world):
    member = _member(world)
    client.force_login(world["users"]["director_a"])
    url = reverse("people:staff_edit", kwargs={"pk": member.public_id})
    page = client.get(url)
    client.post(url, as_loaded(page, job_title="Coordinatrice"))
    before = AuditEntry.objects.count()
    client.post(url, as_loaded(page, display_name="Nom Changé Ailleurs"))
    assert AuditEntry.objects.count() == before
    assert not AuditEntry.objects.filter(summary__contains="Nom Changé").exists()


def test_a_departure_from_a_stale_form_is_refused(client, world):
    member = _member(world)
    client.force_login(world["users"]["director_a"])
    edit_url = reverse("people:staff_edit", kwargs={"pk": member.public_id})
    close_url = reverse("people:staff_close", kwargs={"pk": member.public_id})
    close_page = client.get(close_url)
    edited = client.post(edit_url, as_loaded(client.get(edit_url), departure="2024-06-30"))
    assert edited.status_code == 302

    response = client.post(close_url, as_loaded(close_page, departure="2024-08-31"))
    assert STALE in response.content.decode()
    member.refresh_from_db()
    assert member.departure == date(2024, 6, 30)
    assert [(c.before, c.now) for c in response.context["form"].conflict] == [
        ("(vide)", "30/06/2024")
    ]


def test_a_change_of_fields_outside_the_form_does_not_block_it(client, world):
    """The departure form shows the departure only: an edit of the job title in between cannot
    be erased by it, so it is saved on the latest version."""
    member = _member(world)
    client.force_login(world["users"]["director_a"])
    edit_url = reverse("people:staff_edit", kwargs={"pk": member.public_id})
    close_url = reverse("people:staff_close", kwargs={"pk": member.public_id})
    close_page = client.get(close_url)
    client.post(edit_url, as_loaded(client.get(edit_url), job_title="Coordinatrice"))
    response = client.post(close_url, as_loaded(close_page, departure="2024-08-31"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.job_title, member.departure) == ("Coordinatrice", date(2024, 8, 31))


def test_a_garbled_version_is_refused_in_french(client, world):
    member = _member(world)
    client.force_login(world["users"]["director_a"])
    url = reverse("people:staff_edit", kwargs={"pk": member.public_id})
    response = client.post(url, as_loaded(client.get(url), version="abc", fte="0,5"))
    assert response.status_code == 200
    assert "rechargez la page" in response.content.decode()
    assert StaffMember.objects.get(pk=member.pk).fte == Decimal("1")
