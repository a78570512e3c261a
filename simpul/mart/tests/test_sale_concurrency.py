"""Sixteen cashiers at once selling the last units of fifty products, on PostgreSQL (issue 12 §7): no unit sold twice,
no sale lost, stock equals the sum of its moves, the books balance and the inventory account equals the stock value."""

import functools
import random
import uuid
from decimal import Decimal
from typing import cast

import pytest
from django.db import connection
from django.db.models import Sum

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.ledger.models import JournalLine
from simpul.ledger.subledgers import problems
from simpul.mart import error_codes
from simpul.mart.models import Product, Sale, SaleLine, Shift, StockLevel
from simpul.mart.sales.services import SaleResult, sale_record
from simpul.mart.tests.sale_world import make_mart, stock_in
from simpul.members.tests.test_concurrency import KEEP_REGIONS, _run_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
    pytest.mark.django_db(transaction=True, available_apps=[*KEEP_REGIONS, "simpul.mart"]),
]

D = Decimal
CASHIERS, PRODUCTS, UNITS_EACH, SALES_EACH, LINES_EACH = 16, 50, 6, 8, 5


def test_sixteen_cashiers_sell_the_last_units_of_fifty_products():
    mart = make_mart()
    products = [
        Product.objects.create(cooperative=mart.cooperative, sku=f"P{i:03}", name=f"Produk {i:03}", price=D(1000))
        for i in range(PRODUCTS)
    ]
    for product in products:
        stock_in(mart, product, str(UNITS_EACH), "700")
    cashiers = []
    for _ in range(CASHIERS):
        cashier = person_with_role(RoleKind.CASHIER, mart.cooperative)
        Shift.objects.create(cooperative=mart.cooperative, outlet=mart.outlet, cashier=cashier)
        cashiers.append(cashier)

    def till(number: int) -> list[object]:
        pick = random.Random(number)
        results: list[object] = []
        for _ in range(SALES_EACH):
            basket = pick.sample(products, LINES_EACH)
            try:
                results.append(
                    sale_record(
                        cooperative=mart.cooperative,
                        actor=cashiers[number],
                        outlet_id=mart.outlet.pk,
                        client_id=uuid.uuid4(),
                        lines=[{"product_id": p.pk, "quantity": "1"} for p in basket],
                        payments=[{"method": "cash", "amount": "5000"}],
                    )
                )
            except Exception as error:  # collected and checked below
                results.append(error)
        return results

    works = [functools.partial(till, n) for n in range(CASHIERS)]
    outcomes = [r for batch in _run_at_once(works) for r in cast(list[object], batch)]
    unexpected = [r for r in outcomes if isinstance(r, Exception) and not isinstance(r, ApplicationError)]
    assert not unexpected, unexpected[:3]
    refused = [r for r in outcomes if isinstance(r, ApplicationError)]
    assert all(r.code == error_codes.INSUFFICIENT_STOCK for r in refused), refused[:3]
    sold = [r for r in outcomes if isinstance(r, SaleResult)]
    assert len(sold) + len(refused) == CASHIERS * SALES_EACH
    assert Sale.objects.filter(cooperative=mart.cooperative, cashier__in=cashiers).count() == len(sold) > 0
    # 800 units asked for, 300 on the shelves: the shelves are emptied without any unit sold twice.
    per_product = dict(
        SaleLine.objects.filter(sale__cooperative=mart.cooperative, product__in=products)
        .values_list("product_id")
        .annotate(Sum("base_quantity"))
    )
    for product in products:
        level = StockLevel.objects.get(outlet=mart.outlet, product=product)
        assert level.quantity >= 0
        assert level.quantity + per_product.get(product.pk, D(0)) == UNITS_EACH
    totals = JournalLine.objects.filter(entry__cooperative=mart.cooperative).aggregate(
        debit=Sum("debit"), credit=Sum("credit")
    )
    assert totals["debit"] == totals["credit"]
    assert problems(mart.cooperative) == []
