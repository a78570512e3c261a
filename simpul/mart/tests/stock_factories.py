"""Data for the stock and purchasing tests: a cooperative with its books, an outlet, products, a supplier."""

from decimal import Decimal
from typing import Any

from simpul.coops.models import Cooperative, Outlet, RoleKind
from simpul.coops.tests.factories import CooperativeFactory, OutletFactory, person_with_role
from simpul.core.models import User
from simpul.ledger.models import JournalLine
from simpul.ledger.services import chart_of_accounts_create
from simpul.mart.models import MartSupplier, Product, ProductUnit

D = Decimal


def mart_cooperative() -> tuple[Cooperative, Outlet, User]:
    cooperative = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=cooperative)
    outlet = OutletFactory.create(cooperative=cooperative, name="Mart Utama")
    manager = person_with_role(RoleKind.MANAGER, cooperative)
    return cooperative, outlet, manager


def product(cooperative: Cooperative, name: str = "Mie Instan", **fields: Any) -> Product:
    fields.setdefault("sku", name.upper().replace(" ", "-")[:40])
    fields.setdefault("price", D("3500"))
    fields.setdefault("member_price", D("3300"))
    return Product.objects.create(cooperative=cooperative, name=name, **fields)


def unit(item: Product, name: str = "dus", factor: str = "40") -> ProductUnit:
    return ProductUnit.objects.create(cooperative=item.cooperative, product=item, name=name, factor=D(factor))


def supplier(cooperative: Cooperative, name: str = "CV Sumber Rejeki") -> MartSupplier:
    return MartSupplier.objects.create(cooperative=cooperative, name=name)


def balance(cooperative: Cooperative, code: str) -> Decimal:
    """Debit minus credit of an account of the cooperative."""
    total = D(0)
    for debit, credit in JournalLine.objects.filter(
        entry__cooperative=cooperative, account__cooperative=cooperative, account__code=code
    ).values_list("debit", "credit"):
        total += debit - credit
    return total
