"""Reads of rounds: the live totals every member of the network sees while a round is open, and a cooperative's
own estimate (its price at the tier reached and its saving against buying alone)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership
from simpul.jointbuy import allocation
from simpul.jointbuy.allocation import Tier
from simpul.jointbuy.models import Commitment, Round, RoundItem, RoundStatus, SupplierAgreement

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ItemTotal:
    """An item's standing: cases asked for (each cooperative's commitment in whole cases), the tier reached and
    how many cases more reach the next one."""

    item: RoundItem
    tiers: list[Tier]
    cooperatives: int
    committed: Decimal  # units
    cases: int
    tier: Tier | None
    next_tier: Tier | None
    cases_to_next: int | None

    @property
    def price(self) -> Decimal:
        """The price per unit at the tier reached (the first tier's before anyone commits)."""
        if self.tier is not None:
            return self.tier.price
        return self.tiers[0].price if self.tiers else self.item.list_price

    @property
    def below_minimum(self) -> bool:
        return self.cases < self.item.min_cases


def round_item_totals(round_: Round) -> list[ItemTotal]:
    """Every item of the round with its live totals: one read of the items and tiers, one sum of the commitments
    per item (each commitment keeps its whole cases, as the closing counts them)."""
    items = list(RoundItem.objects.filter(round=round_).prefetch_related("tiers").order_by("position", "pk"))
    sums = {
        row["item_id"]: row
        for row in Commitment.objects.filter(round=round_, quantity__gt=0)
        .values("item_id")
        .annotate(n=Count("pk"), committed=Sum("quantity"), cases=Sum("wanted_cases"))
        .order_by()
    }
    cases = {item_id: row["cases"] or 0 for item_id, row in sums.items()}
    committed = {item_id: row["committed"] or ZERO for item_id, row in sums.items()}
    counted = {item_id: row["n"] for item_id, row in sums.items()}
    totals = []
    for item in items:
        tiers = [Tier(t.min_cases, t.max_cases, t.price) for t in item.tiers.all()]
        total = cases.get(item.pk, 0)
        reached = allocation.tier_for(tiers, total)
        following = allocation.next_tier(tiers, total)
        totals.append(
            ItemTotal(
                item=item,
                tiers=tiers,
                cooperatives=counted.get(item.pk, 0),
                committed=committed.get(item.pk, ZERO),
                cases=total,
                tier=reached,
                next_tier=following,
                cases_to_next=following.min_cases - total if following is not None else None,
            )
        )
    return totals


@dataclass(frozen=True)
class OwnLine:
    """One item as this cooperative sees it: what it committed, the whole cases that makes, and at the round's
    current price what it would pay and save against buying alone."""

    total: ItemTotal
    quantity: Decimal
    tolerance: Decimal
    cases: int
    units: Decimal  # cases × case size: what it would receive
    cost: Decimal
    alone: Decimal
    saving: Decimal


def own_estimate(round_: Round, cooperative: Cooperative) -> tuple[list[OwnLine], Decimal, Decimal]:
    """Per item this cooperative's estimate, and its totals: (lines, cost, saving)."""
    mine = {c.item_id: c for c in Commitment.objects.filter(round=round_, cooperative=cooperative).order_by()}
    lines = []
    for total in round_item_totals(round_):
        found = mine.get(total.item.pk)
        quantity = found.quantity if found is not None else ZERO
        tolerance = found.tolerance if found is not None else ZERO
        cases = found.wanted_cases if found is not None else 0
        units = cases * total.item.case_size
        cost = (units * total.price).quantize(CENT)
        alone = (units * total.item.list_price).quantize(CENT)
        lines.append(OwnLine(total, quantity, tolerance, cases, units, cost, alone, alone - cost))
    return lines, sum((line.cost for line in lines), ZERO), sum((line.saving for line in lines), ZERO)


def rounds_for_cooperative(cooperative: Cooperative) -> QuerySet[Round]:
    """Rounds of the networks the cooperative is an active member of, newest first (drafts are the
    coordinator's alone)."""
    networks = NetworkMembership.objects.filter(cooperative=cooperative, status=MembershipStatus.ACTIVE).values(
        "network_id"
    )
    return (
        Round.objects.filter(network_id__in=networks)
        .exclude(status=RoundStatus.DRAFT)
        .select_related("network")
        .order_by("-opens_at", "-pk")
    )


def supplier_agreement_networks(*, supplier_id: int) -> set[int]:
    """The networks holding an agreement with the supplier (coops.hooks.supplier_networks)."""
    return set(SupplierAgreement.objects.filter(supplier_id=supplier_id).values_list("network_id", flat=True))
