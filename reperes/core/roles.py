"""The roles of an account: the access layer's vocabulary (``reperes.core.access``), so they live
below every app; ``reperes.accounts.enums`` re-exports them for the accounts' models and forms."""

from django.db import models


class Role(models.TextChoices):
    EDUCATOR = "educator", "Éducateur ou éducatrice"
    SERVICE_DIRECTOR = "service_director", "Direction de service"
    FUNDER_AGENT = "funder_agent", "Agent d'un financeur"
    DPO = "dpo", "Délégué à la protection des données"
    PLATFORM_ADMIN = "platform_admin", "Administration de la plateforme"


OPERATOR_ROLES = frozenset({Role.EDUCATOR, Role.SERVICE_DIRECTOR})

# The only roles that ever see a per-youth field record, and only in their own service; the
# same accounts must confirm a second factor (reperes.accounts.second_factor).
FIELD_ROLES = (Role.EDUCATOR, Role.SERVICE_DIRECTOR)
