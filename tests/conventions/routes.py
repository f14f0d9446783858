"""The conventions' clause pages in the role × URL matrix (tests/test_permissions.py).

Convention A is signed and accepted: its clauses change by amendment, which its editors record
(200), its read-only members may not (403), and nobody else learns it exists (404). A draft on
service A with A's parties has its clauses written in place by the agents of its funding
parties (the Département as pilot, the commune as co-funder); its other members get a 403.
"""

from __future__ import annotations

from tests.matrix import CONSENT_FUNDERS, PERSONAS, SEES_A, allowed, convention_write

CLAUSE_DRAFT_WRITERS = {"departement_agent", "commune_agent"}

ROUTES = {
    "conventions:clause_amend": ("convention", convention_write()),
    "conventions:clause_edit": (
        "clause_draft",
        {p: (200 if p in CLAUSE_DRAFT_WRITERS else 403) if p in SEES_A else 404 for p in PERSONAS},
    ),
}

# The guided set-up (views_setup): any funder agent starts one (the draft grants nothing); the
# steps of the same draft are for its funding parties' agents, 403 for its other members, 404
# for everyone else; its preview is read by every member of its parties.
FUNDER_AGENTS = {"departement_agent", "commune_agent", "outsider", *CONSENT_FUNDERS}
SETUP_STEPS = ("parties", "terms", "money", "clauses", "bodies", "reports")
ROUTES["conventions:setup_start"] = (None, allowed(FUNDER_AGENTS, 403))
for step in SETUP_STEPS:
    ROUTES[f"conventions:setup_{step}"] = ROUTES["conventions:clause_edit"]
ROUTES["conventions:setup_preview"] = ("clause_draft", allowed(SEES_A, 404))


def make_targets(world) -> dict[str, int]:
    from tests.factories import ConventionFactory, PartyFactory

    draft = ConventionFactory(title="Projet A", service=world["services"]["a"], is_signed=False)
    for order, (org, role) in enumerate(
        (("departement", "pilot"), ("commune", "co_funder"), ("operator_a", "operator"))
    ):
        PartyFactory(convention=draft, organisation=world["orgs"][org], role=role, order=order)
    return {"clause_draft": draft.pk}
