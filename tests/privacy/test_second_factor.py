"""Second factor (TOTP) for the accounts that can see identities (educators and service
directors), required where REPERES_REQUIRE_SECOND_FACTOR is on — always in production."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from reperes.accounts.actions import issue_activation
from reperes.accounts.tokens import create_api_token
from reperes.core.models import AuditEntry
from tests.test_platform import PROD_ENV, _run_manage

SETUP = reverse("accounts:second_factor_setup")
VERIFY = reverse("accounts:second_factor_verify")
HOME = reverse("core:home")
YOUTHS = reverse("fieldwork:youth_list")

required = override_settings(REPERES_REQUIRE_SECOND_FACTOR=True)


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone shows now (or ``steps_ahead`` periods of 30 s later, within the
    device's tolerance: a code is accepted once only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.fixture
def educator(client, world):
    client.force_login(world["users"]["educator_a"])
    return client


@required
def test_educator_without_device_is_sent_to_setup_then_reaches_pages(educator, world):
    response = educator.get(YOUTHS)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fterrain%2Fjeunes%2F"
    assert educator.get(HOME)["Location"] == SETUP

    # Enrolment needs the password and an activation code from the director
    # (tests/accounts/test_second_factor_activation.py).
    _activation, activation_code = issue_activation(
        world["users"]["director_a"], world["users"]["educator_a"]
    )
    step_one = educator.post(
        SETUP, {"password": "motdepasse-de-test", "activation_code": activation_code}
    )
    assert step_one.status_code == 302
    page = educator.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=world["users"]["educator_a"], confirmed=False)
    html = page.content.decode()
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
    assert "otpauth://totp/Rep%C3%A8res%3A" in page.context["uri"]
    assert "<svg" in html
    assert "<title>Code QR" in html

    wrong = educator.post(SETUP, {"code": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "Code incorrect ou expiré" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)

    done = educator.post(SETUP, {"code": code(device), "next": YOUTHS})
    assert done.status_code == 302
    assert done["Location"] == YOUTHS
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert educator.get(YOUTHS).status_code == 200
    # The home page sends the educator on to the « Terrain » home (reperes/home/landing.py),
    # which opens now that the second factor is set.
    home = educator.get(HOME)
    assert home.status_code == 302
    assert home["Location"] == reverse("fieldwork:home")
    assert educator.get(home["Location"]).status_code == 200
    assert AuditEntry.objects.filter(action="account.second_factor_setup").count() == 1


@required
def test_a_new_session_asks_for_a_code(client, world):
    user = world["users"]["director_a"]
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    client.force_login(user)
    response = client.get(YOUTHS)
    assert response["Location"] == f"{VERIFY}?next=%2Fterrain%2Fjeunes%2F"
    assert client.get(SETUP)["Location"] == VERIFY

    assert client.post(VERIFY, {"code": "12a456"}).status_code == 200
    assert client.get(YOUTHS).status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert client.post(VERIFY, {"code": code(device), "next": YOUTHS})["Location"] == YOUTHS
    assert client.get(YOUTHS).status_code == 200

    client.logout()
    client.force_login(user)
    assert client.get(YOUTHS).status_code == 302  # verification lasts one session
    # The code just used is refused again; the next one is accepted.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert client.post(VERIFY, {"code": code(device)}).status_code == 200
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    assert client.post(VERIFY, {"code": code(device, 1)})["Location"] == HOME


@required
def test_the_redirect_carries_the_path_never_the_query_nor_a_foreign_url(educator, world):
    response = educator.get(YOUTHS + "?nom=Imaginaire&prenom=Camille")
    assert "Imaginaire" not in response["Location"]
    assert "Camille" not in response["Location"]
    device = TOTPDevice.objects.create(user=world["users"]["educator_a"], confirmed=True)
    done = educator.post(VERIFY, {"code": code(device), "next": "https://ailleurs.example/"})
    assert done["Location"] == HOME


@required
def test_logout_and_public_pages_stay_open(educator):
    assert educator.get(reverse("core:accessibility")).status_code == 200
    assert educator.post(reverse("accounts:logout")).status_code == 302
    assert educator.get(HOME)["Location"].startswith(reverse("accounts:login"))


@required
@pytest.mark.parametrize("persona", ["departement_agent", "dpo", "platform_admin"])
def test_accounts_that_never_see_identities_are_not_asked(client, world, persona):
    client.force_login(world["users"][persona])
    # The DPO's home is the privacy desk (a redirect); no page on the way asks for a code.
    response = client.get(HOME, follow=True)
    assert response.status_code == 200
    assert all(SETUP not in url and VERIFY not in url for url, _ in response.redirect_chain)
    assert client.get(reverse("conventions:list")).status_code == 200
    assert client.get(SETUP).status_code == 404


def test_without_the_setting_a_password_is_enough(educator):
    assert educator.get(YOUTHS).status_code == 200
    assert educator.get(SETUP).status_code == 200  # one may enrol ahead of production


@required
def test_the_api_refuses_those_roles_by_token_and_until_verified_by_session(client, world):
    url = reverse("api:convention-list")
    educator = world["users"]["educator_a"]
    key = create_api_token(educator, "Script")[1]
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 403
    assert "second facteur" in response.json()["detail"]
    funder = create_api_token(world["users"]["departement_agent"], "Script")[1]
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {funder}").status_code == 200

    client.force_login(educator)
    response = client.get(url)
    assert response.status_code == 403
    assert "second facteur" in response.json()["detail"]
    device = TOTPDevice.objects.create(user=educator, confirmed=True)
    client.post(VERIFY, {"code": code(device)})
    assert client.get(url).status_code == 200


def test_the_token_is_accepted_when_the_setting_is_off(client, world):
    key = create_api_token(world["users"]["educator_a"], "Script")[1]
    url = reverse("api:convention-list")
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_production_settings_require_the_second_factor(tmp_path):
    env = {**PROD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"}
    result = _run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REPERES_REQUIRE_SECOND_FACTOR)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_other_settings_do_not_require_it():
    from reperes.settings import base, test

    assert base.REPERES_REQUIRE_SECOND_FACTOR is False
    assert test.REPERES_REQUIRE_SECOND_FACTOR is False
