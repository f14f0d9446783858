"""Demo accounts: one or more per role, with obviously invented names.

This list is the single source for the README and for the summary printed by ``load_demo``.
They exist only where ``settings.DEMO_ALLOWED`` is true: the authentication backend refuses
them elsewhere and a system check fails in production if any is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from reperes.accounts.enums import Role
from reperes.demo.seeds import seed_000, seed_001, seed_002, seed_003, seed_004
from reperes.demo.spec import OrganisationSpec
from reperes.partners.enums import OrganisationKind

PASSWORD = "reperes-demo-2026"
DOMAIN = "demo.reperes.example"

HOST = OrganisationSpec("Repères — hébergeur", OrganisationKind.HOST, "")


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str
    organisation: str
    service: str | None = None
    is_staff: bool = False

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def _email(local: str) -> str:
    """« role.place »: educateur, direction, agent (of a funder), dpo, admin."""
    return f"{local}@{DOMAIN}"


ACCOUNTS = (
    # Operator staff of the Meurthe-et-Moselle service (seed 000).
    DemoAccount(
        _email("educateur.longwy"),
        "Camille Exemple",
        Role.EDUCATOR,
        seed_000.ASSOCIATION,
        seed_000.SERVICE,
    ),
    DemoAccount(
        _email("direction.longwy"),
        "Dominique Fictif",
        Role.SERVICE_DIRECTOR,
        seed_000.ASSOCIATION,
        seed_000.SERVICE,
    ),
    # Another service, another operator (seed 001): the « educator of service B » persona.
    DemoAccount(
        _email("educateur.arras"),
        "Sacha Modèle",
        Role.EDUCATOR,
        seed_001.LA_VIE_ACTIVE,
        seed_001.SPS_ARRAS,
    ),
    # A commune that runs its own service (seed 004, art. 8 « en régie »).
    DemoAccount(
        _email("educateur.montelimar"),
        "Alex Illustratif",
        Role.EDUCATOR,
        seed_004.COMMUNE,
        seed_004.SERVICE,
    ),
    # Funders.
    DemoAccount(
        _email("agent.meurthe-et-moselle"),
        "Morgan Témoin",
        Role.FUNDER_AGENT,
        seed_000.DEPARTEMENT,
    ),
    DemoAccount(
        _email("agent.pas-de-calais"), "Claude Essai", Role.FUNDER_AGENT, seed_001.DEPARTEMENT
    ),
    DemoAccount(_email("agent.drome"), "Alix Démo", Role.FUNDER_AGENT, seed_004.DEPARTEMENT),
    DemoAccount(_email("agent.montelimar"), "Lou Factice", Role.FUNDER_AGENT, seed_004.COMMUNE),
    DemoAccount(
        _email("agent.dijon-metropole"), "Charlie Simulé", Role.FUNDER_AGENT, seed_002.METROPOLE
    ),
    DemoAccount(_email("agent.caf-moselle"), "Eden Prototype", Role.FUNDER_AGENT, seed_003.CAF),
    # Data protection and the platform.
    DemoAccount(_email("dpo.pas-de-calais"), "Noa Hypothèse", Role.DPO, seed_001.DEPARTEMENT),
    DemoAccount(
        _email("admin.hebergeur"), "Ange Spécimen", Role.PLATFORM_ADMIN, HOST.name, is_staff=True
    ),
)


def markdown_table() -> str:
    """The rows of the README table « adresse | rôle | organisation »."""
    return "\n".join(
        f"| `{a.email}` | {a.role_label} | {a.organisation}"
        + (f" — {a.service}" if a.service else "")
        + " |"
        for a in ACCOUNTS
    )
