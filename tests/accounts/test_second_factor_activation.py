"""Issue 9, point 9: « the second factor can be enrolled by whoever first signs in with the
password ». Enrolment now needs the password and a single-use, expiring activation code issued
by the service director (for the educators of their service) or a platform admin."""

from __future__ import annotations

import html
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from reperes.accounts import actions
from reperes.accounts.models import SecondFactorActivation
from reperes.core.models import AuditEntry
from tests.accounts.clock import T0, frozen
from tests.factories import OrganisationFactory, UserFactory

SETUP = reverse("accounts:second_factor_setup")
PASSWORD = "motdepasse-de-test"


def totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def enrol(client, code: str, password: str = PASSWORD):
    """Step one (password and activation code), then the app's code for the new device."""
    first = client.post(SETUP, {"password": password, "activation_code": code})
    if first.status_code != 302:
        return first
    device = TOTPDevice.objects.get(user=first.wsgi_request.user, confirmed=False)
    return client.post(SETUP, {"code": totp_code(device)})


def test_enrolment_without_an_activation_is_refused(client, world):
    educator = world["users"]["educator_a"]
    client.force_login(educator)
    page = client.get(SETUP)
    assert page.status_code == 200
    # No secret is shown nor any device created before the activation code is checked.
    assert "otpauth" not in page.content.decode()
    assert not TOTPDevice.objects.filter(user=educator).exists()

    refused = client.post(SETUP, {"password": PASSWORD, "activation_code": "ABCD-EFGH-JKMN"})
    assert refused.status_code == 200
    assert (
        "Aucun code d'activation n'est en attente pour votre compte : demandez-en un à la "
        "direction de votre service." in html.unescape(refused.content.decode())
    )
    assert not TOTPDevice.objects.filter(user=educator).exists()


def test_the_director_issues_and_the_educator_enrols_with_password_and_code(client, world):
    director, educator = world["users"]["director_a"], world["users"]["educator_a"]
    client.force_login(director)
    assert client.get(reverse("accounts:second_factor_activations")).status_code == 200
    issued = client.post(
        reverse("accounts:second_factor_activation_issue", kwargs={"pk": educator.pk})
    )
    code = issued.context["code"]
    assert code in issued.content.decode()
    activation = SecondFactorActivation.objects.get(user=educator)
    assert code.replace("-", "") not in activation.code_hash  # only an HMAC is kept
    assert AuditEntry.objects.filter(action="account.second_factor_activation").count() == 1

    client.force_login(educator)
    wrong_password = enrol(client, code, password="pas-le-bon-mot-de-passe")
    assert "Mot de passe incorrect." in html.unescape(wrong_password.content.decode())
    assert not TOTPDevice.objects.filter(user=educator).exists()

    done = enrol(client, code)
    assert done.status_code == 302
    assert TOTPDevice.objects.get(user=educator).confirmed
    activation.refresh_from_db()
    assert activation.used_at is not None


def test_an_activation_serves_once(client, world):
    educator = world["users"]["educator_a"]
    _activation, code = actions.issue_activation(world["users"]["director_a"], educator)
    client.force_login(educator)
    assert enrol(client, code).status_code == 302
    client.logout()
    client.force_login(educator)
    again = client.post(SETUP, {"password": PASSWORD, "activation_code": code})
    # Enrolled and without a new activation: sent to the code verification, not re-enrolled.
    assert again.status_code == 302
    assert again["Location"] == reverse("accounts:second_factor_verify")
    with pytest.raises(actions.ValidationError):
        actions.check_activation(educator, code)


def test_an_activation_expires(world):
    educator = world["users"]["educator_a"]
    _activation, code = actions.issue_activation(world["users"]["director_a"], educator, now=T0)
    with frozen(T0 + timedelta(hours=71)):
        assert actions.check_activation(educator, code).user == educator
    with frozen(T0 + timedelta(hours=72)), pytest.raises(actions.ValidationError) as error:
        actions.check_activation(educator, code)
    assert "demandez-en un à la direction de votre service" in error.value.messages[0]


