"""Shared pieces of the money models: constants, constraint helpers, visibility."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from reperes.core.constraints import check
from reperes.core.fields import Link

if TYPE_CHECKING:
    from reperes.conventions.models import Convention

#: An unpaid instalment is « à verser » from its due date and « en retard » more than this many
#: days after it. The conventions set no payment term; 30 days is the délai global de paiement
#: of local authorities (code de la commande publique, art. R. 2192-10), applied by analogy.
LATE_AFTER_DAYS = 30

MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}
PERCENT: dict[str, Any] = {"max_digits": 7, "decimal_places": 3}
#: Up to 999.99: a number of full-time equivalents (ETP), the share of an advance in percent.
SHORT_DECIMAL: dict[str, Any] = {"max_digits": 5, "decimal_places": 2}


def of_convention(related_name: str) -> Link[Convention, Convention]:
    """The convention a sum belongs to: it goes with the convention."""
    return Link("conventions.Convention", related_name=related_name, on_delete=models.CASCADE)


def non_negative(prefix: str, field: str, message: str) -> models.CheckConstraint:
    condition = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0})
    return check(f"{prefix}_{field}_non_negative", condition, message)


def positive(prefix: str, field: str, message: str) -> models.CheckConstraint:
    """``field`` (required) is above zero; named ``<prefix>_<field>_positive``."""
    return check(f"{prefix}_{field}_positive", Q(**{f"{field}__gt": 0}), message)


def percent_range(prefix: str, field: str, message: str) -> models.CheckConstraint:
    in_range = Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 100})
    return check(f"{prefix}_{field}_percent", Q(**{f"{field}__isnull": True}) | in_range, message)


def check_party(party: Any, convention_id: int | None, field: str) -> None:
    """A share, a payer, an addressee… must be a party of the same convention."""
    if party is not None and convention_id is not None and party.convention_id != convention_id:
        raise ValidationError({field: f"{party.organisation} n'est pas partie à cette convention."})


class ConventionScopedQuerySet(models.QuerySet[Any]):
    """Money is visible to the members of the convention's parties, as the convention is."""

    convention_path = "convention"

    def visible_to(self, user: Any) -> ConventionScopedQuerySet:
        from reperes.conventions.models import Convention

        return self.filter(
            **{f"{self.convention_path}__in": Convention.objects.visible_to(user).values("pk")}
        )


class ConventionScoped(models.Model):
    """A record of a convention's money, visible as the convention is."""

    objects = ConventionScopedQuerySet.as_manager()

    class Meta:
        abstract = True
