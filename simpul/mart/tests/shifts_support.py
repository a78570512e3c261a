"""Test data for shifts, voids and returns, kasbon: a cooperative with its chart, an outlet with stock, and sales
written the way the till posts them (used until the tests can call the lead's sale_record)."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from simpul.coops.models import Cooperative, Outlet
from simpul.coops.tests.factories import CooperativeFactory, OutletFactory, person_with_role
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.models import Subledger
from simpul.ledger.services import chart_of_accounts_create, journal_post
from simpul.mart.models import (
    Kasbon,
    MartSettings,
    PaymentMethod,
    Product,
    Sale,
    SaleLine,
    SalePayment,
    Shift,
)
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply
from simpul.members.models import Member

ZERO = Decimal(0)
PIN = "4321"


@dataclass
class Shop:
    cooperative: Cooperative
    outlet: Outlet
    manager: User
    cashier: User
    rice: Product
    soap: Product


def shop() -> Shop:
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    outlet = OutletFactory.create(cooperative=cooperative)
    manager = person_with_role("manager", cooperative)
    cashier = person_with_role("cashier", cooperative)
    rice = Product.objects.create(
        cooperative=cooperative, sku="BRS5", name="Beras 1 kg", fractional=True, price=Decimal(15000)
    )
    soap = Product.objects.create(cooperative=cooperative, sku="SBN", name="Sabun", price=Decimal(5000), taxed=True)
    MartSettings.objects.create(cooperative=cooperative, manager_pin_hash=make_password(PIN))
    receive(cooperative, outlet, {rice.pk: (Decimal(100), Decimal(12000)), soap.pk: (Decimal(50), Decimal(3000))})
    return Shop(cooperative, outlet, manager, cashier, rice, soap)


@transaction.atomic
def receive(cooperative: Cooperative, outlet: Outlet, goods: dict[int, tuple[Decimal, Decimal]]) -> None:
    levels = lock_stock_levels(cooperative, outlet.pk, goods)
    moves = stock_moves_apply(
        cooperative=cooperative,
        outlet_id=outlet.pk,
        levels=levels,
        changes=[Change(product_id=pid, quantity=q, kind="receipt", unit_cost=c) for pid, (q, c) in goods.items()],
        actor=None,
    )
    value = sum((m.value for m in moves), ZERO)
    journal_post(
        cooperative=cooperative,
        actor=None,
        date=cooperative.today(),
        description="Stok awal",
        lines=[(chart.MART_INVENTORY, value, ZERO), (chart.CASH, ZERO, value)],
        source="mart",
        subledger=Subledger.INVENTORY,
    )


@transaction.atomic
def sell(
    s: Shop,
    lines: list[tuple[Product, Decimal, Decimal]],
    *,
    shift: Shift | None = None,
    member: Member | None = None,
    method: str = PaymentMethod.CASH,
    tax: Decimal = ZERO,
    discount: Decimal = ZERO,
) -> Sale:
    """A sale of (product, quantity, unit price) lines posted as the till posts one: revenue net of PPN, PPN, cost
    of goods against inventory at the moving-average cost, the payment."""
    cooperative = s.cooperative
    levels = lock_stock_levels(cooperative, s.outlet.pk, [p.pk for p, _q, _u in lines])
    moves = stock_moves_apply(
        cooperative=cooperative,
        outlet_id=s.outlet.pk,
        levels=levels,
        changes=[Change(product_id=p.pk, quantity=-q, kind="sale") for p, q, _u in lines],
        actor=s.cashier,
    )
    subtotal = sum((q * u for _p, q, u in lines), ZERO)
    total = subtotal - discount
    cost = -sum((m.value for m in moves), ZERO)
    codes: dict[str, str] = {
        PaymentMethod.CASH: chart.CASH,
        PaymentMethod.QRIS: chart.QRIS_CLEARING,
        PaymentMethod.KASBON: chart.MART_KASBON_RECEIVABLES,
    }
    payment_code = codes[method]
    entry_lines = [
        (payment_code, total, ZERO),
        (chart.SALES_TO_MEMBERS if member else chart.SALES_TO_NON_MEMBERS, ZERO, total - tax),
        (chart.TAX_PAYABLE, ZERO, tax),
        (chart.COST_OF_GOODS_SOLD_MEMBERS if member else chart.COST_OF_GOODS_SOLD_NON_MEMBERS, cost, ZERO),
        (chart.MART_INVENTORY, ZERO, cost),
    ]
    entry = journal_post(
        cooperative=cooperative,
        actor=s.cashier,
        date=cooperative.today(),
        description="Penjualan",
        lines=[line for line in entry_lines if line[1] or line[2]],
        source="mart",
        subledger=(Subledger.INVENTORY, Subledger.RECEIVABLES),
    )
    if method == PaymentMethod.KASBON:
        assert member is not None
        kasbon, _created = Kasbon.objects.get_or_create(
            cooperative=cooperative, member=member, defaults={"limit": Decimal(1000000)}
        )
        kasbon.balance += total
        kasbon.save()
    number = Sale.objects.filter(cooperative=cooperative).count() + 1
    sale = Sale.objects.create(
        cooperative=cooperative,
        outlet=s.outlet,
        shift=shift,
        number=f"S{number:05d}",
        client_id=uuid.uuid4(),
        request_hash="x",
        cashier=s.cashier,
        member=member,
        sold_at=entry.created_at,
        business_date=cooperative.today(),
        subtotal=subtotal,
        discount=discount,
        total=total,
        tax=tax,
        cost=cost,
        paid=total,
        journal_entry=entry,
    )
    for (product, quantity, unit_price), move in zip(lines, moves, strict=True):
        SaleLine.objects.create(
            cooperative=cooperative,
            sale=sale,
            product=product,
            quantity=quantity,
            base_quantity=quantity,
            unit_price=unit_price,
            total=quantity * unit_price,
            cost=-move.value,
        )
    SalePayment.objects.create(cooperative=cooperative, sale=sale, method=method, amount=total, tendered=total)
    return sale


def balance(cooperative: Cooperative, code: str) -> Decimal:
    from django.db.models import Sum

    from simpul.ledger.models import JournalLine

    totals = JournalLine.objects.filter(entry__cooperative=cooperative, account__code=code).aggregate(
        d=Sum("debit"), c=Sum("credit")
    )
    return (totals["d"] or ZERO) - (totals["c"] or ZERO)
