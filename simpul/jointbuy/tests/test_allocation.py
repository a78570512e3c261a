"""The closing arithmetic on plain values: whole cases from a commitment, the tier table's checks, sharing a cap.

Properties (hypothesis) for any asks, cap and rule, and examples a coordinator would recognise."""

import math
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from simpul.jointbuy.allocation import (
    FIRST_COME,
    PROPORTIONAL,
    Ask,
    Tier,
    close_item,
    close_total,
    next_tier,
    share,
    tier_for,
    tier_problems,
    tolerance_for_one_more_case,
    wanted_cases,
)

# --- strategies -----------------------------------------------------------------------------------------------------

quantities = st.decimals(min_value=0, max_value=100_000, places=3, allow_nan=False, allow_infinity=False)
case_sizes = st.decimals(min_value=Decimal("0.001"), max_value=1_000, places=3, allow_nan=False, allow_infinity=False)
rules = st.sampled_from([PROPORTIONAL, FIRST_COME])


@st.composite
def asks_lists(draw: st.DrawFn, max_size: int = 40) -> list[Ask]:
    wanted = draw(st.lists(st.integers(min_value=0, max_value=500), max_size=max_size))
    # Commitment times with ties (two cooperatives in the same second): the id breaks them, as in the database.
    times = draw(st.lists(st.integers(min_value=0, max_value=20), min_size=len(wanted), max_size=len(wanted)))
    return [Ask(key=1000 + i, wanted=w, order=(times[i], i)) for i, w in enumerate(wanted)]


caps = st.one_of(st.none(), st.integers(min_value=0, max_value=20_000))


@st.composite
def tier_tables(draw: st.DrawFn) -> list[Tier]:
    """A good table: from 1 case, back to back, open at the end, prices never rising."""
    widths = draw(st.lists(st.integers(min_value=1, max_value=500), max_size=5))
    prices = sorted(
        draw(st.lists(st.integers(min_value=1, max_value=100_000), min_size=len(widths) + 1, max_size=len(widths) + 1)),
        reverse=True,
    )
    tiers, start = [], 1
    for width, price in zip(widths, prices, strict=False):
        tiers.append(Tier(start, start + width - 1, Decimal(price)))
        start += width
    tiers.append(Tier(start, None, Decimal(prices[-1])))
    return tiers


# --- wanted_cases ---------------------------------------------------------------------------------------------------


