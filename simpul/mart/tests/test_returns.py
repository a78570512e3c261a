"""Voids and returns with the manager's PIN: stock back at the line's cost, the reversing entry, the payment paid
back (cash from the open shift, kasbon lowered), the wrong PIN refused, audited and rate-limited."""

from decimal import Decimal

import pytest

from simpul.core.exceptions import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.mart.models import Kasbon, MartSettings, Sale, SaleLine, SaleReturn, SaleStatus, StockLevel
from simpul.mart.sales.kasbon import kasbon_problems
from simpul.mart.sales.returns import sale_return, sale_void
from simpul.mart.shifts.selectors import expected_cash
from simpul.mart.shifts.services import shift_open
from simpul.mart.stock.checks import stock_problems
from simpul.mart.tests.shifts_support import PIN, balance, sell, shop
from simpul.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return shop()


def _level(s, product):
    return StockLevel.objects.get(cooperative=s.cooperative, outlet=s.outlet, product=product)


def _shift(s):
    return shift_open(cooperative=s.cooperative, actor=s.cashier, outlet_id=s.outlet.pk, opening_cash=Decimal(50000))


def test_void_reverses_stock_books_and_cash(s):
    shift = _shift(s)
    sale = sell(
        s,
        [(s.rice, Decimal("2.5"), Decimal(15000)), (s.soap, Decimal(2), Decimal(5000))],
        shift=shift,
        tax=Decimal(991),
    )
    assert expected_cash(shift) == Decimal(97500)
    voided = sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="salah input")
    assert voided.is_void and voided.refund == Decimal(47500) and voided.shift == shift
    assert voided.approved_by == voided.actor  # no audit row of who set the PIN in this test: the actor
    assert Sale.objects.get(pk=sale.pk).status == SaleStatus.VOIDED
    assert _level(s, s.rice).quantity == Decimal(100)
    assert _level(s, s.soap).quantity == Decimal(50)
    for code in (chart.SALES_TO_NON_MEMBERS, chart.TAX_PAYABLE, chart.COST_OF_GOODS_SOLD_NON_MEMBERS):
        assert balance(s.cooperative, code) == 0
    assert balance(s.cooperative, chart.MART_INVENTORY) == Decimal(100 * 12000 + 50 * 3000)
    assert expected_cash(shift) == Decimal(50000)
    assert stock_problems(s.cooperative) == []
    assert [line.base_quantity for line in voided.lines.order_by("pk")] == [Decimal("2.5"), Decimal(2)]
    assert AuditLog.objects.filter(event="mart.sale_voided", target_id=str(voided.pk)).exists()


def test_void_twice_is_refused(s):
    shift = _shift(s)
    sale = sell(s, [(s.soap, Decimal(1), Decimal(5000))], shift=shift)
    sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="batal")
    with pytest.raises(ConflictError) as refused:
        sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="batal")
    assert refused.value.code == "already_voided"
    assert "sudah dibatalkan" in refused.value.message
    assert SaleReturn.objects.filter(sale=sale).count() == 1


def test_void_of_an_earlier_day_is_refused(s):
    sale = sell(s, [(s.soap, Decimal(1), Decimal(5000))], shift=_shift(s))
    Sale.objects.filter(pk=sale.pk).update(business_date=s.cooperative.today().replace(year=2020))
    with pytest.raises(ApplicationError) as refused:
        sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="batal")
    assert refused.value.code == "void_too_late"


def test_cash_refund_needs_an_open_shift(s):
    sale = sell(s, [(s.soap, Decimal(1), Decimal(5000))])
    with pytest.raises(ApplicationError) as refused:
        sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="batal")
    assert refused.value.code == "no_open_shift"
    assert not SaleReturn.objects.exists()
    assert _level(s, s.soap).quantity == Decimal(49)


def test_wrong_pin_refused_audited_and_rate_limited(s):
    sale = sell(s, [(s.soap, Decimal(1), Decimal(5000))], shift=_shift(s))
    for _attempt in range(5):
        with pytest.raises(PermissionDeniedError) as refused:
            sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin="0000", reason="batal")
        assert refused.value.code == "wrong_pin"
        assert refused.value.message == "PIN pengurus salah."
    assert AuditLog.objects.filter(event="mart.pin_refused", actor=s.cashier).count() == 5
    with pytest.raises(PermissionDeniedError) as locked:
        sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="batal")
    assert locked.value.code == "pin_locked"
    assert Sale.objects.get(pk=sale.pk).status == SaleStatus.COMPLETED
    # Another person at the till is not locked out by these.
    shift_open(cooperative=s.cooperative, actor=s.manager, outlet_id=s.outlet.pk, opening_cash=Decimal(50000))
    sale_void(cooperative=s.cooperative, actor=s.manager, sale_id=sale.pk, pin=PIN, reason="batal")


