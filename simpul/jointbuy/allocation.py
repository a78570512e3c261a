"""The arithmetic of closing a round, on plain values (no database): whole cases, tiers, sharing under a cap.

Every cooperative receives whole cases. Its commitment (quantity, and a tolerance of units it would take more to
fill a case) becomes whole cases on its own: the last case is made only when its quantity reaches into that case
and the tolerance covers the rest, never from tolerance alone. When the supplier cannot deliver the item's total,
the cap is shared by the round's rule. Integers throughout where cases are counted, so shares add up exactly."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

PROPORTIONAL = "proportional"
FIRST_COME = "first_come"

# Why a cooperative got fewer cases than it asked for (Commitment.reason).
BELOW_MINIMUM = "below_minimum"
CAPPED = "capped"


def wanted_cases(quantity: Decimal, tolerance: Decimal, case_size: Decimal) -> int:
    """The whole cases a commitment asks for: its full cases, and one more when its quantity reaches into that case
    and quantity + tolerance fill it."""
    if quantity <= 0:
        return 0
    full, part = divmod(quantity, case_size)
    if part and (full + 1) * case_size <= quantity + tolerance:
        return int(full) + 1
    return int(full)


def tolerance_for_one_more_case(quantity: Decimal, tolerance: Decimal, case_size: Decimal) -> Decimal | None:
    """The tolerance that would make one more case of this commitment (what the manager is told while the round is
    open), or None when no tolerance can: nothing asked, the quantity is whole cases, or the case is made already."""
    if quantity <= 0:
        return None
    full, part = divmod(quantity, case_size)
    if not part:
        return None
    needed = (full + 1) * case_size - quantity
    return needed if needed > tolerance else None


@dataclass(frozen=True)
class Tier:
    min_cases: int
    max_cases: int | None  # None: and more
    price: Decimal


def tier_problems(tiers: Sequence[Tier]) -> list[str]:
    """What is wrong with a tier table, as codes: it must start at 1 case, run without gaps or overlaps, end open,
    and never ask more for more cases."""
    if not tiers:
        return ["no_tiers"]
    ordered = sorted(tiers, key=lambda t: t.min_cases)
    problems = []
    if ordered[0].min_cases != 1:
        problems.append("first_not_one")
    for before, after in pairwise(ordered):
        if before.max_cases is None or after.min_cases <= before.max_cases:
            problems.append("overlap")
        elif after.min_cases > before.max_cases + 1:
            problems.append("gap")
        if after.price > before.price:
            problems.append("price_rises")
    for tier in ordered:
        if tier.max_cases is not None and tier.max_cases < tier.min_cases:
            problems.append("empty_range")
        if tier.price <= 0:
            problems.append("price_not_positive")
    if ordered[-1].max_cases is not None:
        problems.append("last_not_open")
    return sorted(set(problems))


def tier_for(tiers: Sequence[Tier], cases: int) -> Tier | None:
    """The tier whose range holds this many cases (None for none: zero cases)."""
    for tier in tiers:
        if cases >= tier.min_cases and (tier.max_cases is None or cases <= tier.max_cases):
            return tier
    return None


def next_tier(tiers: Sequence[Tier], cases: int) -> Tier | None:
    """The first tier above this many cases, if any."""
    above = [tier for tier in tiers if tier.min_cases > cases]
    return min(above, key=lambda t: t.min_cases) if above else None


@dataclass(frozen=True)
class Ask:
    key: int  # the cooperative's id
    wanted: int  # whole cases
    order: tuple[Any, ...]  # first come, first served: (committed_at, id)


def share(asks: Sequence[Ask], cap: int | None, rule: str) -> dict[int, int]:
    """Whole cases per cooperative: what it wanted when the total fits the cap, else the cap shared by the rule.

    Proportional with largest remainders: each gets the whole part of wanted × cap / total, and the cases left go
    one each to the largest remainders (ties: first committed first). First come, first served: in commitment
    order, each gets what it wanted while cases are left. Either way the shares add up to min(total, cap) and none
    exceeds what it wanted."""
    total = sum(ask.wanted for ask in asks)
    if cap is None or total <= cap:
        return {ask.key: ask.wanted for ask in asks}
    if cap <= 0:
        return {ask.key: 0 for ask in asks}
    if rule == FIRST_COME:
        left, shares = cap, {}
        for ask in sorted(asks, key=lambda a: a.order):
            shares[ask.key] = min(ask.wanted, left)
            left -= shares[ask.key]
        return shares
    shares = {}
    remainders = []
    for ask in asks:
        whole, remainder = divmod(ask.wanted * cap, total)
        shares[ask.key] = whole
        if remainder:
            remainders.append((-remainder, ask.order, ask))
    left = cap - sum(shares.values())
    for _remainder, _order, ask in sorted(remainders, key=lambda r: (r[0], r[1]))[:left]:
        shares[ask.key] += 1
    return shares


@dataclass(frozen=True)
class ItemOutcome:
    wanted_total: int  # cases asked for, rounded per cooperative
    dropped: bool  # below the supplier's minimum: nobody gets any
    capped: bool  # the supplier's cap was below what was asked
    cases: dict[int, int]  # per cooperative
    total: int  # cases ordered
    tier: Tier | None  # the price tier of that total


def close_item(
    asks: Sequence[Ask], *, min_cases: int, cap: int | None, rule: str, tiers: Sequence[Tier]
) -> ItemOutcome:
    """One item at closing: dropped below the minimum, else shared under the cap, priced by its final total."""
    wanted_total = sum(ask.wanted for ask in asks)
    if wanted_total == 0 or wanted_total < min_cases:
        return ItemOutcome(wanted_total, wanted_total > 0, False, {ask.key: 0 for ask in asks}, 0, None)
    cases = share(asks, cap, rule)
    total = sum(cases.values())
    return ItemOutcome(wanted_total, False, total < wanted_total, cases, total, tier_for(tiers, total))


def close_total(wanted_total: int, *, min_cases: int, cap: int | None, tiers: Sequence[Tier]) -> ItemOutcome:
    """What close_item decides from the item's total of wanted cases alone, without the shares (`cases` left
    empty): whether it is dropped or capped, the cases ordered and their tier. The set-based closing shares the cap
    in the database by the same rule (services/closing.py)."""
    if wanted_total == 0 or wanted_total < min_cases:
        return ItemOutcome(wanted_total, wanted_total > 0, False, {}, 0, None)
    total = wanted_total if cap is None else max(min(wanted_total, cap), 0)
    return ItemOutcome(wanted_total, False, total < wanted_total, {}, total, tier_for(tiers, total))
