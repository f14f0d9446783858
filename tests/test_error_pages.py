"""French 404, 403 and 500 pages, in the demo as in production; no link to a page the reader
cannot open (« Effectifs, personnel… » on another service's page was a 404)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reperes import urls
from reperes.core.views import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_page_is_the_french_404(client, world):
    client.force_login(world["users"]["educator_a"])
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page introuvable</h1>" in html
    assert 'lang="fr"' in html
    assert "Not Found" not in html


def test_the_500_page_is_french():
    assert urls.handler500 == "reperes.core.views.server_error"
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Une erreur est survenue" in html
    assert 'lang="fr"' in html


@pytest.mark.usefixtures("client", "world")
def test_the_403_template_is_french():
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    response = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403
    assert "Action non autorisée" in response.content.decode()


def test_the_demo_settings_show_the_french_pages():
    """The demo server (reperes.settings.dev) runs with DEBUG off unless DEBUG=1 is asked for,
    so that a 404 or a 500 is the French page, not Django's English debug page."""
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "reperes.settings.dev"
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_another_service_page_has_no_dead_staffing_link(client, world):
    """Educator A reads service B in the directory; B's staffing pages are closed to them,
    so the page does not link there. Their own service's page does."""
    client.force_login(world["users"]["educator_a"])
    service_b = world["services"]["b"]
    html = client.get(reverse("partners:service", kwargs={"pk": service_b.pk})).content.decode()
    staffing_b = reverse("people:service", kwargs={"pk": service_b.pk})
    assert staffing_b not in html
    assert client.get(staffing_b).status_code == 404
    service_a = world["services"]["a"]
    html = client.get(reverse("partners:service", kwargs={"pk": service_a.pk})).content.decode()
    staffing_a = reverse("people:service", kwargs={"pk": service_a.pk})
    assert staffing_a in html
    assert client.get(staffing_a).status_code == 200
