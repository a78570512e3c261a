"""Closing a round through the services, on the database: whole cases per cooperative, items below the minimum
dropped, tier prices from the final total, the supplier's cap shared by the round's rule, the events, the purchase
orders; a supplier confirming part re-shares the item. On PostgreSQL the set-based closing and the one in Python
give the same allocations and events for the same round."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simpul.core.exceptions import ApplicationError
from simpul.jointbuy import allocation, error_codes
from simpul.jointbuy.models import (
    Commitment,
    EventKind,
    ItemStatus,
    Round,
    RoundEvent,
    RoundItem,
    RoundStatus,
)
from simpul.jointbuy.services import closing
from simpul.jointbuy.services.suppliers import supplier_order_confirm
from simpul.jointbuy.tests.factories import (
    close_round,
    commit,
    jointbuy_world,
    open_round,
    rice_item,
    round_items,
    sugar_item,
    supplier_order,
)

pytestmark = pytest.mark.django_db


def allocations(round_: Round, item: RoundItem) -> dict[int, tuple[int, int, str]]:
    """{cooperative id: (wanted cases, cases, reason)}"""
    rows = Commitment.objects.allocated().filter(round=round_, item=item)
    return {a.cooperative_id: (a.wanted_cases, a.cases, a.reason) for a in rows}


def _rows(round_: Round) -> list[tuple[int, int, int, int, str]]:
    """Every commitment of the round as (cooperative, item, wanted cases, cases, reason)."""
    return sorted(
        Commitment.objects.filter(round=round_).values_list(
            "cooperative_id", "item_id", "wanted_cases", "cases", "reason"
        )
    )


def events(round_: Round, kind: str, item: RoundItem | None = None) -> list[dict[str, Any]]:
    found = RoundEvent.objects.filter(round=round_, kind=kind).order_by("id")
    if item is not None:
        found = found.filter(item=item)
    return [e.details for e in found]


def test_commitments_become_whole_cases_per_cooperative_and_the_tier_is_priced_from_the_final_total():
    world = jointbuy_world(members=4)
    round_ = open_round(world)  # rice: 10 sacks a case; 1–9 cases at 70,000 a sack, 68,000 from 10
    (rice,) = round_items(round_)
    a, b, c, d = world.cooperatives
    commit(world, 0, round_, {rice: 25}, {rice: 5})  # 2 cases and half of a third, the tolerance fills it: 3
    commit(world, 1, round_, {rice: 25}, {rice: 4})  # the tolerance falls one sack short: 2
    commit(world, 2, round_, {rice: 40}, {rice: 9})  # whole cases: the tolerance is not used: 4
    commit(world, 3, round_, {rice: 1}, {rice: 9})  # one sack that the tolerance fills to a case: 1

    closed = close_round(world, round_)

    assert allocations(round_, rice) == {a.pk: (3, 3, ""), b.pk: (2, 2, ""), c.pk: (4, 4, ""), d.pk: (1, 1, "")}
    rice.refresh_from_db()
    assert (rice.status, rice.ordered_cases, rice.price) == (ItemStatus.ORDERED, 10, Decimal(68_000))
    assert events(round_, EventKind.ROUNDED, rice) == [
        {
            "cooperatives": 4,
            "committed": "91.000",
            "tolerance": "27.000",
            "cases": 10,
            "case_size": "10.000",
        }
    ]
    assert events(round_, EventKind.TIER, rice) == [
        {"cases": 10, "min_cases": 10, "max_cases": None, "price": "68000.00", "list_price": "72000.00"}
    ]
    assert events(round_, EventKind.CAPPED) == [] and events(round_, EventKind.DROPPED) == []
    assert closed.status == RoundStatus.CLOSED
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CLOSED


def test_an_item_below_the_minimum_is_dropped_and_every_cooperative_sees_why():
    world = jointbuy_world(members=3)
    round_ = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier, min_cases=5)])
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 10, sugar: "75.5"}, {sugar: "24.5"})  # sugar: 2 cases
    commit(world, 1, round_, {rice: 20, sugar: 50})  # sugar: 1 case
    commit(world, 2, round_, {sugar: "49.999"})  # sugar: less than a case and no tolerance: 0

    close_round(world, round_)

    sugar.refresh_from_db()
    assert (sugar.status, sugar.ordered_cases, sugar.price) == (ItemStatus.DROPPED, 0, sugar.list_price)
    first, second, third = (each.pk for each in world.cooperatives)
    below = allocation.BELOW_MINIMUM
    assert allocations(round_, sugar) == {first: (2, 0, below), second: (1, 0, below), third: (0, 0, below)}
    # The event names the item, the cases asked for and the supplier's minimum: what every member's page says.
    assert events(round_, EventKind.DROPPED, sugar) == [{"cases": 3, "min_cases": 5}]
    assert events(round_, EventKind.TIER, sugar) == []
    # The other item is ordered as usual, at the lower tier's price: 3 cases.
    rice.refresh_from_db()
    assert (rice.status, rice.ordered_cases, rice.price) == (ItemStatus.ORDERED, 3, Decimal(70_000))
    assert allocations(round_, rice) == {first: (1, 1, ""), second: (2, 2, "")}


def test_a_cap_is_shared_proportionally_with_largest_remainders_and_the_price_follows_the_capped_total():
    world = jointbuy_world(members=3)
    round_ = open_round(world, [rice_item(world.supplier, max_cases=7)])
    (rice,) = round_items(round_)
    first, second, third = (each.pk for each in world.cooperatives)
    commit(world, 0, round_, {rice: 50})  # 5 cases: 5 × 7 / 10 = 3.5
    commit(world, 1, round_, {rice: 30})  # 3 cases: 2.1
    commit(world, 2, round_, {rice: 20})  # 2 cases: 1.4

    close_round(world, round_)

    capped = allocation.CAPPED
    assert allocations(round_, rice) == {first: (5, 4, capped), second: (3, 2, capped), third: (2, 1, capped)}
    rice.refresh_from_db()
    # 10 cases would have reached 68,000; the supplier delivers 7: 70,000.
    assert (rice.ordered_cases, rice.price) == (7, Decimal(70_000))
    assert events(round_, EventKind.CAPPED, rice) == [{"cases": 10, "cap": 7, "rule": "proportional"}]
    assert events(round_, EventKind.TIER, rice)[0]["cases"] == 7


def test_a_cap_first_come_first_served_serves_in_the_order_cooperatives_committed():
    world = jointbuy_world(members=3)
    round_ = open_round(world, [rice_item(world.supplier, max_cases=6)], allocation_rule="first_come")
    (rice,) = round_items(round_)
    first, second, third = (each.pk for each in world.cooperatives)
    commit(world, 1, round_, {rice: 40})  # the second cooperative commits first: 4 cases
    commit(world, 2, round_, {rice: 30})  # then the third: 3 cases
    commit(world, 0, round_, {rice: 50})  # the first last: 5 cases
    commit(world, 1, round_, {rice: 40}, {rice: 5})  # a change keeps its place

    close_round(world, round_)

    capped = allocation.CAPPED
    assert allocations(round_, rice) == {second: (4, 4, ""), third: (3, 2, capped), first: (5, 0, capped)}
    assert events(round_, EventKind.CAPPED, rice) == [{"cases": 12, "cap": 6, "rule": "first_come"}]


def test_closing_writes_the_purchase_orders_and_the_round_events_and_a_second_close_is_refused():
    world = jointbuy_world(members=2)
    round_ = open_round(world)
    (rice,) = round_items(round_)
    commit(world, 0, round_, {rice: 30})
    commit(world, 1, round_, {rice: 0})  # a withdrawn commitment asks for nothing

    close_round(world, round_)

    order = supplier_order(world, round_)
    assert order.order_number == f"PO-{round_.number}-1" and order.ordered_at is not None
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED and round_.closed_at is not None
    kinds = list(RoundEvent.objects.filter(round=round_).order_by("id").values_list("kind", flat=True))
    assert kinds == [EventKind.OPENED, EventKind.ROUNDED, EventKind.TIER, EventKind.ORDERED, EventKind.CLOSED]
    assert events(round_, EventKind.ORDERED) == [{"supplier": world.supplier.pk, "order": order.order_number}]
    assert events(round_, EventKind.CLOSED) == [{"items": 1, "cases": 3, "commitments": 1}]
    assert list(Commitment.objects.allocated().filter(round=round_).values_list("cooperative_id", "cases")) == [
        (world.cooperatives[0].pk, 3)
    ]

    written = (_rows(round_), RoundEvent.objects.count())
    with pytest.raises(ApplicationError) as refused:
        close_round(world, round_)
    assert refused.value.code == error_codes.INVALID_STATUS
    assert (_rows(round_), RoundEvent.objects.count()) == written


def test_an_item_nobody_committed_to_is_dropped_without_allocations():
    world = jointbuy_world(members=1)
    round_ = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 10})

    close_round(world, round_)

    sugar.refresh_from_db()
    assert (sugar.status, sugar.ordered_cases) == (ItemStatus.DROPPED, 0)
    assert allocations(round_, sugar) == {}
    assert events(round_, EventKind.ROUNDED, sugar)[0]["cooperatives"] == 0
    assert events(round_, EventKind.DROPPED, sugar) == []  # nothing asked, nothing to explain


def test_a_supplier_confirming_fewer_cases_re_shares_the_item_by_the_round_rule():
    world = jointbuy_world(members=3)
    round_ = open_round(world, [rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)
    first, second, third = (each.pk for each in world.cooperatives)
    commit(world, 0, round_, {rice: 60, sugar: 100})
    commit(world, 1, round_, {rice: 40})
    commit(world, 2, round_, {rice: 20})
    close_round(world, round_)
    order = supplier_order(world, round_)

    supplier_order_confirm(
        supplier=world.supplier,
        actor=world.supplier_staff,
        round_supplier_id=order.pk,
        confirmed={rice.pk: 9, str(sugar.pk): 2},
        delivery_date=timezone.localdate() + dt.timedelta(days=3),
    )

    capped = allocation.CAPPED
    # 12 cases ordered, 9 confirmed: 6 × 9 / 12 = 4.5, 3, 1.5 → 4, 3, 1 and the case left to the first committed
    # of the two halves.
    assert allocations(round_, rice) == {first: (6, 5, capped), second: (4, 3, capped), third: (2, 1, capped)}
    rice.refresh_from_db()
    assert (rice.ordered_cases, rice.confirmed_cases, rice.price) == (12, 9, Decimal(70_000))
    assert events(round_, EventKind.CAPPED, rice)[-1] == {"cases": 12, "cap": 9, "rule": "proportional"}
    sugar.refresh_from_db()
    assert sugar.confirmed_cases == 2 and allocations(round_, sugar) == {first: (2, 2, "")}
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CONFIRMED


# --- the two closings agree (PostgreSQL) ----------------------------------------------------------------------------


def _snapshot(round_: Round) -> dict[str, Any]:
    return {
        "allocations": sorted(
            Commitment.objects.allocated()
            .filter(round=round_)
            .values_list("cooperative_id", "item_id", "wanted_cases", "cases", "reason")
        ),
        "events": list(
            RoundEvent.objects.filter(round=round_).order_by("id").values_list("kind", "item_id", "details")
        ),
        "items": list(
            RoundItem.objects.filter(round=round_)
            .order_by("id")
            .values_list("id", "status", "ordered_cases", "price", "confirmed_cases")
        ),
        "status": Round.objects.get(pk=round_.pk).status,
    }


def _close_both_ways(world: Any, round_: Round, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, dict]:
    """Close the round in Python (undone afterwards), then set-based; the snapshot of each."""

    class Undo(Exception):
        pass

    in_python: dict[str, Any] = {}
    with monkeypatch.context() as patch:
        patch.setattr(closing, "SET_BASED_VENDORS", frozenset())
        try:
            with transaction.atomic():
                close_round(world, round_)
                in_python = _snapshot(round_)
                raise Undo
        except Undo:
            pass
    # Undone: no commitment cut, no reason given, the round open.
    assert all(wanted == cases and reason == "" for _c, _i, wanted, cases, reason in _rows(round_))
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN
    close_round(world, round_)
    return in_python, _snapshot(round_)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based closing runs on PostgreSQL")
@pytest.mark.parametrize("rule", ["proportional", "first_come"])
def test_the_set_based_closing_gives_what_the_closing_in_python_gives(rule, monkeypatch):
    rng = random.Random(f"closing-{rule}")
    world = jointbuy_world(members=14)
    items = [
        rice_item(world.supplier, name="Beras capped", max_cases=17, min_cases=2),
        rice_item(world.supplier, name="Beras free", min_cases=3),
        rice_item(world.supplier, name="Beras tight", max_cases=5),
        sugar_item(world.supplier, name="Gula capped", max_cases=9),
        sugar_item(world.supplier, name="Gula dropped", min_cases=500, max_cases=800),
        sugar_item(world.supplier, name="Gula nobody"),
        rice_item(world.supplier, name="Beras odd case", case_size="12", max_cases=11),
    ]
    round_ = open_round(world, items, allocation_rule=rule)
    listed = round_items(round_)
    for member in range(len(world.cooperatives)):
        quantities: dict[RoundItem | int, Any] = {}
        tolerances: dict[RoundItem | int, Any] = {}
        for item in listed[:-2] + listed[-1:]:
            if rng.random() < 0.15:
                continue
            size = int(item.case_size)
            if item.fractional:
                quantities[item] = Decimal(rng.randrange(0, 4 * size * 1000)) / 1000
                tolerances[item] = Decimal(rng.randrange(0, size * 1000)) / 1000
            else:
                quantities[item] = rng.randrange(0, 4 * size)
                tolerances[item] = rng.randrange(0, size)
        commit(world, member, round_, quantities, tolerances)
    # Ties in commitment time, broken by the commitment's id in both closings.
    tied = list(Commitment.objects.filter(round=round_).order_by("id").values_list("id", flat=True)[::3])
    Commitment.objects.filter(pk__in=tied).update(committed_at=timezone.now() - dt.timedelta(hours=1))

    in_python, set_based = _close_both_ways(world, round_, monkeypatch)

    assert set_based == in_python
    kinds = {kind for kind, _item, _details in set_based["events"]}
    assert {EventKind.CAPPED, EventKind.DROPPED, EventKind.TIER, EventKind.ROUNDED} <= kinds
    assert any(reason == allocation.CAPPED for *_rest, reason in set_based["allocations"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based closing runs on PostgreSQL")
def test_the_two_closings_agree_on_any_round(monkeypatch):
    world = jointbuy_world(members=6)

    @st.composite
    def rounds(draw: st.DrawFn) -> dict[str, Any]:
        items = []
        for index in range(draw(st.integers(min_value=1, max_value=3))):
            size = draw(st.sampled_from([1, 3, 10, 12]))
            minimum = draw(st.integers(min_value=1, max_value=8))
            cap = draw(st.one_of(st.none(), st.integers(min_value=minimum, max_value=25)))
            items.append(
                rice_item(world.supplier, name=f"Barang {index}", case_size=str(size), min_cases=minimum, max_cases=cap)
            )
        asks = [
            [
                (
                    draw(st.integers(min_value=0, max_value=5 * int(item["case_size"]))),
                    draw(st.integers(min_value=0, max_value=int(item["case_size"]) - 1)),
                )
                for item in items
            ]
            for _ in world.cooperatives
        ]
        order = draw(st.permutations(range(len(world.cooperatives))))
        return {
            "items": items,
            "asks": asks,
            "order": order,
            "rule": draw(st.sampled_from(["proportional", "first_come"])),
            "ties": draw(st.booleans()),
        }

    @given(plan=rounds())
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def agree(plan: dict[str, Any]) -> None:
        round_ = open_round(world, plan["items"], allocation_rule=plan["rule"])
        listed = round_items(round_)
        for member in plan["order"]:
            quantities: dict[RoundItem | int, Any] = {}
            tolerances: dict[RoundItem | int, Any] = {}
            for item, (quantity, tolerance) in zip(listed, plan["asks"][member], strict=True):
                quantities[item], tolerances[item] = quantity, tolerance
            commit(world, member, round_, quantities, tolerances)
        if plan["ties"]:
            Commitment.objects.filter(round=round_).update(committed_at=timezone.now())
        in_python, set_based = _close_both_ways(world, round_, monkeypatch)
        assert set_based == in_python

    agree()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row versions (xmin) are PostgreSQL's")
def test_closing_rewrites_only_the_commitments_it_cuts():
    world = jointbuy_world(members=3)
    round_ = open_round(world, [rice_item(world.supplier), rice_item(world.supplier, name="Beras capped", max_cases=3)])
    free, capped = round_items(round_)
    for member in range(3):
        commit(world, member, round_, {free: 20, capped: 20})

    def versions() -> dict[int, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, xmin::text::bigint FROM jointbuy_commitment WHERE round_id = %s", [round_.pk])
            return dict(cursor.fetchall())

    before = versions()
    close_round(world, round_)
    after = versions()

    ids = dict(Commitment.objects.filter(round=round_).values_list("pk", "item_id"))
    assert {pk for pk in ids if after[pk] != before[pk]} == {pk for pk, item in ids.items() if item == capped.pk}
    assert sorted(allocations(round_, capped).values()) == [(2, 1, "capped"), (2, 1, "capped"), (2, 1, "capped")]
    assert sorted(allocations(round_, free).values()) == [(2, 2, ""), (2, 2, ""), (2, 2, "")]
