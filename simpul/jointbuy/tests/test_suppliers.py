"""The supplier's side: its purchase orders once a round closes, confirmed all or part (a part shares the item again
by the round's rule) with a delivery date; another supplier's order is 404; more than ordered is refused."""

import datetime as dt
import functools
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from simpul.coops.tests.factories import RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import (
    Commitment,
    EventKind,
    Round,
    RoundEvent,
    RoundItem,
    RoundStatus,
    RoundStatusChange,
    RoundSupplier,
)
from simpul.jointbuy.services.rounds import round_create
from simpul.jointbuy.services.suppliers import supplier_order_confirm, supplier_order_get
from simpul.jointbuy.tests.factories import (
    World,
    close_round,
    commit,
    jointbuy_world,
    open_round,
    rice_item,
    round_data,
    round_items,
    sugar_item,
    supplier_order,
    supplier_with_staff,
)
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def world() -> World:
    return jointbuy_world(members=3)


def _closed(world: World) -> tuple[Round, RoundItem, RoundItem]:
    """A round of rice (10 sacks a case) and sugar (50 kg a case): 6 + 3 + 1 cases of rice, 2 + 1 of sugar."""
    round_ = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)])
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 60, sugar: 100})
    commit(world, 1, round_, {rice: 30, sugar: 50})
    commit(world, 2, round_, {rice: 10})
    close_round(world, round_)
    rice.refresh_from_db()
    sugar.refresh_from_db()
    return round_, rice, sugar


LATER = object()  # three days from today


def _confirm(world: World, order: RoundSupplier, items: dict[object, object], on: object = LATER) -> RoundSupplier:
    return supplier_order_confirm(
        supplier=world.supplier,
        actor=world.supplier_staff,
        round_supplier_id=order.pk,
        confirmed=items,
        delivery_date=timezone.localdate() + dt.timedelta(days=3) if on is LATER else on,
    )


def _cases(round_: Round, item: RoundItem) -> list[int]:
    rows = Commitment.objects.allocated().filter(round=round_, item=item).order_by("cooperative_id")
    return [row.cases for row in rows]


def _untouched(round_: Round, order: RoundSupplier, rice: RoundItem) -> None:
    order.refresh_from_db()
    assert order.confirmed_at is None and order.delivery_date is None
    assert RoundItem.objects.get(pk=rice.pk).confirmed_cases is None
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CLOSED
    assert not RoundEvent.objects.filter(round=round_, kind=EventKind.CONFIRMED).exists()


def test_a_closed_round_sends_the_supplier_its_order(world: World) -> None:
    round_, rice, sugar = _closed(world)
    order = supplier_order_get(world.supplier, supplier_order(world, round_).pk)
    assert order.order_number == f"PO-{round_.number}-1" and order.ordered_at is not None
    assert (rice.ordered_cases, rice.price) == (10, D(68000))  # 10 cases: the second tier
    assert (sugar.ordered_cases, sugar.price) == (3, D(16500))


def test_the_supplier_confirms_everything_and_the_round_is_confirmed(world: World) -> None:
    round_, rice, sugar = _closed(world)
    order = supplier_order(world, round_)
    on = timezone.localdate() + dt.timedelta(days=5)
    _confirm(world, order, {}, on=on.isoformat())  # items left out: all of them
    order.refresh_from_db()
    assert order.confirmed_by_id == world.supplier_staff.pk and order.delivery_date == on
    assert RoundItem.objects.get(pk=rice.pk).confirmed_cases == 10
    assert RoundItem.objects.get(pk=sugar.pk).confirmed_cases == 3
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CONFIRMED
    event = RoundEvent.objects.get(round=round_, kind=EventKind.CONFIRMED)
    assert event.details["items"] == {str(rice.pk): [10, 10], str(sugar.pk): [3, 3]}
    assert _cases(round_, rice) == [6, 3, 1]


def test_a_partial_confirmation_shares_the_item_again(world: World) -> None:
    round_, rice, sugar = _closed(world)
    _confirm(world, supplier_order(world, round_), {str(rice.pk): 5, sugar.pk: 3})
    rice.refresh_from_db()
    assert rice.confirmed_cases == 5 and rice.price == D(70000)  # 5 cases: back in the first tier
    cases = _cases(round_, rice)
    assert sum(cases) == 5 and cases == [3, 2, 0]  # proportional, largest remainders (6:3:1 of 5 → 3, 1.5, 0.5)
    assert all(row.cases <= row.wanted_cases for row in Commitment.objects.allocated().filter(round=round_, item=rice))
    assert RoundEvent.objects.filter(round=round_, item=rice, kind=EventKind.CAPPED).exists()
    assert _cases(round_, sugar) == [2, 1]


