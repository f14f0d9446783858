"""The VAE day count on the personnel page is counted from today (reperes.core.french), not
from the reference day of the year shown (« dans 609 jours » for a date 271 days away)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reperes.people.enums import StaffCategory
from tests.people.factories import StaffingLineFactory, StaffMemberFactory


@pytest.mark.django_db
def test_the_vae_day_count_is_from_today_not_from_the_year_shown(client, world, monkeypatch):
    """The VAE deadline of a person arrived before convention A (1 January 2023) falls on
    1 January 2025 — 271 days after 5 April 2024 — whichever year's page is open."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2024, 4, 5))
    service = world["services"]["a"]
    StaffingLineFactory(service=service, year=2023, category=StaffCategory.SOCIAL_WORKER)
    StaffMemberFactory(
        service=service,
        display_name="Animatrice Exemple Sans Diplôme",
        without_diploma=True,
        arrival=date(2021, 9, 1),
    )
    client.force_login(world["users"]["director_a"])
    url = reverse("people:service", kwargs={"pk": service.pk})
    for year in (2023, 2024):
        html = client.get(f"{url}?annee={year}").content.decode()
        assert "VAE au plus tard le 1er janvier 2025 (dans 271 jours)" in html, year
