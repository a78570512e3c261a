"""Voids and returns of sales recorded by the till's own service (sale_record): the reversal mirrors its posting, so
every account the sale touched, the member's savings, the kasbon and the stock come back to where they were."""

import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.hashers import make_password

from simpul.ledger import chart
from simpul.ledger.subledgers import problems
from simpul.mart.models import Kasbon, SaleLine, StockLevel
from simpul.mart.sales.kasbon import kasbon_problems
from simpul.mart.sales.returns import sale_return, sale_void
from simpul.mart.sales.services import sale_record
from simpul.mart.shifts.selectors import expected_cash
from simpul.mart.tests.sale_world import balance, make_mart
from simpul.members.models import SavingsAccount, SavingsKind

pytestmark = pytest.mark.django_db
PIN = "2468"
ACCOUNTS = (
    chart.CASH,
    chart.SIMPANAN_SUKARELA,
    chart.MART_KASBON_RECEIVABLES,
    chart.SALES_TO_MEMBERS,
    chart.TAX_PAYABLE,
    chart.COST_OF_GOODS_SOLD_MEMBERS,
    chart.MART_INVENTORY,
)


def _sukarela(mart) -> Decimal:  # type: ignore[no-untyped-def]
    return SavingsAccount.objects.get(member=mart.member, product__kind=SavingsKind.SUKARELA).balance


def _sell(mart, lines, payments):  # type: ignore[no-untyped-def]
    return sale_record(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        outlet_id=mart.outlet.pk,
        client_id=uuid.uuid4(),
        lines=lines,
        payments=payments,
        member_id=mart.member.pk,
    ).sale


def test_void_of_a_member_sale_paid_three_ways_puts_everything_back():
    mart = make_mart(manager_pin_hash=make_password(PIN))
    before = {code: balance(mart.cooperative, code) for code in ACCOUNTS}
    savings_before = _sukarela(mart)
    sale = _sell(
        mart,
        [{"product_id": mart.noodles.pk, "quantity": "10"}, {"product_id": mart.rice.pk, "quantity": "1.5"}],
        [
            {"method": "savings", "amount": "20000"},
            {"method": "kasbon", "amount": "15000"},
            {"method": "cash", "amount": "50000"},
        ],
    )
    assert _sukarela(mart) == savings_before - Decimal(20000)
    sale_void(cooperative=mart.cooperative, actor=mart.cashier, sale_id=sale.pk, pin=PIN, reason="salah anggota")
    assert {code: balance(mart.cooperative, code) for code in ACCOUNTS} == before
    assert _sukarela(mart) == savings_before
    assert Kasbon.objects.get(member=mart.member).balance == 0
    assert StockLevel.objects.get(outlet=mart.outlet, product=mart.noodles).quantity == Decimal(100)
    assert StockLevel.objects.get(outlet=mart.outlet, product=mart.rice).quantity == Decimal(50)
    assert expected_cash(mart.shift) == mart.shift.opening_cash
    assert problems(mart.cooperative) == [] and kasbon_problems(mart.cooperative) == []


def test_return_to_savings_of_part_of_a_sale():
    mart = make_mart(manager_pin_hash=make_password(PIN))
    savings_before = _sukarela(mart)
    sale = _sell(mart, [{"product_id": mart.noodles.pk, "quantity": "10"}], [{"method": "savings", "amount": "33000"}])
    line = SaleLine.objects.get(sale=sale)
    returned = sale_return(
        cooperative=mart.cooperative,
        actor=mart.cashier,
        sale_id=sale.pk,
        quantities={line.pk: "4"},
        pin=PIN,
        reason="kedaluwarsa",
    )
    assert returned.refund == Decimal(13200) and returned.refund_method == "savings"
    assert _sukarela(mart) == savings_before - Decimal(33000) + Decimal(13200)
    assert StockLevel.objects.get(outlet=mart.outlet, product=mart.noodles).quantity == Decimal(94)
    assert balance(mart.cooperative, chart.SALES_TO_MEMBERS) == Decimal(-19800)
    assert problems(mart.cooperative) == []
