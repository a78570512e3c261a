"""Transfers, stock counts and reorder suggestions keep stock and the books together."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from simpul.coops.tests.factories import OutletFactory
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.ledger import chart
from simpul.mart.models import Barcode, StockLevel, StockMove
from simpul.mart.purchasing.services import ReceiptLineInput, goods_receipt_record
from simpul.mart.stock.checks import stock_problems
from simpul.mart.stock.counts import stock_count_line_record, stock_count_post, stock_count_start
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.opening import stock_opening_record
from simpul.mart.stock.reorder import purchase_order_from_suggestions, reorder_suggestions
from simpul.mart.stock.selectors import count_variance, stock_list
from simpul.mart.stock.services import Change, stock_moves_apply
from simpul.mart.stock.transfers import stock_transfer_record
from simpul.mart.tests.stock_factories import balance, mart_cooperative, product, supplier, unit

D = Decimal
pytestmark = pytest.mark.django_db


def test_transfer_moves_stock_at_its_value_without_an_entry():
    cooperative, outlet, manager = mart_cooperative()
    second = OutletFactory.create(cooperative=cooperative, name="Mart Cabang")
    sugar = product(cooperative, "Gula Pasir", base_unit="kg", fractional=True)
    stock_opening_record(
        cooperative=cooperative, actor=manager, outlet_id=outlet.pk, items=[(sugar.pk, "3", "1000.3333")]
    )
    stock_transfer_record(
        cooperative=cooperative,
        actor=manager,
        from_outlet_id=outlet.pk,
        to_outlet_id=second.pk,
        lines=[(sugar.pk, "1.5")],
    )
    here = StockLevel.objects.get(outlet=outlet, product=sugar)
    there = StockLevel.objects.get(outlet=second, product=sugar)
    assert here.quantity == there.quantity == D("1.5")
    assert here.value + there.value == D("3001.00")
    assert stock_problems(cooperative) == []
    with pytest.raises(ApplicationError) as refused:
        stock_transfer_record(
            cooperative=cooperative,
            actor=manager,
            from_outlet_id=outlet.pk,
            to_outlet_id=second.pk,
            lines=[(sugar.pk, "2")],
        )
    assert refused.value.code == "insufficient_stock"
    with pytest.raises(ApplicationError) as refused:
        stock_transfer_record(
            cooperative=cooperative,
            actor=manager,
            from_outlet_id=outlet.pk,
            to_outlet_id=outlet.pk,
            lines=[(sugar.pk, "1")],
        )
    assert refused.value.code == "same_outlet"
    _other, other_outlet, _m = mart_cooperative()
    with pytest.raises(NotFoundError):
        stock_transfer_record(
            cooperative=cooperative,
            actor=manager,
            from_outlet_id=outlet.pk,
            to_outlet_id=other_outlet.pk,
            lines=[(sugar.pk, "1")],
        )


def test_count_posts_differences_at_average_cost_and_leaves_the_uncounted_alone():
    cooperative, outlet, manager = mart_cooperative()
    noodles, soap, tea = product(cooperative), product(cooperative, "Sabun Mandi"), product(cooperative, "Teh Celup")
    Barcode.objects.create(cooperative=cooperative, product=noodles, code="8991002101234")
    stock_opening_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        items=[(noodles.pk, "100", "2500"), (soap.pk, "10", "4000"), (tea.pk, "5", "6000")],
    )
    count = stock_count_start(cooperative=cooperative, actor=manager, outlet_id=outlet.pk)
    with pytest.raises(ApplicationError):
        stock_count_start(cooperative=cooperative, actor=manager, outlet_id=outlet.pk)
    stock_count_line_record(
        cooperative=cooperative, actor=manager, count_id=count.pk, code="8991002101234", counted="90"
    )
    stock_count_line_record(
        cooperative=cooperative, actor=manager, count_id=count.pk, code="8991002101234", counted="97"
    )
    stock_count_line_record(cooperative=cooperative, actor=manager, count_id=count.pk, product_id=soap.pk, counted="12")
    with pytest.raises(ApplicationError) as refused:
        stock_count_line_record(
            cooperative=cooperative, actor=manager, count_id=count.pk, product_id=soap.pk, counted="1.5"
        )
    assert refused.value.code == "invalid_quantity"
    with pytest.raises(NotFoundError):
        stock_count_line_record(cooperative=cooperative, actor=manager, count_id=count.pk, code="0000", counted="1")
    rows = {row.name: row for row in count_variance(cooperative, count)}
    assert (rows["Mie Instan"].difference, rows["Mie Instan"].value) == (D("-3"), D("-7500"))
    assert rows["Sabun Mandi"].difference == D("2")
    assert "Teh Celup" not in rows

    stock_count_post(cooperative=cooperative, actor=manager, count_id=count.pk)
    assert StockLevel.objects.get(outlet=outlet, product=noodles).quantity == D("97")
    assert StockLevel.objects.get(outlet=outlet, product=soap).quantity == D("12")
    assert StockLevel.objects.get(outlet=outlet, product=tea).quantity == D("5")
    assert StockMove.objects.filter(kind="count").count() == 2
    # -7.500 + 8.000: a surplus of Rp500 credited to 5105.
    assert balance(cooperative, chart.STOCK_DIFFERENCES) == D("-500")
    assert stock_problems(cooperative) == []
    with pytest.raises(ApplicationError) as refused:
        stock_count_post(cooperative=cooperative, actor=manager, count_id=count.pk)
    assert refused.value.code == "count_closed"


def _sell(cooperative, outlet, item, quantity, when):
    levels = lock_stock_levels(cooperative, outlet.pk, [item.pk])
    stock_moves_apply(
        cooperative=cooperative,
        outlet_id=outlet.pk,
        levels=levels,
        changes=[Change(product_id=item.pk, quantity=-D(quantity), kind="sale")],
        actor=None,
    )
    # The service writes moves without reading their ids back: the newest move of the product is this one.
    latest = StockMove.objects.filter(cooperative=cooperative, product=item).latest("id")
    StockMove.objects.filter(pk=latest.pk).update(created_at=when)


def test_reorder_suggestion_rounds_up_to_the_suppliers_packing_and_becomes_an_order():
    cooperative, outlet, manager = mart_cooperative()
    noodles = product(cooperative, min_stock=D("20"), lead_time_days=3)
    carton = unit(noodles, "dus", "40")
    vendor = supplier(cooperative)
    goods_receipt_record(
        cooperative=cooperative,
        actor=manager,
        outlet_id=outlet.pk,
        supplier_id=vendor.pk,
        lines=[ReceiptLineInput(product_id=noodles.pk, unit_id=carton.pk, quantity="2", unit_cost="100000")],
    )
    now = dt.datetime(2026, 11, 30, 5, tzinfo=dt.UTC)
    _sell(cooperative, outlet, noodles, "56", now - dt.timedelta(days=3))
    _sell(cooperative, outlet, noodles, "10", now - dt.timedelta(days=40))  # older than 28 days: not counted
    # 80 - 56 - 10 = 14 on hand; 2 a day × 3 days × 2 = 12; 20 + 12 - 14 = 18 pcs → 1 dus.
    [row] = reorder_suggestions(cooperative, outlet, now=now)
    assert (row.daily, row.needed, row.quantity, row.unit_name) == (D("2"), D("18"), D("1"), "dus")
    assert row.unit_cost == D("100000") and row.below_minimum
    assert [r.name for r in stock_list(cooperative, outlet, below_minimum=True)] == ["Mie Instan"]

    with time_machine.travel(now, tick=False):
        order = purchase_order_from_suggestions(
            cooperative=cooperative, actor=manager, outlet_id=outlet.pk, supplier_id=vendor.pk
        )
    line = order.lines.get()
    assert (line.product_id, line.unit_id, line.quantity, line.unit_cost) == (
        noodles.pk,
        carton.pk,
        D("1"),
        D("100000"),
    )
    assert order.status == "draft" and order.supplier_id == vendor.pk
