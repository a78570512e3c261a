"""On PostgreSQL: two closes of the same shift at once close it once (one variance entry); two voids of the same
sale at once void it once (stock back once, one reversal)."""

import functools
from decimal import Decimal

import pytest
from django.db import connection

from simpul.core.exceptions import ConflictError
from simpul.ledger import chart
from simpul.ledger.models import JournalEntry
from simpul.mart.models import SaleReturn, Shift, ShiftStatus, StockLevel
from simpul.mart.sales.returns import sale_void
from simpul.mart.shifts.services import shift_close, shift_open
from simpul.mart.stock.checks import stock_problems
from simpul.mart.tests.shifts_support import PIN, balance, sell, shop
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.mart"]),
]


def test_two_closes_of_one_shift():
    s = shop()
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(1000))
    entries_before = JournalEntry.objects.filter(cooperative=s.cooperative).count()
    close = functools.partial(
        shift_close, cooperative=s.cooperative, actor=s.cashier, shift_id=shift.pk, counted_cash=Decimal(900)
    )
    results = _run_at_once([close, close])
    closed = [r for r in results if isinstance(r, Shift)]
    refused = [r for r in results if isinstance(r, ConflictError)]
    assert len(closed) == 1 and len(refused) == 1, results
    assert Shift.objects.get(pk=shift.pk).status == ShiftStatus.CLOSED
    assert JournalEntry.objects.filter(cooperative=s.cooperative).count() == entries_before + 1
    assert balance(s.cooperative, chart.CASH_DIFFERENCES) == Decimal(100)


def test_two_voids_of_one_sale():
    s = shop()
    shift = shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(0))
    sale = sell(s, [(s.soap, Decimal(3), Decimal(5000))], shift=shift)
    void = functools.partial(
        sale_void, cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="dobel"
    )
    results = _run_at_once([void, void])
    assert sum(isinstance(r, SaleReturn) for r in results) == 1, results
    assert sum(isinstance(r, ConflictError) for r in results) == 1, results
    assert SaleReturn.objects.filter(sale=sale).count() == 1
    assert StockLevel.objects.get(outlet=s.outlet, product=s.soap).quantity == Decimal(50)
    assert stock_problems(s.cooperative) == []
