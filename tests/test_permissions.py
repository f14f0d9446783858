"""Role × URL matrix, generated from the URL configuration so that a new view cannot escape it.

Every named route of the application must appear in ROUTES below with the object it is
opened on and what each persona gets: a page (200), a refusal for read-only members (403),
or a 404 for outsiders, who must never learn that the object exists.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import (
    CONSENT_FUNDERS,
    EDITORS,
    PERSONAS,
    SEES_A,
    allowed,
    convention_page,
    convention_write,
    everyone,
    load_route_modules,
    operator_consent,
)

FUNDER_AGENTS = EDITORS - {"director_a"}

# Routes that are not application pages (framework, public, or tested elsewhere).
EXEMPT = {
    "admin",
    "accounts:login",
    "accounts:logout",
    "accounts:oidc_login",  # public, tested in tests/accounts/test_oidc.py
    "accounts:oidc_callback",
    "core:healthz",
    "core:accessibility",
    "api:api-root",
}

ROUTES: dict[str, tuple[str | None, dict[str, int]]] = {
    # Each role lands on its work (reperes/home/landing.py): the educators of a service on
    # « Terrain », the DPO on their desk; the others read their landing page.
    "core:home": (
        None,
        {p: 302 if p in {"educator_a", "educator_b", "dpo"} else 200 for p in PERSONAS},
    ),
    "accounts:profile": (None, everyone(200)),
    # The second factor is for the accounts that can see identities (operator staff).
    "accounts:second_factor_setup": (
        None,
        {
            p: 200 if p in {"educator_a", "director_a", "educator_b", "foreign_educator"} else 404
            for p in PERSONAS
        },
    ),
    # Without a confirmed device, the verification page sends to the set-up page.
    "accounts:second_factor_verify": (
        None,
        {
            p: 302 if p in {"educator_a", "director_a", "educator_b", "foreign_educator"} else 404
            for p in PERSONAS
        },
    ),
    "partners:organisations": (None, everyone(200)),
    "partners:organisation": ("org", everyone(200)),
    "partners:services": (None, everyone(200)),
    "partners:service": ("service", everyone(200)),
    "partners:territories": (None, everyone(200)),
    "conventions:list": (None, everyone(200)),
    "conventions:create": (None, allowed(EDITORS, 403)),
    "conventions:detail": ("convention", convention_page()),
    "conventions:amend": ("convention", convention_write()),
    "conventions:sign": ("convention", convention_write()),
    "conventions:event": ("convention", convention_write()),
    "conventions:upload": ("convention", convention_write()),
    # The operator's consent: its own director, or the platform admin on evidence.
    "conventions:decide": ("convention", operator_consent()),
    "conventions:amendment_decide": ("pending_amendment", operator_consent()),
    # No document was uploaded: visible conventions answer 404 too, which is what we assert.
    "conventions:document": ("convention", everyone(404)),
    # The model convention is seen by its owner and by the parties of its instances.
    "conventions:template": ("template", convention_page()),
    # Only the owner's editors decline the model: the Département agent.
    "conventions:instantiate": (
        "template",
        {p: (200 if p == "departement_agent" else 403) if p in SEES_A else 404 for p in PERSONAS},
    ),
    # Importing conventions from a workbook, and its template: funder agents only (each row is
    # then checked: the importer's organisation pilots or co-funds it).
    "conventions:import": (None, allowed(FUNDER_AGENTS, 403)),
    "conventions:import_template": (None, allowed(FUNDER_AGENTS, 403)),
}

API_ROUTES: dict[str, tuple[str | None, dict[str, int]]] = {
    "api:organisation-list": (None, everyone(200)),
    "api:organisation-detail": ("org", everyone(200)),
    "api:commune-list": (None, everyone(200)),
    "api:commune-detail": ("commune", everyone(200)),
    "api:service-list": (None, everyone(200)),
    "api:service-detail": ("service", everyone(200)),
    "api:convention-list": (None, everyone(200)),
    "api:convention-detail": ("convention", convention_page()),
    # A convention's clauses on a date: its parties' members, like its page.
    "api:convention-clauses": ("convention", convention_page()),
    # The clause catalogue is no secret.
    "api:clause-kind-list": (None, everyone(200)),
}


# Each domain app adds its routes, API routes and the objects they are opened on in
# tests/<app>/routes.py (ROUTES, API_ROUTES, EXEMPT, make_targets(world)).
TARGET_MAKERS = load_route_modules(ROUTES, API_ROUTES, EXEMPT)


def _named_routes(patterns=None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            if entry.app_name == "admin":
                names.add("admin")
                continue
            names |= _named_routes(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{prefix}{entry.name}")
    return names


def test_every_route_is_in_the_matrix():
    routes = _named_routes()
    api_formats = {
        r for r in routes if r.startswith("api:") and r not in API_ROUTES and r not in EXEMPT
    }
    missing = {
        r
        for r in routes
        if r not in ROUTES and r not in API_ROUTES and r not in EXEMPT and not r.startswith("api:")
    } | api_formats
    assert not missing, f"Routes absentes de la matrice des permissions : {sorted(missing)}"


@pytest.fixture
def targets(world):
    return build_targets(world)


def build_targets(world) -> dict[str, int]:
    """The objects each route is opened on (also read by tests/browser/test_accessibility.py, the
    crawler and the PDF test, which walk the same pages)."""
    from tests.factories import CommuneFactory, ConventionTemplateFactory

    template = ConventionTemplateFactory(owner=world["orgs"]["departement"], yearly=True)
    world["conventions"]["a"].template = template
    world["conventions"]["a"].save()
    commune = CommuneFactory()
    pending = world["conventions"]["a"].amendments.create(
        number=1, title="Seuil abaissé", status="pending", changes=[]
    )
    targets = {
        "pending_amendment": pending.pk,
        "org": world["orgs"]["operator_b"].pk,
        "service": world["services"]["b"].pk,
        "convention": world["conventions"]["a"].pk,
        "template": template.pk,
        "commune": commune.pk,
    }
    for make_targets in TARGET_MAKERS:
        targets.update(make_targets(world))
    return targets


def _url(name: str, target: str | None, targets: dict[str, int]) -> str:
    return reverse(name, kwargs={"pk": targets[target]} if target else None)


def _statuses(client, world, url: str) -> dict[str, int]:
    """What each persona gets on ``url``. The personas only read, so one world and one set of
    targets serve them all (built once per route, not once per persona: 12× fewer)."""
    got = {}
    for persona in PERSONAS:
        client.force_login(world["users"][persona])
        response = client.get(url)
        if response.streaming:
            # Read to the end: the test client then closes the download's file with the
            # connection-closing signal disconnected (response.close() would close the
            # database connection inside the test's transaction on PostgreSQL).
            b"".join(response.streaming_content)
        got[persona] = response.status_code
    client.logout()
    return got


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_page_matrix(client, world, targets, name):
    target, expected = ROUTES[name]
    url = _url(name, target, targets)
    assert _statuses(client, world, url) == expected, name
    # Anonymous: sent to the login page (the home page too, except that it is the root).
    if name != "core:home":
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.parametrize("name", sorted(API_ROUTES))
def test_api_matrix(client, world, targets, name):
    target, expected = API_ROUTES[name]
    url = _url(name, target, targets)
    assert _statuses(client, world, url) == expected, name
    assert client.get(url).status_code in (401, 403), name  # anonymous


def test_api_list_only_contains_visible_conventions(client, world):
    client.force_login(world["users"]["commune_agent"])
    data = client.get(reverse("api:convention-list")).json()
    assert [c["title"] for c in data["results"]] == ["Convention A"]
    client.force_login(world["users"]["outsider"])
    assert client.get(reverse("api:convention-list")).json()["results"] == []


def test_writes_are_refused_to_read_only_and_outsiders(client, world):
    from reperes.conventions.models import Convention

    conv = world["conventions"]["a"]
    for persona, code in [("educator_a", 403), ("educator_b", 404), ("outsider", 404)]:
        client.force_login(world["users"][persona])
        response = client.post(
            reverse("conventions:sign", kwargs={"pk": conv.pk}), {"signed_on": "2024-01-02"}
        )
        assert response.status_code == code
    conv.refresh_from_db()
    assert conv.signed_on is None
    assert Convention.objects.get(pk=conv.pk).amendments.count() == 0


# What a funder whose convention on service A grants nothing (draft, ended, refused) gets: its
# own convention's pages, nothing of the service.
OWN_CONVENTION_PAGES = [
    "conventions:detail",
    "api:convention-detail",
    "money:convention",
    "governance:convention",
    "deadlines:convention",
]
SERVICE_A_PAGES = ["people:service", "reporting:report", "api:report-detail"]


@pytest.mark.parametrize("persona", sorted(CONSENT_FUNDERS))
def test_consent_states(client, world, persona):
    state = persona.removesuffix("_funder")
    convention = world["conventions"][state]
    client.force_login(world["users"][persona])
    for name in OWN_CONVENTION_PAGES:
        response = client.get(reverse(name, kwargs={"pk": convention.pk}))
        assert response.status_code == 200, (name, persona)
    for name in SERVICE_A_PAGES:
        response = client.get(reverse(name, kwargs={"pk": convention.service_id}))
        assert response.status_code == 404, (name, persona)
    assert client.get(reverse("api:staff-member-list")).json()["results"] == []