def test_confirming_none_of_an_item(world: World) -> None:
    round_, rice, _sugar = _closed(world)
    _confirm(world, supplier_order(world, round_), {rice.pk: 0})
    assert _cases(round_, rice) == [0, 0, 0]
    assert RoundItem.objects.get(pk=rice.pk).confirmed_cases == 0


def test_confirming_more_than_ordered_is_refused_and_nothing_written(world: World) -> None:
    round_, rice, sugar = _closed(world)
    order = supplier_order(world, round_)
    with pytest.raises(ApplicationError) as refused:
        _confirm(world, order, {sugar.pk: 2, rice.pk: 11})
    assert refused.value.code == error_codes.OVER_ORDERED
    assert "11" in refused.value.message and "10" in refused.value.message
    _untouched(round_, order, rice)
    assert _cases(round_, sugar) == [2, 1]


@pytest.mark.parametrize(
    "cases", [pytest.param(-1, id="negative"), pytest.param("2.5", id="fraction"), pytest.param("lima", id="words")]
)
def test_confirming_cases_that_are_not_whole_is_refused(world: World, cases: object) -> None:
    round_, rice, _sugar = _closed(world)
    order = supplier_order(world, round_)
    with pytest.raises(ApplicationError) as refused:
        _confirm(world, order, {rice.pk: cases})
    assert refused.value.code == error_codes.INVALID_QUANTITY
    _untouched(round_, order, rice)


def test_confirming_an_item_outside_the_order_is_refused(world: World) -> None:
    round_, rice, _sugar = _closed(world)
    other_round = open_round(world)
    [foreign] = round_items(other_round)
    order = supplier_order(world, round_)
    with pytest.raises(ApplicationError) as refused:
        _confirm(world, order, {foreign.pk: 1})
    assert refused.value.code == error_codes.UNKNOWN_ITEM
    _untouched(round_, order, rice)


def test_a_delivery_date_before_the_round_closed_is_refused(world: World) -> None:
    round_, rice, _sugar = _closed(world)
    order = supplier_order(world, round_)
    for on in (timezone.localdate() - dt.timedelta(days=1), "besok", None):
        with pytest.raises(ApplicationError) as refused:
            _confirm(world, order, {}, on=on)
        assert refused.value.code == error_codes.INVALID_DATES
    _untouched(round_, order, rice)


def test_a_round_closed_early_takes_a_delivery_on_its_closing_day(world: World) -> None:
    round_, _rice, _sugar = _closed(world)  # closes in three days, closed today
    _confirm(world, supplier_order(world, round_), {}, on=timezone.localdate())
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CONFIRMED


def test_confirming_twice_is_refused(world: World) -> None:
    round_, rice, _sugar = _closed(world)
    order = supplier_order(world, round_)
    _confirm(world, order, {rice.pk: 8})
    with pytest.raises(ApplicationError) as refused:
        _confirm(world, order, {rice.pk: 10})
    assert refused.value.code == error_codes.INVALID_STATUS
    assert RoundItem.objects.get(pk=rice.pk).confirmed_cases == 8


def test_another_supplier_s_order_is_not_found(world: World) -> None:
    round_, rice, _sugar = _closed(world)
    order = supplier_order(world, round_)
    other, other_staff, _agreement = supplier_with_staff(world.network)
    with pytest.raises(NotFoundError):
        supplier_order_get(other, order.pk)
    with pytest.raises(NotFoundError):
        supplier_order_confirm(
            supplier=other,
            actor=other_staff,
            round_supplier_id=order.pk,
            confirmed={rice.pk: 1},
            delivery_date=timezone.localdate() + dt.timedelta(days=3),
        )
    _untouched(round_, order, rice)


def test_an_order_is_not_there_before_the_round_closes(world: World) -> None:
    round_ = open_round(world)
    order = supplier_order(world, round_)
    for pk in (order.pk, 999999, "abc", None):
        with pytest.raises(NotFoundError):
            supplier_order_get(world.supplier, pk)


