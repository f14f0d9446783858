"""The accounts app in the role × URL matrix (tests/test_permissions.py).

Second-factor activations are issued by a service director (for the educators of their own
service) and by a platform admin: the list page refuses other roles (403), the issue page is
opened on educator A, whom only A's director and the admin may activate (404 for everyone
else). An API token is seen and revoked by its owner only.
"""

from __future__ import annotations

from tests.matrix import PERSONAS

ISSUERS = {"director_a", "platform_admin"}

ROUTES = {
    "accounts:password_change": (None, dict.fromkeys(PERSONAS, 200)),
    "accounts:token_revoke": (
        "accounts_token",
        {p: 200 if p == "educator_a" else 404 for p in PERSONAS},
    ),
    "accounts:second_factor_activations": (
        None,
        {p: 200 if p in ISSUERS else 403 for p in PERSONAS},
    ),
    "accounts:second_factor_activation_issue": (
        "accounts_educator_a",
        {p: 200 if p in ISSUERS else 404 for p in PERSONAS},
    ),
}


def make_targets(world) -> dict[str, int]:
    from reperes.accounts.tokens import create_api_token

    token, _key = create_api_token(world["users"]["educator_a"], "Script")
    return {"accounts_token": token.pk, "accounts_educator_a": world["users"]["educator_a"].pk}
