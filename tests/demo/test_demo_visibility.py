"""Signed in as each demo account, a user sees exactly the conventions of their organisation;
any other convention answers 404 on its page and in the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reperes.accounts.models import User
from reperes.conventions.models import Convention, Party
from reperes.demo.accounts import ACCOUNTS


@pytest.mark.django_db
@pytest.mark.parametrize("email", [a.email for a in ACCOUNTS])
def test_each_demo_account_sees_its_organisations_conventions(client, demo, email):
    user = User.objects.get(email=email)
    expected = set(
        Party.objects.filter(organisation=user.organisation).values_list("convention", flat=True)
    )
    client.force_login(user)
    listed = client.get(reverse("conventions:list")).context["page"].paginator.object_list
    assert {row.convention.pk for row in listed} == expected
    api = client.get(reverse("api:convention-list"), {"page_size": 100}).json()
    assert {c["id"] for c in api["results"]} == expected
    for convention in Convention.objects.all():
        page = client.get(reverse("conventions:detail", kwargs={"pk": convention.pk}))
        detail = client.get(reverse("api:convention-detail", kwargs={"pk": convention.pk}))
        code = 200 if convention.pk in expected else 404
        assert (page.status_code, detail.status_code) == (code, code), convention