def test_the_round_is_confirmed_only_when_every_supplier_has_confirmed(world: World) -> None:
    other, other_staff, agreement = supplier_with_staff(world.network)
    assert agreement is not None
    data = round_data(
        world,
        items=[rice_item(world.supplier), sugar_item(other)],
        suppliers=[
            {"supplier_id": world.supplier.pk, "agreement_id": world.agreement.pk},
            {"supplier_id": other.pk, "agreement_id": agreement.pk},
        ],
    )
    round_ = round_create(network=world.network, actor=world.coordinator, data=data)
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 20, sugar: 100})
    close_round(world, round_)
    _confirm(world, supplier_order(world, round_), {})
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CLOSED
    theirs = RoundSupplier.objects.get(round=round_, supplier=other)
    with pytest.raises(NotFoundError):  # each supplier sees only its own order
        supplier_order_get(world.supplier, theirs.pk)
    supplier_order_confirm(
        supplier=other,
        actor=other_staff,
        round_supplier_id=theirs.pk,
        confirmed={},
        delivery_date=timezone.localdate() + dt.timedelta(days=2),
    )
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CONFIRMED


def test_a_dropped_item_is_not_in_the_order(world: World) -> None:
    round_ = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier, min_cases=5)])
    rice, sugar = round_items(round_)
    commit(world, 0, round_, {rice: 10, sugar: 50})  # one case of sugar: below the minimum of 5
    close_round(world, round_)
    order = supplier_order(world, round_)
    with pytest.raises(ApplicationError) as refused:
        _confirm(world, order, {sugar.pk: 1})
    assert refused.value.code == error_codes.UNKNOWN_ITEM
    _confirm(world, order, {rice.pk: 1})
    assert RoundItem.objects.get(pk=sugar.pk).confirmed_cases is None


# --- on PostgreSQL: confirmations racing each other -----------------------------------------------------------------


RACERS = 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.mart", "simpul.jointbuy"])
def test_an_order_is_confirmed_once_when_confirmations_race() -> None:
    """Six of a supplier's staff confirm its order at the same moment (different cases), each in its own thread and
    connection, while the round waits for another supplier: one confirmation wins, the others are refused; the
    round is confirmed once, when the other supplier confirms."""
    world = jointbuy_world(members=3)
    other, other_staff, agreement = supplier_with_staff(world.network)
    assert agreement is not None
    data = round_data(
        world,
        items=[rice_item(world.supplier), sugar_item(other)],
        suppliers=[
            {"supplier_id": world.supplier.pk, "agreement_id": world.agreement.pk},
            {"supplier_id": other.pk, "agreement_id": agreement.pk},
        ],
    )
    round_ = round_create(network=world.network, actor=world.coordinator, data=data)
    rice, sugar = round_items(round_)
    for member in range(3):
        commit(world, member, round_, {rice: 30 + 10 * member, sugar: 100})
    close_round(world, round_)
    staff = [world.supplier_staff] + [person_with_role(RoleKind.SUPPLIER, world.supplier) for _ in range(RACERS - 1)]
    order = supplier_order(world, round_)
    on = timezone.localdate() + dt.timedelta(days=3)

    def confirm(person: User, cases: int) -> int:
        supplier_order_confirm(
            supplier=world.supplier,
            actor=person,
            round_supplier_id=order.pk,
            confirmed={rice.pk: cases},
            delivery_date=on,
        )
        return cases

    outcomes = _run_at_once([functools.partial(confirm, person, 12 - n) for n, person in enumerate(staff)])
    won = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, ApplicationError)]
    assert len(won) == 1 and len(refused) == RACERS - 1, outcomes
    assert all(r.code == error_codes.INVALID_STATUS for r in refused)
    rice.refresh_from_db()
    assert rice.confirmed_cases == won[0]
    assert sum(Commitment.objects.allocated().filter(round=round_, item=rice).values_list("cases", flat=True)) == won[0]
    assert RoundEvent.objects.filter(round=round_, kind=EventKind.CONFIRMED).count() == 1
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CLOSED
    supplier_order_confirm(
        supplier=other,
        actor=other_staff,
        round_supplier_id=RoundSupplier.objects.get(round=round_, supplier=other).pk,
        confirmed={},
        delivery_date=on,
    )
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.CONFIRMED
    assert RoundStatusChange.objects.filter(round=round_, to_status=RoundStatus.CONFIRMED).count() == 1
