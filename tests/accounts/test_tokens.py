"""Issue 9, point 9: « API tokens never expire and survive logout ». Tokens now expire
(REPERES_API_TOKEN_DAYS, 90 by default), are stored as hashes, listed and revoked by their
owner, and die with a password change. Signing out of the pages does not end them (they serve
scripts); the account page revokes one or all."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from reperes.accounts import tokens
from reperes.accounts.models import ApiToken
from tests.accounts.clock import T0, frozen

API = reverse("api:convention-list")


def call(client, key: str):
    return client.get(API, HTTP_AUTHORIZATION=f"Token {key}")


def test_only_a_hash_of_the_key_is_stored(world):
    token, key = tokens.create_api_token(world["users"]["departement_agent"], "Script")
    assert key not in str(list(ApiToken.objects.filter(pk=token.pk).values()))
    assert token.key_hash == tokens.hash_key(key)
    assert key.startswith(token.prefix)


def test_a_91_day_old_token_is_refused(client, world):
    _token, key = tokens.create_api_token(world["users"]["departement_agent"], "Script", now=T0)
    with frozen(T0 + timedelta(days=89)):
        assert call(client, key).status_code == 200
    with frozen(T0 + timedelta(days=91)):
        response = call(client, key)
    assert response.status_code == 401
    assert response.json()["detail"] == tokens.EXPIRED
    assert response["WWW-Authenticate"] == "Token"


@override_settings(REPERES_API_TOKEN_DAYS=7)
def test_the_lifetime_is_a_setting(world):
    token, _key = tokens.create_api_token(world["users"]["departement_agent"], "Script", now=T0)
    assert token.expires_at == T0 + timedelta(days=7)


def test_a_revoked_token_is_refused(client, world):
    agent = world["users"]["departement_agent"]
    token, key = tokens.create_api_token(agent, "Script")
    assert call(client, key).status_code == 200
    client.force_login(agent)
    page = client.get(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert page.status_code == 200
    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    client.logout()
    response = call(client, key)
    assert response.status_code == 401
    assert response.json()["detail"] == tokens.REVOKED


@pytest.mark.usefixtures("db")
def test_an_unknown_token_is_refused_in_french(client):
    response = call(client, "rp_inconnu")
    assert response.status_code == 401
    assert response.json()["detail"] == "Jeton d'API invalide."


def test_a_password_change_kills_the_tokens(client, world):
    agent = world["users"]["departement_agent"]
    _t1, key1 = tokens.create_api_token(agent, "Script 1")
    _t2, key2 = tokens.create_api_token(agent, "Script 2")
    client.force_login(agent)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "motdepasse-de-test",
            "new_password1": "un-nouveau-mot-de-passe-solide",
            "new_password2": "un-nouveau-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    anonymous = client.__class__()
    for key in (key1, key2):
        refused = call(anonymous, key)
        assert refused.status_code == 401
        assert refused.json()["detail"] == tokens.REVOKED
    assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {"password"}
    # Any other way of changing it too (admin, manage.py changepassword): User.save.
    _t3, key3 = tokens.create_api_token(agent, "Script 3")
    agent.set_password("encore-un-autre-mot-de-passe")
    agent.save()
    assert call(anonymous, key3).status_code == 401


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_a_rehash_on_login_is_not_a_password_change(world):
    agent = world["users"]["departement_agent"]
    agent.password = make_password("motdepasse-de-test", hasher="pbkdf2_sha256")
    agent.save()
    token, _key = tokens.create_api_token(agent, "Script")
    assert agent.check_password("motdepasse-de-test")  # upgrades the hash to the first hasher
    agent.refresh_from_db()
    assert agent.password.startswith("md5$")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_owner_lists_names_dates_and_expiry_and_revokes_all(client, world):
    agent = world["users"]["departement_agent"]
    client.force_login(agent)
    created = client.post(reverse("accounts:profile"), {"action": "create", "name": "Tableau"})
    key = created.context["new_key"]
    call(client.__class__(), key)
    page = client.get(reverse("accounts:profile")).content.decode()
    token = ApiToken.objects.get(user=agent)
    assert "Tableau" in page
    assert f"{token.prefix}…" in page
    assert key not in page
    assert token.last_used_at is not None
    assert "actif" in page
    assert "Dernière utilisation" in page
    assert "Expiration" in page
    client.post(reverse("accounts:profile"), {"action": "revoke_all"})
    assert call(client.__class__(), key).status_code == 401


def test_nobody_else_sees_or_revokes_a_token(client, world):
    token, key = tokens.create_api_token(world["users"]["departement_agent"], "Script")
    client.force_login(world["users"]["commune_agent"])
    url = reverse("accounts:token_revoke", kwargs={"pk": token.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert "Script" not in client.get(reverse("accounts:profile")).content.decode()
    assert call(client.__class__(), key).status_code == 200


def test_clear_drf_tokens_are_migrated_to_hashes(world):
    agent = world["users"]["departement_agent"]
    legacy = Token.objects.create(user=agent)
    migration = importlib.import_module(
        "reperes.accounts.migrations.0002_api_tokens_and_second_factor_activations"
    )
    from django.apps import apps

    migration.hash_existing_tokens(apps, None)
    assert not Token.objects.exists()
    token = ApiToken.objects.get(user=agent)
    assert token.key_hash == tokens.hash_key(legacy.key)
    assert token.expires_at == legacy.created + timedelta(days=90)
