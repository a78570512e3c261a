"""Purchasing: orders, receipts (partial, short, damaged), invoices, payments and returns post stock and books."""

from decimal import Decimal

import pytest

from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.ledger import chart
from simpul.mart.models import (
    GoodsReceipt,
    MartSupplier,
    PurchaseOrder,
    StockLevel,
    StockMove,
    SupplierPayment,
    SupplierProduct,
)
from simpul.mart.purchasing.checks import payables_problems
from simpul.mart.purchasing.services import (
    OrderLineInput,
    ReceiptLineInput,
    goods_receipt_record,
    purchase_order_create,
    purchase_order_transition,
    supplier_create,
    supplier_invoice_record,
    supplier_payment_record,
    supplier_return_record,
)
from simpul.mart.stock.checks import stock_problems
from simpul.mart.tests.stock_factories import balance, mart_cooperative, product, supplier, unit

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative)
    carton = unit(noodles, "dus", "40")
    vendor = supplier(cooperative)
    return cooperative, outlet, manager, noodles, carton, vendor


def _order(shop, quantity="10"):
    cooperative, outlet, manager, noodles, carton, vendor = shop
    order = purchase_order_create(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[OrderLineInput(product_id=noodles.pk, unit_id=carton.pk, quantity=quantity, unit_cost="100001")],
    )
    return purchase_order_transition(cooperative=cooperative, actor=manager, order_id=order.pk, to_status="sent")


def test_supplier_names_are_unique_per_cooperative():
    cooperative, _outlet, manager = mart_cooperative()
    supplier_create(cooperative=cooperative, actor=manager, data={"name": "UD Maju"})
    with pytest.raises(ApplicationError) as refused:
        supplier_create(cooperative=cooperative, actor=manager, data={"name": "ud maju"})
    assert refused.value.code == "duplicate_supplier"
    other, _o, other_manager = mart_cooperative()
    supplier_create(cooperative=other, actor=other_manager, data={"name": "UD Maju"})
    assert MartSupplier.objects.filter(name__iexact="ud maju").count() == 2


def test_partial_receipt_with_damaged_units_then_the_rest(shop):
    cooperative, outlet, manager, noodles, _carton, vendor = shop
    order = _order(shop)
    assert order.number.startswith("PO-") and order.status == "sent"
    line = order.lines.get()
    receipt = goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        order_id=order.pk,
        lines=[ReceiptLineInput(order_line_id=line.pk, quantity="6", damaged="1")],
        delivery_note="SJ-0091",
    )
    order.refresh_from_db()
    line.refresh_from_db()
    assert order.status == "partly_received" and line.received == D("6")
    # 6 dus × 40 pcs at Rp100.001 a dus: Rp2.500,025 a piece, Rp600.006 in all.
    level = StockLevel.objects.get(outlet=outlet, product=noodles)
    assert (level.quantity, level.value, level.average_cost) == (D("240"), D("600006"), D("2500.0250"))
    assert receipt.total == D("600006") and receipt.lines.get().damaged == D("1")
    assert StockMove.objects.get(document=f"receipt:{receipt.pk}").kind == "receipt"
    vendor.refresh_from_db()
    assert vendor.balance == D("600006")
    assert balance(cooperative, chart.MART_INVENTORY) == D("600006")
    assert balance(cooperative, chart.MART_PAYABLES) == D("-600006")
    assert SupplierProduct.objects.get(supplier=vendor, product=noodles).last_cost == D("2500.0250")

    with pytest.raises(ApplicationError):  # more than still ordered
        goods_receipt_record(
            cooperative=cooperative,
            actor=manager,
            outlet_id=outlet.pk,
            order_id=order.pk,
            lines=[ReceiptLineInput(order_line_id=line.pk, quantity="5")],
        )
    goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        order_id=order.pk,
        lines=[ReceiptLineInput(order_line_id=line.pk, quantity="4")],
    )
    order.refresh_from_db()
    assert order.status == "received"
    assert stock_problems(cooperative) == []
    with pytest.raises(ApplicationError) as refused:
        purchase_order_transition(cooperative=cooperative, actor=manager, order_id=order.pk, to_status="cancelled")
    assert refused.value.code == "invalid_status"


def test_receipt_without_an_order_and_a_draft_order_refuses_goods(shop):
    cooperative, outlet, manager, noodles, _carton, vendor = shop
    draft = purchase_order_create(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[OrderLineInput(product_id=noodles.pk, quantity="10", unit_cost="2500")],
    )
    with pytest.raises(ApplicationError) as refused:
        goods_receipt_record(
            cooperative=cooperative,
            actor=manager,
            outlet_id=outlet.pk,
            order_id=draft.pk,
            lines=[ReceiptLineInput(order_line_id=draft.lines.get().pk, quantity="1")],
        )
    assert refused.value.code == "invalid_status"
    receipt = goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[ReceiptLineInput(product_id=noodles.pk, quantity="12", unit_cost="2600")],
    )
    assert receipt.order is None and receipt.total == D("31200")