def test_no_pin_set(s):
    MartSettings.objects.filter(cooperative=s.cooperative).update(manager_pin_hash="")
    sale = sell(s, [(s.soap, Decimal(1), Decimal(5000))], shift=_shift(s))
    with pytest.raises(PermissionDeniedError) as refused:
        sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin="", reason="batal")
    assert refused.value.code == "pin_not_set"


def test_partial_return_in_cash(s):
    shift = _shift(s)
    sale = sell(s, [(s.rice, Decimal(4), Decimal(15000)), (s.soap, Decimal(3), Decimal(5000))], shift=shift)
    rice_line = SaleLine.objects.get(sale=sale, product=s.rice)
    cost_before = balance(s.cooperative, chart.COST_OF_GOODS_SOLD_NON_MEMBERS)
    returned = sale_return(
        cooperative=s.cooperative,
        actor=s.cashier,
        sale_id=sale.pk,
        quantities={rice_line.pk: "1.5"},
        pin=PIN,
        reason="beras apek",
    )
    assert returned.refund == Decimal(22500) and returned.refund_method == "cash"
    assert SaleLine.objects.get(pk=rice_line.pk).returned_quantity == Decimal("1.5")
    assert _level(s, s.rice).quantity == Decimal("97.5")
    assert balance(s.cooperative, chart.COST_OF_GOODS_SOLD_NON_MEMBERS) == cost_before - Decimal(18000)
    assert balance(s.cooperative, chart.SALES_TO_NON_MEMBERS) == -(Decimal(75000) - Decimal(22500))
    assert expected_cash(shift) == Decimal(50000 + 75000 - 22500)
    # Never more than sold minus returned.
    with pytest.raises(ApplicationError) as refused:
        sale_return(
            cooperative=s.cooperative,
            actor=s.cashier,
            sale_id=sale.pk,
            quantities={rice_line.pk: "3"},
            pin=PIN,
            reason="lagi",
        )
    assert refused.value.code == "return_too_large"
    assert "2.5" in refused.value.message
    assert stock_problems(s.cooperative) == []


@pytest.mark.parametrize("quantity", [None, "-1", "0.5", "abc"])
def test_bad_return_quantities(s, quantity):
    sale = sell(s, [(s.soap, Decimal(3), Decimal(5000))], shift=_shift(s))
    line = SaleLine.objects.get(sale=sale)
    with pytest.raises(ApplicationError) as refused:
        sale_return(
            cooperative=s.cooperative,
            actor=s.cashier,
            sale_id=sale.pk,
            quantities={} if quantity is None else {line.pk: quantity},
            pin=PIN,
            reason="x",
        )
    assert refused.value.code == "invalid_quantity"
    assert not SaleReturn.objects.exists()


def test_kasbon_sale_return_lowers_kasbon(s):
    member = MemberFactory.create(cooperative=s.cooperative)
    sale = sell(s, [(s.soap, Decimal(2), Decimal(5000))], member=member, method="kasbon")
    line = SaleLine.objects.get(sale=sale)
    assert Kasbon.objects.get(member=member).balance == Decimal(10000)
    returned = sale_return(
        cooperative=s.cooperative,
        actor=s.cashier,
        sale_id=sale.pk,
        quantities={line.pk: 1},
        pin=PIN,
        reason="rusak",
    )
    assert returned.refund_method == "kasbon" and returned.shift is None
    assert Kasbon.objects.get(member=member).balance == Decimal(5000)
    assert balance(s.cooperative, chart.SALES_TO_MEMBERS) == Decimal(-5000)
    assert kasbon_problems(s.cooperative) == []


def test_other_cooperatives_sale_is_404(s):
    other = shop()
    sale = sell(other, [(other.soap, Decimal(1), Decimal(5000))])
    with pytest.raises(NotFoundError):
        sale_void(cooperative=s.cooperative, actor=s.cashier, sale_id=sale.pk, pin=PIN, reason="x")
