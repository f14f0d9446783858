"""From the stored shares of a funding to euros, with every disagreement of the text shown.

The arithmetic is ``reperes.rules.allocation.allocate_shares``; this module only builds its
input from the rows and reads its output back per row. When the total is unknown (seed 001:
« Département : 95 % — Communes : 5 % », no amount), the shares cannot be turned into euros:
the amounts stay unknown, and only the warnings that do not need a total (percent sums,
blank shares) are kept. Nothing is invented.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reperes.rules.allocation import (
    AllocatedShare,
    Allocation,
    AllocationWarning,
    StatedShare,
    WarningKind,
    allocate_shares,
    amount_sum_warning,
)

from .models import Funding, FundingCostLine, FundingShare

#: Warnings that still make sense when the total is unknown.
WITHOUT_TOTAL = {WarningKind.PERCENT_SUM, WarningKind.MISSING}


@dataclass(frozen=True)
class ShareRow:
    share: FundingShare
    depth: int
    allocated: AllocatedShare | None
    warnings: tuple[AllocationWarning, ...]

    @property
    def amount(self) -> Decimal | None:
        return self.allocated.amount if self.allocated is not None else None

    @property
    def missing(self) -> bool:
        return self.share.stated_percent is None and self.share.stated_amount is None


@dataclass(frozen=True)
class FundingView:
    funding: Funding
    allocation: Allocation | None
    total_known: bool
    rows: tuple[ShareRow, ...]
    warnings: tuple[AllocationWarning, ...]
    cost_lines: tuple[FundingCostLine, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def total(self) -> Decimal | None:
        return self.allocation.total if self.allocation is not None and self.total_known else None

    def amount_for_party(self, party_id: int) -> Decimal | None:
        """What the party pays this year, or ``None`` when it cannot be known (unknown total,
        or one of its shares left blank)."""
        rows = [row for row in self.rows if row.share.party_id == party_id]
        if not rows or not self.total_known or any(row.missing for row in rows):
            return None
        return sum((row.amount or Decimal("0.00") for row in rows), Decimal("0.00"))


def _children(shares: Sequence[FundingShare]) -> dict[int | None, list[FundingShare]]:
    tree: dict[int | None, list[FundingShare]] = {}
    for share in shares:
        tree.setdefault(share.parent_id, []).append(share)
    for siblings in tree.values():
        siblings.sort(key=lambda s: (s.order, s.pk))
    return tree


def stated_shares(shares: Sequence[FundingShare]) -> list[StatedShare]:
    """The ``StatedShare`` tree of a funding's rows (keys: ``FundingShare.key``)."""
    tree = _children(shares)

    def build(share: FundingShare) -> StatedShare:
        return StatedShare(
            key=share.key,
            label=share.display_label,
            percent=share.stated_percent,
            amount=share.stated_amount,
            children=tuple(build(child) for child in tree.get(share.pk, [])),
            children_percent_of=share.children_percent_of,  # type: ignore[arg-type]  # a CharField whose choices are the two literals
        )

    return [build(share) for share in tree.get(None, [])]


def _allocate(funding: Funding, stated: list[StatedShare]) -> tuple[Allocation | None, bool]:
    if not stated:
        return None, funding.total is not None
    if funding.total is not None:
        return allocate_shares(funding.total, stated), True
    if all(share.amount is not None or share.missing for share in stated):
        return allocate_shares(None, stated), True
    # Percents without a total: compute on zero only to collect the text's own warnings.
    return allocate_shares(Decimal("0.00"), stated), False


def funding_view(
    funding: Funding,
    shares: Sequence[FundingShare] | None = None,
    cost_lines: Sequence[FundingCostLine] | None = None,
) -> FundingView:
    """``shares`` and ``cost_lines`` may be passed when already fetched (prefetch)."""
    shares = list(funding.shares.all() if shares is None else shares)
    cost_lines = list(funding.cost_lines.all() if cost_lines is None else cost_lines)
    stated = stated_shares(shares)
    allocation, total_known = _allocate(funding, stated)
    warnings: list[AllocationWarning] = []
    notes: list[str] = []
    if allocation is not None:
        warnings = [w for w in allocation.warnings if total_known or w.kind in WITHOUT_TOTAL]
    if not total_known:
        notes.append(
            "Montant total non renseigné : les parts sont connues en pourcentage seulement, "
            "les montants restent inconnus."
        )
    if cost_lines and funding.total is not None:
        cost_total = sum((line.amount for line in cost_lines), Decimal("0.00"))
        if cost_total != funding.total:
            parts = "Les postes de coût"
            warnings.append(amount_sum_warning(None, parts, cost_total, funding.total))

    allocated = {s.key: s for s in allocation.walk()} if allocation is not None else {}
    by_key: dict[str | None, list[AllocationWarning]] = {}
    for warning in warnings:
        by_key.setdefault(warning.key, []).append(warning)
    tree = _children(shares)
    rows: list[ShareRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for share in tree.get(parent_id, []):
            rows.append(
                ShareRow(
                    share=share,
                    depth=depth,
                    allocated=allocated.get(share.key) if total_known else None,
                    warnings=tuple(by_key.get(share.key, ())),
                )
            )
            walk(share.pk, depth + 1)

    walk(None, 0)
    return FundingView(
        funding=funding,
        allocation=allocation,
        total_known=total_known,
        rows=tuple(rows),
        warnings=tuple(warnings),
        cost_lines=tuple(cost_lines),
        notes=tuple(notes),
    )