@pytest.mark.parametrize(
    "line",
    [
        {"quantity": "-1", "unit_cost": "100"},
        {"quantity": "1.5", "unit_cost": "100"},
        {"quantity": "dua", "unit_cost": "100"},
        {"quantity": "1", "unit_cost": "12a"},
        {"quantity": "1", "unit_cost": "0"},
        {"quantity": "0", "damaged": "2", "unit_cost": "100"},
    ],
)
def test_bad_receipt_lines_write_nothing(shop, line):
    cooperative, outlet, manager, noodles, _carton, vendor = shop
    with pytest.raises(ApplicationError) as refused:
        goods_receipt_record(
            cooperative=cooperative,
            actor=manager,
            outlet_id=outlet.pk,
            supplier_id=vendor.pk,
            lines=[ReceiptLineInput(product_id=noodles.pk, **line)],
        )
    assert refused.value.status == 400
    assert not GoodsReceipt.objects.exists() and not StockMove.objects.exists()
    assert balance(cooperative, chart.MART_INVENTORY) == 0


def test_another_cooperatives_things_are_not_found(shop):
    cooperative, outlet, manager, noodles, _carton, vendor = shop
    other, other_outlet, _m = mart_cooperative()
    theirs, their_vendor = product(other), supplier(other)
    attempts = [
        {"outlet_id": other_outlet.pk, "supplier_id": vendor.pk, "product": noodles.pk},
        {"outlet_id": outlet.pk, "supplier_id": their_vendor.pk, "product": noodles.pk},
        {"outlet_id": outlet.pk, "supplier_id": vendor.pk, "product": theirs.pk},
        {"outlet_id": outlet.pk, "supplier_id": vendor.pk, "product": 987654},
    ]
    for attempt in attempts:
        with pytest.raises(NotFoundError):
            goods_receipt_record(
                cooperative=cooperative,
                actor=manager,
                outlet_id=attempt["outlet_id"],
                supplier_id=attempt["supplier_id"],
                lines=[ReceiptLineInput(product_id=attempt["product"], quantity="1", unit_cost="100")],
            )
    assert not GoodsReceipt.objects.exists()
    assert not PurchaseOrder.objects.exists()


def test_invoice_payment_and_return(shop):
    cooperative, outlet, manager, noodles, _carton, vendor = shop
    receipt = goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[ReceiptLineInput(product_id=noodles.pk, quantity="100", unit_cost="2500")],
    )
    invoice = supplier_invoice_record(
        cooperative=cooperative,
        actor=manager,
        supplier_id=vendor.pk,
        number="INV/77",
        date="2026-11-02",
        due_on="2026-12-02",
        amount="250000",
        receipt_ids=[receipt.pk],
    )
    with pytest.raises(ApplicationError) as refused:
        supplier_invoice_record(
            cooperative=cooperative,
            actor=manager,
            supplier_id=vendor.pk,
            number="INV/78",
            date="2026-11-02",
            amount="1000",
            receipt_ids=[receipt.pk],
        )
    assert refused.value.code == "already_invoiced"

    supplier_return_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        reason="Kemasan rusak",
        lines=[(noodles.pk, "10")],
    )
    vendor.refresh_from_db()
    assert vendor.balance == D("225000")
    assert StockLevel.objects.get(outlet=outlet, product=noodles).quantity == D("90")
    with pytest.raises(ApplicationError) as refused:
        supplier_return_record(
            cooperative=cooperative,
            actor=manager,
            outlet_id=outlet.pk,
            supplier_id=vendor.pk,
            reason="Kelebihan",
            lines=[(noodles.pk, "91")],
        )
    assert refused.value.code == "insufficient_stock"

    with pytest.raises(ApplicationError) as refused:
        supplier_payment_record(
            cooperative=cooperative, actor=manager, supplier_id=vendor.pk, amount="225000.01", from_account="1101"
        )
    assert refused.value.code == "overpayment"
    supplier_payment_record(
        cooperative=cooperative,
        actor=manager,
        supplier_id=vendor.pk,
        amount="200000",
        from_account=chart.BANK,
        invoice_id=invoice.pk,
    )
    vendor.refresh_from_db()
    invoice.refresh_from_db()
    assert vendor.balance == D("25000") and invoice.paid == D("200000")
    assert balance(cooperative, chart.MART_PAYABLES) == D("-25000")
    assert balance(cooperative, chart.BANK) == D("-200000")
    assert balance(cooperative, chart.MART_INVENTORY) == D("225000")
    assert stock_problems(cooperative) == []
    assert payables_problems(cooperative) == []
    vendor.balance = D("1")
    vendor.save(update_fields=["balance"])
    assert payables_problems(cooperative) == ["Utang mart kepada pemasok Rp1 tetapi akun 2104 berisi Rp25.000."]
    with pytest.raises(ApplicationError):
        supplier_payment_record(
            cooperative=cooperative, actor=manager, supplier_id=vendor.pk, amount="100", from_account="4101"
        )
    assert SupplierPayment.objects.count() == 1
