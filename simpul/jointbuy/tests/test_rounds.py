"""Opening a round (round_create) checks everything before it writes anything; cancelling and the status machine."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from simpul.coops.models import Network
from simpul.coops.tests.factories import NetworkFactory, OfficeFactory, RoleKind, person_with_role
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import (
    Commitment,
    EventKind,
    PriceTier,
    Round,
    RoundEvent,
    RoundItem,
    RoundStatus,
    RoundStatusChange,
    RoundSupplier,
)
from simpul.jointbuy.services.rounds import round_cancel, round_create, round_lock, round_transition
from simpul.jointbuy.tests.factories import (
    World,
    agreement_for,
    close_round,
    commit,
    jointbuy_world,
    open_round,
    rice_item,
    round_data,
    round_items,
    sugar_item,
    supplier_with_staff,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def world() -> World:
    return jointbuy_world(members=2)


def _nothing_written() -> None:
    assert Round.objects.count() == 0
    assert RoundItem.objects.count() == 0
    assert PriceTier.objects.count() == 0
    assert RoundSupplier.objects.count() == 0
    assert RoundEvent.objects.count() == 0
    assert RoundStatusChange.objects.count() == 0


def _refused(world: World, data: dict[str, Any], code: str, network: Network | None = None) -> ApplicationError:
    with pytest.raises(ApplicationError) as refused:
        round_create(network=network or world.network, actor=world.coordinator, data=data)
    assert refused.value.code == code, refused.value.message
    _nothing_written()
    return refused.value


def test_the_world_opens_commits_and_closes_a_round(world: World) -> None:
    round_ = open_round(world)
    [rice] = round_items(round_)
    commit(world, 0, round_, {rice: 60})
    commit(world, 1, round_, {rice: 40})
    close_round(world, round_)
    round_.refresh_from_db()
    rice.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert rice.ordered_cases == 10 and rice.price == D("68000")  # 10 cases reach the second tier
    assert sorted(Commitment.objects.allocated().filter(round=round_).values_list("cases", flat=True)) == [4, 6]


def test_a_round_opens_with_its_suppliers_items_tiers_and_first_steps(world: World) -> None:
    round_ = open_round(world, items=[rice_item(world.supplier), sugar_item(world.supplier)], default_limit="5000000")
    assert round_.status == RoundStatus.OPEN
    assert round_.number == f"BB-{timezone.now().year}-001"
    assert round_.default_limit == D("5000000")
    rice, sugar = round_items(round_)
    assert (rice.name, rice.case_size, rice.fractional, rice.list_price) == (
        "Beras medium 5 kg",
        D(10),
        False,
        D(72000),
    )
    assert (sugar.unit, sugar.case_size, sugar.fractional) == ("kg", D(50), True)
    assert list(rice.tiers.values_list("min_cases", "max_cases", "price")) == [(1, 9, D(70000)), (10, None, D(68000))]
    supplier = RoundSupplier.objects.get(round=round_)
    assert (supplier.supplier_id, supplier.agreement_id, supplier.order_number) == (
        world.supplier.pk,
        world.agreement.pk,
        "",
    )
    assert rice.round_supplier_id == sugar.round_supplier_id == supplier.pk
    change = RoundStatusChange.objects.get(round=round_)
    assert (change.from_status, change.to_status, change.actor_id) == ("", RoundStatus.OPEN, world.coordinator.pk)
    assert list(RoundEvent.objects.filter(round=round_).values_list("kind", flat=True)) == [EventKind.OPENED]
    assert open_round(world).number == f"BB-{timezone.now().year}-002"


def test_tiers_given_out_of_order_are_stored_in_order(world: World) -> None:
    tiers = [
        {"min_cases": 100, "max_cases": None, "price": "66000"},
        {"min_cases": 1, "max_cases": 99, "price": "70000"},
    ]
    round_ = open_round(world, items=[rice_item(world.supplier, tiers=tiers)])
    [rice] = round_items(round_)
    assert list(rice.tiers.values_list("min_cases", flat=True)) == [1, 100]


@pytest.mark.parametrize(
    ("tiers", "problem"),
    [
        pytest.param(
            [
                {"min_cases": 1, "max_cases": 9, "price": "70000"},
                {"min_cases": 11, "max_cases": None, "price": "68000"},
            ],
            "gap",
            id="gap",
        ),
        pytest.param(
            [
                {"min_cases": 1, "max_cases": 10, "price": "70000"},
                {"min_cases": 5, "max_cases": None, "price": "68000"},
            ],
            "overlap",
            id="overlap",
        ),
        pytest.param([{"min_cases": 2, "max_cases": None, "price": "70000"}], "first_not_one", id="first-not-one"),
        pytest.param([{"min_cases": 1, "max_cases": 9, "price": "70000"}], "last_not_open", id="last-closed"),
        pytest.param(
            [
                {"min_cases": 1, "max_cases": 9, "price": "68000"},
                {"min_cases": 10, "max_cases": None, "price": "70000"},
            ],
            "price_rises",
            id="price-rises",
        ),
        pytest.param([], "no_tiers", id="no-tiers"),
    ],
)
def test_a_tier_table_with_a_gap_or_an_overlap_writes_nothing(world: World, tiers: list[Any], problem: str) -> None:
    refused = _refused(world, round_data(world, [rice_item(world.supplier, tiers=tiers)]), error_codes.INVALID_TIERS)
    assert problem in refused.extra["problems"]
    assert refused.extra["field"] == "items.1.tiers"


def test_the_second_item_s_bad_tiers_refuse_the_whole_round(world: World) -> None:
    bad = sugar_item(world.supplier, tiers=[{"min_cases": 1, "max_cases": 3, "price": "16500"}])
    refused = _refused(world, round_data(world, [rice_item(world.supplier), bad]), error_codes.INVALID_TIERS)
    assert refused.extra["field"] == "items.2.tiers"


def test_a_round_with_no_items_writes_nothing(world: World) -> None:
    _refused(world, round_data(world, []), error_codes.NO_ITEMS)


def test_an_agreement_of_another_network_writes_nothing(world: World) -> None:
    other = NetworkFactory.create()
    theirs = agreement_for(other, world.supplier)
    data = round_data(world, suppliers=[{"supplier_id": world.supplier.pk, "agreement_id": theirs.pk}])
    _refused(world, data, error_codes.INVALID_AGREEMENT)


def test_an_agreement_with_another_supplier_writes_nothing(world: World) -> None:
    _supplier, _staff, agreement = supplier_with_staff(world.network)
    assert agreement is not None
    data = round_data(world, suppliers=[{"supplier_id": world.supplier.pk, "agreement_id": agreement.pk}])
    _refused(world, data, error_codes.INVALID_AGREEMENT)


def test_an_agreement_ending_before_the_round_closes_writes_nothing(world: World) -> None:
    ending = agreement_for(world.network, world.supplier, valid_until=timezone.localdate())
    data = round_data(world, suppliers=[{"supplier_id": world.supplier.pk, "agreement_id": ending.pk}])
    _refused(world, data, error_codes.INVALID_AGREEMENT)


def test_an_item_of_a_supplier_outside_the_round_writes_nothing(world: World) -> None:
    other, _staff, _agreement = supplier_with_staff(world.network)
    _refused(world, round_data(world, [rice_item(other)]), error_codes.REQUIRED)


def test_an_unknown_supplier_is_not_found(world: World) -> None:
    with pytest.raises(NotFoundError):
        round_create(
            network=world.network,
            actor=world.coordinator,
            data=round_data(world, suppliers=[{"supplier_id": 999999, "agreement_id": world.agreement.pk}]),
        )
    _nothing_written()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        pytest.param({"case_size": "0"}, error_codes.INVALID_QUANTITY, id="empty-case"),
        pytest.param({"case_size": "-10"}, error_codes.INVALID_QUANTITY, id="negative-case"),
        pytest.param({"case_size": "2.5"}, error_codes.INVALID_QUANTITY, id="fractional-case-of-whole-units"),
        pytest.param({"min_cases": 5, "max_cases": 4}, error_codes.INVALID_QUANTITY, id="cap-below-minimum"),
        pytest.param({"min_cases": 0}, error_codes.INVALID_QUANTITY, id="minimum-zero"),
        pytest.param({"list_price": "0"}, error_codes.INVALID_PRICE, id="free"),
        pytest.param({"list_price": 72000.5}, error_codes.INVALID_PRICE, id="float-price"),
        pytest.param({"list_price": "72000.001"}, error_codes.INVALID_PRICE, id="fraction-of-a-sen"),
        pytest.param({"name": ""}, error_codes.REQUIRED, id="no-name"),
    ],
)
def test_a_bad_item_writes_nothing(world: World, overrides: dict[str, Any], code: str) -> None:
    _refused(world, round_data(world, [rice_item(world.supplier, **overrides)]), code)


def test_a_fractional_case_of_a_unit_sold_in_fractions_is_taken(world: World) -> None:
    round_ = open_round(world, items=[sugar_item(world.supplier, case_size="12.5")])
    assert round_items(round_)[0].case_size == D("12.5")


def test_a_name_longer_than_its_column_is_refused_not_cut(world: World) -> None:
    refused = _refused(world, round_data(world, [rice_item(world.supplier, name="B" * 151)]), "too_long")
    assert "150" in refused.message


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        pytest.param({"title": "  "}, error_codes.REQUIRED, id="no-title"),
        pytest.param({"closes_at": "kemarin"}, error_codes.INVALID_DATES, id="not-a-date"),
        pytest.param({"closes_at": dt.datetime(2099, 1, 1, 12)}, error_codes.INVALID_DATES, id="naive"),
        pytest.param({"delivery_mode": "drone"}, error_codes.REQUIRED, id="unknown-delivery"),
        pytest.param({"delivery_mode": "hub", "hub_address": ""}, error_codes.REQUIRED, id="hub-without-address"),
        pytest.param({"payment_terms": "deposit", "deposit_percent": "0"}, error_codes.INVALID_PRICE, id="no-deposit"),
        pytest.param({"payment_terms": "deposit", "deposit_percent": "101"}, error_codes.INVALID_PRICE, id="over-100"),
        pytest.param({"allocation_rule": "lottery"}, error_codes.REQUIRED, id="unknown-rule"),
        pytest.param({"default_limit": "-1"}, error_codes.INVALID_PRICE, id="negative-limit"),
    ],
)
def test_bad_terms_write_nothing(world: World, overrides: dict[str, Any], code: str) -> None:
    _refused(world, round_data(world, **overrides), code)


def test_a_round_closing_in_the_past_or_before_it_opens_writes_nothing(world: World) -> None:
    now = timezone.now()
    _refused(world, round_data(world, closes_at=now - dt.timedelta(minutes=1)), error_codes.INVALID_DATES)
    _refused(
        world,
        round_data(world, opens_at=now + dt.timedelta(days=2), closes_at=now + dt.timedelta(days=1)),
        error_codes.INVALID_DATES,
    )


def test_central_payment_needs_a_network_coordinated_by_a_cooperative(world: World) -> None:
    office_network = NetworkFactory.create(coordinator_cooperative=None, coordinator_office=OfficeFactory.create())
    coordinator = person_with_role(RoleKind.COORDINATOR, office_network)
    agreement = agreement_for(office_network, world.supplier)
    data = round_data(
        world,
        payment_route="central",
        suppliers=[{"supplier_id": world.supplier.pk, "agreement_id": agreement.pk}],
    )
    with pytest.raises(ApplicationError) as refused:
        round_create(network=office_network, actor=coordinator, data=data)
    assert refused.value.code == error_codes.INVALID_STATUS
    _nothing_written()
    central = round_create(
        network=world.network, actor=world.coordinator, data=round_data(world, payment_route="central")
    )
    assert central.payment_route == "central"


def test_a_deposit_round_keeps_its_percentage(world: World) -> None:
    round_ = open_round(world, payment_terms="deposit", deposit_percent="30")
    assert round_.deposit_percent == D(30)
    assert open_round(world, payment_terms="prepay", deposit_percent="30").deposit_percent == 0


def test_cancel_records_the_reason_the_step_and_the_change(world: World) -> None:
    round_ = open_round(world)
    round_cancel(network=world.network, actor=world.coordinator, round_id=round_.pk, reason="Pemasok mundur")
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CANCELLED
    last = RoundStatusChange.objects.filter(round=round_).order_by("pk").last()
    assert last is not None and (last.from_status, last.to_status, last.note) == ("open", "cancelled", "Pemasok mundur")
    event = RoundEvent.objects.get(round=round_, kind=EventKind.CANCELLED)
    assert event.details == {"reason": "Pemasok mundur"}


def test_cancel_needs_a_reason_and_a_cancelled_round_stays_cancelled(world: World) -> None:
    round_ = open_round(world)
    with pytest.raises(ApplicationError) as refused:
        round_cancel(network=world.network, actor=world.coordinator, round_id=round_.pk, reason=" ")
    assert refused.value.code == error_codes.REQUIRED
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN
    round_cancel(network=world.network, actor=world.coordinator, round_id=round_.pk, reason="Batal")
    with pytest.raises(ApplicationError) as again:
        round_cancel(network=world.network, actor=world.coordinator, round_id=round_.pk, reason="Lagi")
    assert again.value.code == error_codes.INVALID_STATUS
    assert RoundEvent.objects.filter(round=round_, kind=EventKind.CANCELLED).count() == 1


def test_another_network_s_round_is_not_found(world: World) -> None:
    round_ = open_round(world)
    other = jointbuy_world(members=1)
    with pytest.raises(NotFoundError):
        round_cancel(network=other.network, actor=other.coordinator, round_id=round_.pk, reason="Bukan punya kami")
    with pytest.raises(NotFoundError):
        close_round(other, round_)
    with pytest.raises(NotFoundError):
        round_lock(world.network, "abc")
    assert Round.objects.get(pk=round_.pk).status == RoundStatus.OPEN


def test_the_status_machine_refuses_a_step_it_does_not_have(world: World) -> None:
    round_ = open_round(world)
    with pytest.raises(ApplicationError) as refused:
        round_transition(round_=round_, to=RoundStatus.COMPLETED, actor=world.coordinator)
    assert refused.value.code == error_codes.INVALID_STATUS
    close_round(world, round_)
    with pytest.raises(ApplicationError) as closing_twice:
        close_round(world, round_)
    assert closing_twice.value.code == error_codes.INVALID_STATUS
    assert list(RoundStatusChange.objects.filter(round=round_).order_by("pk").values_list("to_status", flat=True)) == [
        "open",
        "closed",
    ]


def test_a_round_s_closing_is_enqueued_for_its_closing_time_once_it_is_committed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        round_ = open_round(world)
    assert len(callbacks) == 1
    task = DBTaskResult.objects.get(task_path="simpul.jointbuy.tasks.close_round_when_due")
    assert task.run_after == round_.closes_at
    assert task.args_kwargs == {"args": [round_.pk], "kwargs": {}}
    with django_capture_on_commit_callbacks(execute=True) as refused_callbacks, pytest.raises(ApplicationError):
        round_create(network=world.network, actor=world.coordinator, data=round_data(world, []))
    assert refused_callbacks == [] and DBTaskResult.objects.count() == 1