def test_five_wrong_codes_cancel_the_activation(world):
    educator = world["users"]["educator_a"]
    activation, code = actions.issue_activation(world["users"]["director_a"], educator)
    for _ in range(actions.MAX_FAILED_ATTEMPTS):
        with pytest.raises(actions.ValidationError):
            actions.check_activation(educator, "AAAA-AAAA-AAAA")
    activation.refresh_from_db()
    assert activation.cancelled_at is not None
    with pytest.raises(actions.ValidationError):
        actions.check_activation(educator, code)


def test_reenrolment_needs_a_new_activation_and_removes_the_old_device(client, world):
    director = world["users"]["director_a"]
    old = TOTPDevice.objects.create(user=director, name="Ancien téléphone", confirmed=True)
    client.force_login(director)
    # Without an activation, the enrolled account is sent to the verification.
    assert client.get(SETUP)["Location"] == reverse("accounts:second_factor_verify")
    # A director's activation comes from a platform admin.
    _activation, code = actions.issue_activation(world["users"]["platform_admin"], director)
    assert enrol(client, code).status_code == 302
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    assert TOTPDevice.objects.filter(user=director, confirmed=True).count() == 1
    assert AuditEntry.objects.get(action="account.second_factor_setup").data == {
        "replaced_devices": 1
    }


def test_a_new_activation_cancels_the_previous_one(world):
    educator = world["users"]["educator_a"]
    first, _code = actions.issue_activation(world["users"]["director_a"], educator)
    actions.issue_activation(world["users"]["platform_admin"], educator)
    first.refresh_from_db()
    assert first.cancelled_at is not None


@pytest.mark.parametrize(
    ("issuer", "account", "allowed"),
    [
        ("director_a", "educator_a", True),
        ("director_a", "educator_b", False),  # not their service
        ("director_a", "director_a", False),  # a director is activated by an admin
        ("platform_admin", "director_a", True),
        ("platform_admin", "educator_b", True),
        ("platform_admin", "departement_agent", False),  # no second factor for funders
        ("educator_a", "educator_a", False),
        ("departement_agent", "educator_a", False),
        ("dpo", "educator_a", False),
    ],
)
def test_who_issues_an_activation(client, world, issuer, account, allowed):
    issuer_user, account_user = world["users"][issuer], world["users"][account]
    url = reverse("accounts:second_factor_activation_issue", kwargs={"pk": account_user.pk})
    client.force_login(issuer_user)
    response = client.post(url)
    assert response.status_code == (200 if allowed else 404)
    assert SecondFactorActivation.objects.filter(user=account_user).exists() is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            actions.issue_activation(issuer_user, account_user)


def test_a_director_whose_organisation_does_not_run_the_service_issues_nothing(world):
    """A director attached to service A by another organisation activates nobody there."""
    stranger = UserFactory(
        role="service_director",
        organisation=OrganisationFactory(kind="association", name="Autre association"),
        service=world["services"]["a"],
    )
    with pytest.raises(PermissionDenied):
        actions.issue_activation(stranger, world["users"]["educator_a"])


def test_wrong_passwords_on_the_enrolment_page_count_towards_the_lockout(client, world):
    """The enrolment form checks the password through django-axes: no way around the lockout."""
    educator = world["users"]["educator_a"]
    _activation, code = actions.issue_activation(world["users"]["director_a"], educator)
    client.force_login(educator)
    for _ in range(5):
        client.post(SETUP, {"password": "mauvais", "activation_code": code})
    assert enrol(client, code).status_code != 302
    assert not TOTPDevice.objects.filter(user=educator, confirmed=True).exists()
    client.logout()
    login = client.post(
        reverse("accounts:login"), {"username": educator.email, "password": PASSWORD}
    )
    assert login.status_code == 429
