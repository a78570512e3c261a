"""Receiving a round's goods into the mart (stock at the round's price, the payable in the books), and the round's
clock: closing when due, recurring rounds opening from their template."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from simpul.coops.models import Cooperative, MembershipStatus, Network, Outlet, RoleKind, Supplier
from simpul.coops.tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    NetworkFactory,
    OutletFactory,
    SupplierFactory,
    person_with_role,
)
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import (
    CentralBill,
    Commitment,
    EventKind,
    Round,
    RoundEvent,
    RoundItem,
    RoundReceipt,
    RoundStatus,
    RoundSupplier,
    SupplierAgreement,
)
from simpul.jointbuy.services.closing import round_close
from simpul.jointbuy.services.commitments import commitments_set
from simpul.jointbuy.services.receipts import round_receipt_record
from simpul.jointbuy.services.rounds import round_create
from simpul.jointbuy.services.schedule import (
    _next_date,
    round_close_if_due,
    round_from_template,
    round_template_create,
    rounds_due,
)
from simpul.jointbuy.services.settlement import central_bill_pay
from simpul.jointbuy.services.suppliers import supplier_order_confirm
from simpul.ledger import chart
from simpul.ledger.services import chart_of_accounts_create
from simpul.ledger.subledgers import problems
from simpul.mart.models import MartSupplier, Product, StockLevel
from simpul.mart.network.services import standard_adopt, standard_product_save
from simpul.mart.tests.sale_world import balance

D = Decimal
pytestmark = pytest.mark.django_db


@dataclass
class World:
    network: Network
    coordinator: User
    supplier: Supplier
    supplier_staff: User
    coops: list[Cooperative]
    managers: list[User]
    outlets: list[Outlet]
    round: Round
    oil: RoundItem


def make_world(*, adopt: tuple[bool, bool] = (True, True), payment_route: str = "direct") -> World:
    network = NetworkFactory.create()
    assert network.coordinator_cooperative is not None
    chart_of_accounts_create(cooperative=network.coordinator_cooperative)
    coordinator = person_with_role(RoleKind.COORDINATOR, network)
    supplier = SupplierFactory.create(name="PT Minyak Nusantara")
    staff = person_with_role(RoleKind.SUPPLIER, supplier)
    agreement = SupplierAgreement.objects.create(
        network=network, supplier=supplier, number="MoU/01/2026", signed_on=dt.date(2026, 1, 5)
    )
    standard = standard_product_save(
        network=network, actor=coordinator, name="Minyak Goreng 1 L", recommended_price=D(18000)
    )
    coops, managers, outlets = [], [], []
    for adopted in adopt:
        cooperative = CooperativeFactory.create()
        chart_of_accounts_create(cooperative=cooperative)
        MembershipFactory.create(cooperative=cooperative, network=network, status=MembershipStatus.ACTIVE)
        manager = person_with_role(RoleKind.MANAGER, cooperative)
        if adopted:
            standard_adopt(cooperative=cooperative, actor=manager, network_id=network.pk)
        coops.append(cooperative)
        managers.append(manager)
        outlets.append(OutletFactory.create(cooperative=cooperative))
    round_ = round_create(
        network=network,
        actor=coordinator,
        data={
            "title": "Minyak goreng Desember",
            "closes_at": timezone.now() + dt.timedelta(days=3),
            "delivery_mode": "each",
            "payment_terms": "on_delivery",
            "payment_route": payment_route,
            "suppliers": [{"supplier_id": supplier.pk, "agreement_id": agreement.pk}],
            "items": [
                {
                    "supplier_id": supplier.pk,
                    "name": "Minyak Goreng 1 L",
                    "standard_product_id": standard.pk,
                    "unit": "pcs",
                    "case_size": "12",
                    "min_cases": 2,
                    "list_price": "17500",
                    "tiers": [
                        {"min_cases": 1, "max_cases": 9, "price": "16800"},
                        {"min_cases": 10, "price": "16200"},
                    ],
                }
            ],
        },
    )
    oil = RoundItem.objects.get(round=round_)
    return World(network, coordinator, supplier, staff, coops, managers, outlets, round_, oil)


def commit(world: World, index: int, quantity: str, tolerance: str = "0") -> None:
    commitments_set(
        cooperative=world.coops[index],
        actor=world.managers[index],
        round_id=world.round.pk,
        lines=[{"item_id": world.oil.pk, "quantity": quantity, "tolerance": tolerance}],
    )


def closed_and_confirmed(world: World) -> RoundSupplier:
    round_close(network=world.network, actor=world.coordinator, round_id=world.round.pk)
    order = RoundSupplier.objects.get(round=world.round)
    supplier_order_confirm(
        supplier=world.supplier,
        actor=world.supplier_staff,
        round_supplier_id=order.pk,
        confirmed={},
        delivery_date=(timezone.localdate() + dt.timedelta(days=5)).isoformat(),
    )
    return order


def receive(world: World, order: RoundSupplier, index: int, good: int, damaged: int = 0) -> RoundReceipt:
    return round_receipt_record(
        cooperative=world.coops[index],
        actor=world.managers[index],
        round_id=world.round.pk,
        round_supplier_id=order.pk,
        outlet_id=world.outlets[index].pk,
        lines=[{"item_id": world.oil.pk, "received_cases": good, "damaged_cases": damaged}],
    )


def test_received_goods_enter_the_marts_stock_at_the_rounds_price_and_are_owed_to_the_supplier():
    world = make_world()
    commit(world, 0, "36")  # 3 cases
    commit(world, 1, "90", tolerance="6")  # 7.5 cases: 8 with the tolerance
    order = closed_and_confirmed(world)
    world.oil.refresh_from_db()
    assert world.oil.ordered_cases == 11 and world.oil.price == D(16200)  # the second tier, from the total

    recorded = receive(world, order, 0, good=2, damaged=1)

    product = Product.objects.get(cooperative=world.coops[0], standard__isnull=False)
    level = StockLevel.objects.get(cooperative=world.coops[0], outlet=world.outlets[0], product=product)
    assert level.quantity == D(24) and level.average_cost == D(16200)
    assert recorded.goods_receipt.total == D(24 * 16200)  # the damaged case is not paid for
    assert balance(world.coops[0], chart.MART_PAYABLES) == -D(24 * 16200)
    assert balance(world.coops[0], chart.MART_INVENTORY) == D(24 * 16200)
    mart_supplier = MartSupplier.objects.get(cooperative=world.coops[0])
    assert mart_supplier.supplier_id == world.supplier.pk and mart_supplier.balance == D(24 * 16200)
    assert Commitment.objects.allocated().get(cooperative=world.coops[0], item=world.oil).received_cases == D(3)
    assert recorded.on_time
    assert RoundEvent.objects.filter(round=world.round, kind=EventKind.RECEIVED).count() == 1
    assert problems(world.coops[0]) == []

    with pytest.raises(ApplicationError) as over:
        receive(world, order, 0, good=1)  # all three cases already came
    assert over.value.code == error_codes.OVER_ORDERED
    assert RoundReceipt.objects.filter(cooperative=world.coops[0]).count() == 1


def test_goods_wait_for_the_suppliers_confirmation_and_a_mart_without_the_product_is_told():
    world = make_world(adopt=(True, False))
    commit(world, 0, "24")
    commit(world, 1, "24")
    round_close(network=world.network, actor=world.coordinator, round_id=world.round.pk)
    order = RoundSupplier.objects.get(round=world.round)
    with pytest.raises(ApplicationError) as early:
        receive(world, order, 0, good=2)
    assert early.value.code == error_codes.INVALID_STATUS
    supplier_order_confirm(
        supplier=world.supplier,
        actor=world.supplier_staff,
        round_supplier_id=order.pk,
        confirmed={},
        delivery_date=timezone.localdate().isoformat(),
    )
    with pytest.raises(ApplicationError) as missing:
        receive(world, order, 1, good=2)
    assert missing.value.code == error_codes.NO_PRODUCT
    assert not RoundReceipt.objects.exists() and not MartSupplier.objects.exists()


def test_another_networks_cooperative_cannot_receive():
    world = make_world()
    other = make_world()
    commit(world, 0, "24")
    commit(world, 1, "24")
    order = closed_and_confirmed(world)
    from simpul.core.exceptions import NotFoundError

    with pytest.raises(NotFoundError):
        round_receipt_record(
            cooperative=other.coops[0],
            actor=other.managers[0],
            round_id=world.round.pk,
            round_supplier_id=order.pk,
            outlet_id=other.outlets[0].pk,
            lines=[{"item_id": world.oil.pk, "received_cases": 1}],
        )


def test_a_round_closes_itself_once_its_time_has_passed():
    world = make_world()
    commit(world, 0, "24")
    assert not round_close_if_due(world.round.pk)
    later = world.round.closes_at + dt.timedelta(minutes=1)
    assert round_close_if_due(world.round.pk, now=later)
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.CLOSED
    assert Commitment.objects.allocated().get(cooperative=world.coops[0]).cases == 2
    assert not round_close_if_due(world.round.pk, now=later)  # once


def test_a_recurring_round_opens_again_on_its_day_with_the_same_items_and_tiers():
    world = make_world()
    template = round_template_create(
        network=world.network, actor=world.coordinator, round_id=world.round.pk, open_day=3, open_days=5
    )
    opened = world.round.opens_at.astimezone(timezone.get_current_timezone()).date()
    assert template.next_open_on > opened and template.next_open_on.day == 3
    assert round_from_template(template.pk, today=template.next_open_on - dt.timedelta(days=1)) is None

    due = template.next_open_on
    copy = round_from_template(template.pk, today=due)

    assert copy is not None and copy.pk != world.round.pk and copy.template_id == template.pk
    assert copy.status == RoundStatus.OPEN and copy.title == world.round.title
    assert (copy.closes_at - copy.opens_at) == dt.timedelta(days=5)
    item = RoundItem.objects.get(round=copy)
    assert (item.name, item.case_size, item.min_cases, item.list_price) == ("Minyak Goreng 1 L", D(12), 2, D(17500))
    assert [(t.min_cases, t.max_cases, t.price) for t in item.tiers.all()] == [(1, 9, D(16800)), (10, None, D(16200))]
    template.refresh_from_db()
    assert template.next_open_on == _next_date(due, 3, 1)  # a month later, on the 3rd
    assert round_from_template(template.pk, today=template.next_open_on - dt.timedelta(days=1)) is None


def test_the_safety_net_closes_what_is_due():
    world = make_world()
    past = timezone.now() - dt.timedelta(minutes=1)
    Round.objects.filter(pk=world.round.pk).update(opens_at=past - dt.timedelta(days=2), closes_at=past)
    closed, opened = rounds_due()
    assert closed == [world.round.pk] and opened == []


@pytest.mark.parametrize(
    ("after", "day", "every", "expected"),
    [
        (dt.date(2027, 1, 31), 31, 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 15), 30, 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 3), 1, 1, dt.date(2027, 1, 1)),
        (dt.date(2026, 11, 3), 5, 3, dt.date(2027, 2, 5)),
    ],
)
def test_the_next_date_keeps_to_the_month(after, day, every, expected):
    assert _next_date(after, day, every) == expected


def test_paid_centrally_the_coordinator_owes_the_supplier_and_bills_each_member_at_the_same_amount():
    world = make_world(payment_route="central")
    coordinator = world.network.coordinator_cooperative
    assert coordinator is not None
    commit(world, 0, "24")
    commit(world, 1, "36")
    order = closed_and_confirmed(world)
    price = RoundItem.objects.get(pk=world.oil.pk).price

    receive(world, order, 0, good=2)

    owed = D(24) * price
    bill = CentralBill.objects.get(cooperative=world.coops[0])
    assert (bill.coordinator_id, bill.amount, bill.paid) == (coordinator.pk, owed, D(0))
    # The member owes the coordinator; the coordinator is owed by the member and owes the supplier.
    member_payee = MartSupplier.objects.get(cooperative=world.coops[0])
    assert member_payee.name == coordinator.name and member_payee.supplier_id is None
    assert member_payee.balance == owed and balance(world.coops[0], chart.MART_PAYABLES) == -owed
    assert balance(coordinator, chart.NON_MEMBER_RECEIVABLES) == owed
    assert balance(coordinator, chart.MART_PAYABLES) == -owed
    assert MartSupplier.objects.get(cooperative=coordinator, supplier=world.supplier).balance == owed
    assert balance(coordinator, chart.MART_INVENTORY) == D(0)  # never in the coordinator's stock

    with pytest.raises(ApplicationError) as too_much:
        central_bill_pay(cooperative=world.coops[0], actor=world.managers[0], bill_id=bill.pk, amount=owed + 1)
    assert too_much.value.code == error_codes.OVER_LIMIT
    bank_before = balance(coordinator, chart.BANK)
    central_bill_pay(cooperative=world.coops[0], actor=world.managers[0], bill_id=bill.pk, amount=owed)

    assert balance(world.coops[0], chart.MART_PAYABLES) == D(0)
    assert balance(coordinator, chart.NON_MEMBER_RECEIVABLES) == D(0)
    assert balance(coordinator, chart.BANK) - bank_before == owed
    assert problems(world.coops[0]) == [] and problems(coordinator) == []
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.CONFIRMED  # the second cooperative has not received yet

    receive(world, order, 1, good=3)
    second = CentralBill.objects.get(cooperative=world.coops[1])
    central_bill_pay(cooperative=world.coops[1], actor=world.managers[1], bill_id=second.pk, amount=second.amount)
    world.round.refresh_from_db()
    assert world.round.status == RoundStatus.COMPLETED
    assert RoundEvent.objects.filter(round=world.round, kind=EventKind.SETTLED).count() == 1


def test_a_bill_is_paid_only_by_the_cooperative_billed():
    world = make_world(payment_route="central")
    commit(world, 0, "24")
    order = closed_and_confirmed(world)
    receive(world, order, 0, good=2)
    bill = CentralBill.objects.get(cooperative=world.coops[0])
    from simpul.core.exceptions import NotFoundError

    with pytest.raises(NotFoundError):
        central_bill_pay(cooperative=world.coops[1], actor=world.managers[1], bill_id=bill.pk, amount="1000")
    assert not CentralBill.objects.filter(paid__gt=0).exists()
