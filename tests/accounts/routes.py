"""The accounts app in the role × URL matrix (tests/test_permissions.py).

Second-factor activations are issued by a service director (for the educators of their own
service) and by a platform admin: the list page refuses other roles (403), the issue page is
opened on educator A, whom only A's director and the admin may activate (404 for everyone
else). An API token is seen and revoked by its owner only.
"""

from __future__ import annotations

from tests.matrix import allowed, everyone

ISSUERS = {"director_a", "platform_admin"}

ROUTES = {
    "accounts:password_change": (None, everyone(200)),
    "accounts:token_revoke": ("accounts_token", allowed({"educator_a"}, 404)),
    "accounts:second_factor_activations": (None, allowed(ISSUERS, 403)),
    "accounts:second_factor_activation_issue": ("accounts_educator_a", allowed(ISSUERS, 404)),
}


def make_targets(world) -> dict[str, int]:
    from reperes.accounts.tokens import create_api_token

    token, _key = create_api_token(world["users"]["educator_a"], "Script")
    return {"accounts_token": token.pk, "accounts_educator_a": world["users"]["educator_a"].pk}
