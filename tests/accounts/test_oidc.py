"""Sign-in through the Département's identity provider (issue 12), against a real OpenID Connect
provider started on this machine (tests/accounts/oidc_provider.py): the full flow goes through
the browser's redirects, the token endpoint, the JWKS and the userinfo over HTTP.

An account already linked gets in; an account an administrator allowed to be linked gets in
once by its e-mail address and is linked; nobody else gets in and no account is created; a
forged signature, nonce, audience, issuer or state, or an expired token, is refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from reperes.accounts.models import User
from reperes.core.models import AuditEntry
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider
from tests.factories import OrganisationFactory, UserFactory

SIRET = "21620041600014"  # a valid SIRET (Luhn), the Département's in these tests


@pytest.fixture(scope="module")
def provider():
    with Provider() as running:
        yield running


@pytest.fixture
def oidc(provider, settings, db):
    """The application configured as an operator would, from the provider's discovery."""
    found = requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=5).json()
    settings.REPERES_OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = found["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = found["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = found["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = found["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = found["jwks_uri"]
    settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "reperes.accounts.oidc.ProviderBackend",
    ]
    provider.tamper = None
    return provider


def person(sub="proconnect-sub-1", email="agent@departement.test", siret=SIRET, **extra):
    """ProConnect's claims for one person."""
    return {
        "sub": sub,
        "email": email,
        "given_name": "Camille",
        "usual_name": "Martin",
        "siret": siret,
        "idp_id": "fia1v2",
        **extra,
    }


def sign_in(client, provider, who):
    """Click the button, choose ``who`` at the provider, come back: the callback's response."""
    provider.person = who
    start = client.get(reverse("accounts:oidc_login"))
    assert start.status_code == 302
    assert start["Location"].startswith(provider.issuer)
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("accounts:oidc_callback")
    return client.get(f"{back.path}?{back.query}")


def signed_in(client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


@pytest.fixture
def agent(db):
    departement = OrganisationFactory(kind="departement", siret=SIRET)
    return UserFactory(
        role="funder_agent", organisation=departement, email="agent@departement.test"
    )


@pytest.mark.usefixtures("oidc")
def test_the_login_page_offers_the_provider_only_when_configured(client, settings):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Se connecter avec ProConnect" in page
    settings.REPERES_OIDC_ENABLED = False
    assert "Se connecter avec" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


@pytest.mark.usefixtures("oidc")
def test_the_request_carries_state_nonce_pkce_and_the_level_asked(client):
    location = client.get(reverse("accounts:oidc_login"))["Location"]
    params = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"]
    assert params["nonce"]
    assert params["state"]
    assert params["acr_values"] == "eidas1"
    assert set(params["scope"].split()) >= {"openid", "email", "siret", "usual_name"}


def test_a_linked_account_signs_in_by_its_subject(client, oidc, agent):
    agent.oidc_issuer, agent.oidc_subject = oidc.issuer, "proconnect-sub-1"
    agent.save()
    # The e-mail address changed at the provider: the subject is what counts.
    response = sign_in(client, oidc, person(email="nouvelle.adresse@departement.test"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert signed_in(client) == agent.pk
    assert client.get(reverse("core:home")).status_code == 200


def test_an_allowed_account_is_linked_once_by_its_email(client, oidc, agent):
    agent.oidc_link_allowed = True
    agent.save()
    response = sign_in(client, oidc, person(email="Agent@Departement.test"))
    assert response.status_code == 302
    assert signed_in(client) == agent.pk
    agent.refresh_from_db()
    assert (agent.oidc_issuer, agent.oidc_subject) == (oidc.issuer, "proconnect-sub-1")
    assert agent.oidc_link_allowed is False  # used up
    assert AuditEntry.objects.filter(action="account.identity_provider_linked").count() == 1
    # Another person of the provider with the same address cannot take the account over.
    client.logout()
    response = sign_in(client, oidc, person(sub="proconnect-sub-2"))
    assert response.status_code == 403
    assert signed_in(client) is None


@pytest.mark.usefixtures("agent")
def test_an_unknown_person_is_refused_and_no_account_is_created(client, oidc):
    accounts = User.objects.count()
    response = sign_in(client, oidc, person(sub="inconnu", email="inconnu@departement.test"))
    assert response.status_code == 403
    assert signed_in(client) is None
    page = response.content.decode()
    assert "aucun compte Repères n'est rattaché à cette identité" in page
    assert "un administrateur de Repères doit d'abord créer le vôtre" in page
    assert "inconnu@departement.test" not in page
    assert User.objects.count() == accounts


@pytest.mark.parametrize(
    "state",
    [
        pytest.param({}, id="not-allowed"),
        pytest.param({"oidc_link_allowed": True, "is_active": False}, id="inactive"),
        pytest.param({"oidc_link_allowed": True, "is_demo": True}, id="demo"),
    ],
)
def test_an_account_is_not_linked_without_the_administrators_permission(
    client, oidc, agent, settings, state
):
    settings.DEMO_ALLOWED = False
    User.objects.filter(pk=agent.pk).update(**state)
    response = sign_in(client, oidc, person())
    assert response.status_code == 403
    assert signed_in(client) is None
    agent.refresh_from_db()
    assert agent.oidc_subject == ""


def test_an_account_is_not_linked_for_another_organisation(client, oidc, agent):
    User.objects.filter(pk=agent.pk).update(oidc_link_allowed=True)
    response = sign_in(client, oidc, person(siret="73282932000074"))
    assert response.status_code == 403
    assert signed_in(client) is None
    assert User.objects.get(pk=agent.pk).oidc_subject == ""


@pytest.mark.parametrize("tamper", ["signature", "nonce", "audience", "issuer", "expired"])
def test_a_forged_answer_is_refused(client, oidc, agent, tamper):
    agent.oidc_issuer, agent.oidc_subject = oidc.issuer, "proconnect-sub-1"
    agent.save()
    oidc.tamper = tamper
    response = sign_in(client, oidc, person())
    assert response.status_code == 403
    assert signed_in(client) is None
    assert "n'a pas abouti" in response.content.decode()


def test_a_wrong_state_is_refused(client, oidc, agent):
    agent.oidc_issuer, agent.oidc_subject = oidc.issuer, "proconnect-sub-1"
    agent.save()
    oidc.person = person()
    start = client.get(reverse("accounts:oidc_login"))
    back = urlsplit(
        requests.get(start["Location"], allow_redirects=False, timeout=5).headers["Location"]
    )
    query = {k: v[0] for k, v in parse_qs(back.query).items()}
    forged = client.get(back.path, {"code": query["code"], "state": "un-autre-etat"})
    assert forged.status_code == 403
    assert signed_in(client) is None
    # Without the session that started it (another browser), the answer is refused too.
    client.cookies.clear()
    replayed = client.get(back.path, query)
    assert replayed.status_code == 403
    assert signed_in(client) is None


def test_a_field_account_still_gives_its_second_factor(client, oidc, world, settings):
    settings.REPERES_REQUIRE_SECOND_FACTOR = True
    educator = world["users"]["educator_a"]
    User.objects.filter(pk=educator.pk).update(oidc_issuer=oidc.issuer, oidc_subject="educ-a")
    response = sign_in(client, oidc, person(sub="educ-a", email=educator.email))
    assert response.status_code == 302
    assert signed_in(client) == educator.pk
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:second_factor_setup"))


def test_refused_sign_ins_lock_the_address_out_as_wrong_passwords_do(client, oidc, agent, settings):
    agent.oidc_issuer, agent.oidc_subject = oidc.issuer, "proconnect-sub-1"
    agent.save()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, oidc, person(sub=f"inconnu-{attempt}", email="x@y.test"))
        assert response.status_code == 403
    assert sign_in(client, oidc, person(sub="inconnu", email="x@y.test")).status_code == 429
    # The address is locked out: the linked account does not get in through it either.
    response = sign_in(client, oidc, person())
    assert response.status_code == 429
    assert signed_in(client) is None
    assert "Trop de tentatives de connexion ont échoué" in response.content.decode()
