"""Reads of rounds: the live totals every member of the network sees while a round is open, and a cooperative's
own estimate (its price at the tier reached and its saving against buying alone)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership
from simpul.jointbuy import allocation
from simpul.jointbuy.allocation import Tier
from simpul.jointbuy.models import Commitment, Round, RoundItem, RoundStatus

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
    """Every item of the round with its live totals: one read of the items and tiers, one of the commitments'
    quantities (each turned into whole cases as the closing will)."""
    items = list(RoundItem.objects.filter(round=round_).prefetch_related("tiers").order_by("position", "pk"))
    sizes = {item.pk: item.case_size for item in items}
    cases: dict[int, int] = defaultdict(int)
    committed: dict[int, Decimal] = defaultdict(Decimal)
    counted: dict[int, int] = defaultdict(int)
    rows = Commitment.objects.filter(round=round_, quantity__gt=0).values_list("item_id", "quantity", "tolerance")
    for item_id, quantity, tolerance in rows.iterator(chunk_size=5000):
        cases[item_id] += allocation.wanted_cases(quantity, tolerance, sizes[item_id])
        committed[item_id] += quantity
        counted[item_id] += 1
    totals = []
    for item in items:
        tiers = [Tier(t.min_cases, t.max_cases, t.price) for t in item.tiers.all()]
        total = cases[item.pk]
        reached = allocation.tier_for(tiers, total)
        following = allocation.next_tier(tiers, total)
        totals.append(
            ItemTotal(
                item=item,
                tiers=tiers,
                cooperatives=counted[item.pk],
                committed=committed[item.pk],
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
        cases = allocation.wanted_cases(quantity, tolerance, total.item.case_size)
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
