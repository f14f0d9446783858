"""The DPO's desk, the register of processing and the DPIA in the role × URL matrix
(tests/test_permissions.py).

Read by the DPO, the platform administrator and a service's director (the operator keeps the
register of what its service records); refused (403) to everyone else. It describes fields and
rules, not records: nobody learns an object exists from it, so there is no 404 to give.
"""

from __future__ import annotations

from tests.matrix import allowed

READERS = {"director_a", "dpo", "platform_admin"}

ROUTES = {
    f"privacy:{name}": (None, allowed(READERS, 403))
    for name in ("desk", "register", "register_pdf", "dpia", "dpia_pdf")
}
# Completing the DPIA is the DPO's (of their organisation, the controller).
ROUTES["privacy:dpia_complete"] = (None, allowed({"dpo"}, 403))


def make_targets(world) -> dict[str, int]:
    return {}