@given(quantity=quantities, tolerance=quantities, size=case_sizes)
def test_wanted_cases_never_exceed_quantity_and_tolerance_nor_come_from_tolerance_alone(quantity, tolerance, size):
    cases = wanted_cases(quantity, tolerance, size)
    full = int(quantity // size)

    assert cases >= 0
    assert cases * size <= quantity + tolerance
    assert cases in (full, full + 1)
    if cases == full + 1:
        # The extra case is one the quantity itself reaches into; the tolerance only fills it.
        assert quantity > full * size
    else:
        # And it is made whenever it can be: a part-filled case that quantity + tolerance fill is taken.
        assert quantity == full * size or (full + 1) * size > quantity + tolerance


@given(cases=st.integers(min_value=0, max_value=10_000), size=case_sizes, tolerance=quantities)
def test_a_whole_number_of_cases_is_exactly_that_many_whatever_the_tolerance(cases, size, tolerance):
    assert wanted_cases(cases * size, tolerance, size) == cases


@given(quantity=st.decimals(min_value=0, max_value=1_000, places=3), size=case_sizes)
def test_tolerance_alone_never_makes_a_case(quantity, size):
    assume(quantity < size)
    assert wanted_cases(Decimal(0), quantity, size) == 0
    assert wanted_cases(quantity, Decimal(10**6), size) == (1 if quantity > 0 else 0)


@pytest.mark.parametrize(
    ("quantity", "tolerance", "size", "cases"),
    [
        ("0", "0", "10", 0),
        ("0", "9", "10", 0),  # tolerance alone: no case
        ("10", "0", "10", 1),
        ("15", "0", "10", 1),  # half a case and no tolerance: the half is not ordered
        ("15", "4", "10", 1),  # the tolerance does not fill it
        ("15", "5", "10", 2),  # it does
        ("20", "9", "10", 2),  # whole cases: the tolerance is not used
        ("0.5", "49.5", "50", 1),  # sugar by the kg
        ("-3", "10", "10", 0),
    ],
)
def test_wanted_cases_examples(quantity, tolerance, size, cases):
    assert wanted_cases(Decimal(quantity), Decimal(tolerance), Decimal(size)) == cases


@given(quantity=quantities, tolerance=quantities, size=case_sizes)
def test_the_tolerance_named_for_one_more_case_makes_exactly_one_more(quantity, tolerance, size):
    needed = tolerance_for_one_more_case(quantity, tolerance, size)
    cases = wanted_cases(quantity, tolerance, size)
    if needed is None:
        # No tolerance at all would add a case.
        assert wanted_cases(quantity, Decimal(10**9), size) == cases
    else:
        assert needed > tolerance
        assert wanted_cases(quantity, needed, size) == cases + 1
        assert wanted_cases(quantity, needed - Decimal("0.001"), size) == cases


@pytest.mark.parametrize(
    ("quantity", "tolerance", "size", "needed"),
    [
        ("15", "0", "10", "5"),
        ("15", "4", "10", "5"),
        ("15", "5", "10", None),  # the case is made already
        ("20", "0", "10", None),  # whole cases: no tolerance makes another
        ("0", "0", "10", None),  # nothing asked
        ("30", "0", "40", "10"),  # three cooperatives of 30 in a 40-piece case (ADR 0009)
    ],
)
def test_tolerance_for_one_more_case_examples(quantity, tolerance, size, needed):
    found = tolerance_for_one_more_case(Decimal(quantity), Decimal(tolerance), Decimal(size))
    assert found == (Decimal(needed) if needed is not None else None)


# --- share ----------------------------------------------------------------------------------------------------------


@given(asks=asks_lists(), cap=caps, rule=rules)
def test_shares_are_whole_add_up_to_the_total_or_the_cap_and_never_exceed_a_commitment(asks, cap, rule):
    shares = share(asks, cap, rule)
    total = sum(ask.wanted for ask in asks)

    assert set(shares) == {ask.key for ask in asks}
    assert all(isinstance(cases, int) for cases in shares.values())
    assert sum(shares.values()) == (total if cap is None else min(total, cap))
    for ask in asks:
        assert 0 <= shares[ask.key] <= ask.wanted


@given(asks=asks_lists(), cap=st.integers(min_value=0, max_value=20_000))
def test_first_come_first_served_serves_in_commitment_order(asks, cap):
    shares = share(asks, cap, FIRST_COME)
    total = sum(ask.wanted for ask in asks)
    assume(total > cap)

    served = [shares[ask.key] for ask in sorted(asks, key=lambda a: a.order)]
    wanted = [ask.wanted for ask in sorted(asks, key=lambda a: a.order)]
    # Everyone before the first one short got all it wanted; everyone after it got nothing.
    short = next((i for i, (got, asked) in enumerate(zip(served, wanted, strict=True)) if got < asked), None)
    assert short is not None
    assert served[:short] == wanted[:short]
    assert all(got == 0 for got in served[short + 1 :])


@given(asks=asks_lists(), cap=st.integers(min_value=0, max_value=20_000))
def test_proportional_shares_are_within_one_case_of_the_exact_quota(asks, cap):
    shares = share(asks, cap, PROPORTIONAL)
    total = sum(ask.wanted for ask in asks)
    assume(total > cap)

    for ask in asks:
        quota = Decimal(ask.wanted * cap) / Decimal(total)
        assert abs(shares[ask.key] - quota) < 1
        # Largest remainders: never less than the whole part of its quota.
        assert shares[ask.key] >= math.floor(ask.wanted * cap / total)


@given(asks=asks_lists(), cap=caps, rule=rules)
def test_when_everything_fits_everyone_gets_what_it_wanted(asks, cap, rule):
    assume(cap is None or cap >= sum(ask.wanted for ask in asks))
    assert share(asks, cap, rule) == {ask.key: ask.wanted for ask in asks}


def test_proportional_gives_the_cases_left_to_the_largest_remainders_ties_to_the_first_committed():
    asks = [Ask(1, 5, (3, 1)), Ask(2, 3, (1, 2)), Ask(3, 2, (2, 3))]
    # 10 wanted, 7 to share: quotas 3.5, 2.1, 1.4 → 3, 2, 1 and one left, to the largest remainder (0.5).
    assert share(asks, 7, PROPORTIONAL) == {1: 4, 2: 2, 3: 1}
    # Equal asks and one case left: the one that committed first gets it.
    tied = [Ask(1, 2, (9, 1)), Ask(2, 2, (1, 2)), Ask(3, 2, (5, 3))]
    assert share(tied, 4, PROPORTIONAL) == {1: 1, 2: 2, 3: 1}


def test_first_come_first_served_example_and_a_cap_of_nothing():
    asks = [Ask(1, 5, (3, 1)), Ask(2, 3, (1, 2)), Ask(3, 2, (2, 3))]
    assert share(asks, 6, FIRST_COME) == {2: 3, 3: 2, 1: 1}
    assert share(asks, 0, PROPORTIONAL) == {1: 0, 2: 0, 3: 0}
    assert share([], 5, PROPORTIONAL) == {}


# --- close_item -----------------------------------------------------------------------------------------------------


@given(asks=asks_lists(), cap=caps, rule=rules, tiers=tier_tables(), minimum=st.integers(min_value=1, max_value=3_000))
def test_an_item_is_dropped_below_its_minimum_else_shared_and_priced_by_its_final_total(
    asks, cap, rule, tiers, minimum
):
    assume(cap is None or cap >= minimum)  # the database refuses a cap below the minimum
    outcome = close_item(asks, min_cases=minimum, cap=cap, rule=rule, tiers=tiers)
    total = sum(ask.wanted for ask in asks)

    assert outcome.wanted_total == total
    if total < minimum:
        assert outcome.dropped == (total > 0)
        assert outcome.total == 0 and outcome.tier is None and not outcome.capped
        assert set(outcome.cases.values()) <= {0}
    else:
        assert not outcome.dropped
        assert outcome.total == sum(outcome.cases.values()) == (total if cap is None else min(total, cap))
        assert outcome.capped == (outcome.total < total)
        assert outcome.tier == tier_for(tiers, outcome.total)
        assert outcome.tier is not None and outcome.tier.min_cases <= outcome.total


@given(asks=asks_lists(), cap=caps, rule=rules, tiers=tier_tables(), minimum=st.integers(min_value=0, max_value=3_000))
def test_close_total_decides_from_the_total_alone_what_close_item_decides(asks, cap, rule, tiers, minimum):
    whole = close_item(asks, min_cases=minimum, cap=cap, rule=rule, tiers=tiers)
    alone = close_total(sum(ask.wanted for ask in asks), min_cases=minimum, cap=cap, tiers=tiers)

    assert (alone.wanted_total, alone.dropped, alone.capped, alone.total, alone.tier) == (
        whole.wanted_total,
        whole.dropped,
        whole.capped,
        whole.total,
        whole.tier,
    )
    assert alone.cases == {}


def test_close_item_examples():
    tiers = [Tier(1, 9, Decimal(70_000)), Tier(10, None, Decimal(68_000))]
    asks = [Ask(1, 6, (1, 1)), Ask(2, 6, (2, 2))]

    ordered = close_item(asks, min_cases=5, cap=None, rule=PROPORTIONAL, tiers=tiers)
    assert (ordered.total, ordered.tier, ordered.capped) == (12, tiers[1], False)

    capped = close_item(asks, min_cases=5, cap=8, rule=PROPORTIONAL, tiers=tiers)
    # The cap pushes the total back under 10 cases: the price is the lower tier's.
    assert (capped.total, capped.cases, capped.tier, capped.capped) == (8, {1: 4, 2: 4}, tiers[0], True)

    dropped = close_item(asks, min_cases=13, cap=None, rule=PROPORTIONAL, tiers=tiers)
    assert (dropped.dropped, dropped.total, dropped.cases) == (True, 0, {1: 0, 2: 0})

    nobody = close_item([Ask(1, 0, (1, 1))], min_cases=1, cap=None, rule=PROPORTIONAL, tiers=tiers)
    assert (nobody.dropped, nobody.total, nobody.tier) == (False, 0, None)


# --- tiers ----------------------------------------------------------------------------------------------------------


@given(tiers=tier_tables())
def test_a_good_tier_table_has_no_problems_in_any_order(tiers):
    assert tier_problems(tiers) == []
    assert tier_problems(list(reversed(tiers))) == []


@given(tiers=tier_tables(), cases=st.integers(min_value=0, max_value=5_000))
def test_tier_for_holds_the_cases_and_next_tier_is_the_first_above(tiers, cases):
    tier = tier_for(tiers, cases)
    if cases == 0:
        assert tier is None
    else:
        assert tier is not None
        assert tier.min_cases <= cases and (tier.max_cases is None or cases <= tier.max_cases)
    above = next_tier(tiers, cases)
    starts = [t.min_cases for t in tiers if t.min_cases > cases]
    assert (above.min_cases if above else None) == (min(starts) if starts else None)
    if above is not None and tier is not None:
        assert above.price <= tier.price


@given(tiers=tier_tables(), gap=st.integers(min_value=1, max_value=50))
@settings(max_examples=50)
def test_tier_problems_finds_a_gap(tiers, gap):
    assume(len(tiers) >= 2)
    last = tiers[-1]
    broken = [*tiers[:-1], Tier(last.min_cases + gap, None, last.price)]
    assert "gap" in tier_problems(broken)


@given(tiers=tier_tables(), overlap=st.integers(min_value=1, max_value=50))
@settings(max_examples=50)
def test_tier_problems_finds_an_overlap(tiers, overlap):
    assume(len(tiers) >= 2)
    last = tiers[-1]
    start = max(last.min_cases - overlap, tiers[-2].min_cases + 1)
    assume(start < last.min_cases)
    broken = [*tiers[:-1], Tier(start, None, last.price)]
    assert "overlap" in tier_problems(broken)


@given(tiers=tier_tables(), shift=st.integers(min_value=1, max_value=50))
@settings(max_examples=50)
def test_tier_problems_finds_a_first_tier_not_at_one_a_closed_last_tier_and_rising_prices(tiers, shift):
    moved = [Tier(t.min_cases + shift, None if t.max_cases is None else t.max_cases + shift, t.price) for t in tiers]
    assert tier_problems(moved) == ["first_not_one"]
    last = tiers[-1]
    assert "last_not_open" in tier_problems([*tiers[:-1], Tier(last.min_cases, last.min_cases + shift, last.price)])
    if len(tiers) >= 2:
        assert "price_rises" in tier_problems([*tiers[:-1], Tier(last.min_cases, None, tiers[-2].price + shift)])


@pytest.mark.parametrize(
    ("tiers", "problems"),
    [
        ([], ["no_tiers"]),
        ([(1, 99, 100), (100, 499, 95), (500, None, 90)], []),
        ([(2, None, 100)], ["first_not_one"]),
        ([(1, 99, 100), (101, None, 95)], ["gap"]),
        ([(1, 99, 100), (90, None, 95)], ["overlap"]),
        ([(1, None, 100), (10, None, 95)], ["overlap"]),
        ([(1, 99, 100), (100, 200, 95)], ["last_not_open"]),
        ([(1, 99, 100), (100, None, 105)], ["price_rises"]),
        ([(1, 9, 100), (10, 5, 95), (6, None, 90)], ["empty_range", "last_not_open", "overlap", "price_rises"]),
        ([(1, None, 0)], ["price_not_positive"]),
    ],
)
def test_tier_problems_examples(tiers, problems):
    table = [Tier(low, high, Decimal(price)) for low, high, price in tiers]
    assert tier_problems(table) == problems


def test_tier_for_and_next_tier_examples():
    tiers = [Tier(1, 99, Decimal(100)), Tier(100, 499, Decimal(95)), Tier(500, None, Decimal(90))]
    assert [tier_for(tiers, n) for n in (0, 1, 99, 100, 499, 500, 10**6)] == [
        None,
        tiers[0],
        tiers[0],
        tiers[1],
        tiers[1],
        tiers[2],
        tiers[2],
    ]
    assert [next_tier(tiers, n) for n in (0, 50, 100, 499, 500)] == [tiers[0], tiers[1], tiers[2], tiers[2], None]
