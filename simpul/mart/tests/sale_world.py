"""A mart ready to sell, for the sale tests: books, an outlet with stock, a cashier with an open shift, a member
with simpanan sukarela."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from simpul.coops.models import Cooperative, Outlet, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, OutletFactory, person_with_role
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.models import JournalLine, Subledger
from simpul.ledger.services import chart_of_accounts_create, journal_post
from simpul.mart.models import MartSettings, Product, ProductUnit, Shift
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply
from simpul.members.models import Member
from simpul.members.savings.services import savings_deposit, savings_products_setup
from simpul.members.tests.factories import MemberFactory

D = Decimal


@dataclass
class Mart:
    cooperative: Cooperative
    outlet: Outlet
    cashier: User
    manager: User
    shift: Shift
    member: Member
    noodles: Product  # Rp3.500, member Rp3.300, cost Rp2.800, 100 pcs
    rice: Product  # per kg, fractional, Rp14.000, cost Rp12.000, 50 kg
    dus: ProductUnit  # 1 dus of noodles = 40 pcs


def stock_in(mart: Mart, product: Product, quantity: str, cost: str, outlet: Outlet | None = None) -> None:
    """Opening stock posted like the stock helpers do: moves and Dr 1302 / Cr 1301."""
    outlet = outlet or mart.outlet
    with transaction.atomic():
        levels = lock_stock_levels(mart.cooperative, outlet.pk, [product.pk])
        moves = stock_moves_apply(
            cooperative=mart.cooperative,
            outlet_id=outlet.pk,
            levels=levels,
            changes=[Change(product.pk, D(quantity), "opening", unit_cost=D(cost))],
            actor=mart.manager,
        )
        value = sum((move.value for move in moves), D(0))
        journal_post(
            cooperative=mart.cooperative,
            actor=mart.manager,
            date=mart.cooperative.today(),
            description="Stok awal",
            lines=[(chart.MART_INVENTORY, value, D(0)), (chart.INVENTORY, D(0), value)],
            source="mart",
            subledger=Subledger.INVENTORY,
        )


def make_mart(**settings: Any) -> Mart:
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    outlet = OutletFactory.create(cooperative=cooperative, name="Mart Utama")
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    cashier = person_with_role(RoleKind.CASHIER, cooperative)
    shift = Shift.objects.create(cooperative=cooperative, outlet=outlet, cashier=cashier, opening_cash=D(200000))
    member = MemberFactory.create(cooperative=cooperative)
    savings_products_setup(cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=10000)
    savings_deposit(
        cooperative=cooperative,
        actor=manager,
        member_id=member.pk,
        kind="sukarela",
        amount=D(50000),
        date=cooperative.today() - dt.timedelta(days=1),
    )
    MartSettings.objects.create(cooperative=cooperative, kasbon_default_limit=D(100000), **settings)
    noodles = Product.objects.create(
        cooperative=cooperative, sku="MIE-1", name="Mie Instan", price=D(3500), member_price=D(3300)
    )
    rice = Product.objects.create(
        cooperative=cooperative,
        sku="BERAS-1",
        name="Beras Medium",
        base_unit="kg",
        fractional=True,
        price=D(14000),
        member_price=D(13500),
        staple="rice",
    )
    dus = ProductUnit.objects.create(cooperative=cooperative, product=noodles, name="dus", factor=D(40))
    mart = Mart(cooperative, outlet, cashier, manager, shift, member, noodles, rice, dus)
    stock_in(mart, noodles, "100", "2800")
    stock_in(mart, rice, "50", "12000")
    return mart


def balance(cooperative: Cooperative, code: str) -> Decimal:
    totals = JournalLine.objects.filter(
        entry__cooperative=cooperative, account__cooperative=cooperative, account__code=code
    ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
    return (totals["debit"] or D(0)) - (totals["credit"] or D(0))
