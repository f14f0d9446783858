"""Issue 9, point 9: « lockout keyed on the connecting address only (behind a reverse proxy it
becomes wrong) ». Failures now lock an account whatever the addresses and an address whatever
the accounts; the client address is read from X-Forwarded-For only when the connecting address
is a trusted proxy (REPERES_TRUSTED_PROXIES)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.urls import reverse

from reperes.accounts.client_ip import client_ip
from tests.factories import UserFactory

LOGIN = reverse("accounts:login")
PASSWORD = "motdepasse-de-test"
PROXY = "10.0.0.7"
behind_proxy = override_settings(REPERES_TRUSTED_PROXIES=["10.0.0.0/24"])


def attempt(client, email: str, password: str, address: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


@pytest.mark.usefixtures("db")
def test_five_failures_on_one_account_from_many_addresses_lock_it(client):
    user = UserFactory()
    for i in range(4):
        assert attempt(client, user.email, "mauvais", f"198.51.100.{i + 1}").status_code == 200
    assert attempt(client, user.email, "mauvais", "198.51.100.5").status_code == 429
    locked = attempt(client, user.email, PASSWORD, "203.0.113.50")
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    other = UserFactory()
    assert attempt(client, other.email, PASSWORD, "203.0.113.50").status_code == 302


@pytest.mark.usefixtures("db")
def test_five_failures_from_one_address_on_many_accounts_lock_it(client):
    users = [UserFactory() for _ in range(6)]
    for user in users[:4]:
        assert attempt(client, user.email, "mauvais", "198.51.100.9").status_code == 200
    assert attempt(client, users[4].email, "mauvais", "198.51.100.9").status_code == 429
    assert attempt(client, users[5].email, PASSWORD, "198.51.100.9").status_code == 429
    assert attempt(client, users[5].email, PASSWORD, "198.51.100.10").status_code == 302


@pytest.mark.usefixtures("db")
def test_a_success_does_not_wipe_the_address_failures(client):
    """A sprayer with an account of their own must not reset the count by signing in."""
    own, *victims = [UserFactory() for _ in range(6)]
    for victim in victims[:4]:
        attempt(client, victim.email, "mauvais", "198.51.100.9")
    assert attempt(client, own.email, PASSWORD, "198.51.100.9").status_code == 302
    client.logout()
    attempt(client, victims[4].email, "mauvais", "198.51.100.9")
    assert attempt(client, own.email, PASSWORD, "198.51.100.9").status_code == 429


@pytest.mark.usefixtures("db")
def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(client):
    users = [UserFactory() for _ in range(6)]
    for i, user in enumerate(users[:5]):
        attempt(client, user.email, "mauvais", "198.51.100.9", forwarded=f"192.0.2.{i + 1}")
    # The five failures count against the connecting address, whatever the header said.
    assert (
        attempt(client, users[5].email, PASSWORD, "198.51.100.9", "192.0.2.99").status_code == 429
    )


@behind_proxy
@pytest.mark.usefixtures("db")
def test_the_forwarded_for_of_a_trusted_proxy_is_used(client):
    users = [UserFactory() for _ in range(7)]
    for user in users[:5]:
        attempt(client, user.email, "mauvais", PROXY, forwarded="203.0.113.5")
    # The client behind the proxy is locked out, not the proxy (nor its other clients).
    assert attempt(client, users[5].email, PASSWORD, PROXY, "203.0.113.5").status_code == 429
    assert attempt(client, users[6].email, PASSWORD, PROXY, "203.0.113.6").status_code == 302


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.9", "192.0.2.1", "198.51.100.9"),  # not a proxy: header ignored
        (PROXY, None, PROXY),  # the proxy itself, without header
        (PROXY, "203.0.113.5", "203.0.113.5"),
        # The client may prepend anything: the rightmost address not a proxy counts.
        (PROXY, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (PROXY, "203.0.113.5, 10.0.0.8", "203.0.113.5"),  # two proxies in the trusted network
        (PROXY, "pas-une-adresse", PROXY),  # malformed: the proxy's address
        (PROXY, "192.0.2.1, n'importe quoi, 10.0.0.8", "10.0.0.8"),
        (PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
@behind_proxy
def test_client_ip(remote, forwarded, expected):
    assert client_ip(_request(remote, forwarded)) == expected


def test_no_proxy_is_trusted_by_default():
    assert client_ip(_request(PROXY, "203.0.113.5")) == PROXY


@override_settings(REPERES_TRUSTED_PROXIES=["10.0.0.300"])
def test_a_malformed_proxy_setting_fails_loudly():
    with pytest.raises(ImproperlyConfigured):
        client_ip(_request(PROXY, "203.0.113.5"))
