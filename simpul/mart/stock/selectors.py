"""Reads of the mart's stock: the stock list of an outlet, the stock card of a product, counts and transfers."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse

from simpul.coops.models import Cooperative, Outlet
from simpul.mart.models import (
    Barcode,
    Product,
    StockCount,
    StockCountLine,
    StockCountStatus,
    StockLevel,
    StockMove,
    StockTransfer,
)

ZERO = Decimal(0)


def outlets_of(cooperative: Cooperative) -> list[Outlet]:
    return list(Outlet.objects.filter(cooperative=cooperative, is_active=True).order_by("name"))


@dataclass(frozen=True)
class StockRow:
    product_id: int
    name: str
    sku: str
    unit: str
    quantity: Decimal
    value: Decimal
    average_cost: Decimal
    min_stock: Decimal

    @property
    def below_minimum(self) -> bool:
        return self.quantity < self.min_stock


def stock_products(
    cooperative: Cooperative, outlet: Outlet, *, search: str = "", below_minimum: bool = False
) -> QuerySet[Product]:
    """The cooperative's products for the stock list of the outlet, by name: those whose name or SKU holds `search`
    or one of whose barcodes is it (a scanned code finds its product exactly); with `below_minimum`, only those whose
    stock at the outlet (none yet: zero) is under their minimum. One query a page (the stock list pages it)."""
    products = Product.objects.filter(cooperative=cooperative, is_active=True)
    text = search.strip()
    if text:
        by_code = Barcode.objects.filter(cooperative=cooperative, code=text, product=OuterRef("pk"))
        products = products.filter(Q(name__icontains=text) | Q(sku__icontains=text) | Exists(by_code))
    if below_minimum:
        on_hand = StockLevel.objects.filter(cooperative=cooperative, outlet=outlet, product=OuterRef("pk"))
        products = products.annotate(
            on_hand=Coalesce(Subquery(on_hand.values("quantity")[:1]), Value(ZERO), output_field=DecimalField())
        ).filter(on_hand__lt=F("min_stock"))
    return products.only("id", "name", "sku", "base_unit", "min_stock").order_by("name", "id")


def stock_rows(cooperative: Cooperative, outlet: Outlet, products: Iterable[Product]) -> list[StockRow]:
    """Each product with its stock at the outlet (none yet: zero); one query."""
    products = list(products)
    levels: dict[int, dict[str, Any]] = {
        row["product_id"]: dict(row)
        for row in StockLevel.objects.filter(
            cooperative=cooperative, outlet=outlet, product_id__in=[p.pk for p in products]
        ).values("product_id", "quantity", "value", "average_cost")
    }
    rows = []
    for product in products:
        level: dict[str, Any] = levels.get(product.pk, {})
        rows.append(
            StockRow(
                product_id=product.pk,
                name=product.name,
                sku=product.sku,
                unit=product.base_unit,
                quantity=level.get("quantity", ZERO),
                value=level.get("value", ZERO),
                average_cost=level.get("average_cost", ZERO),
                min_stock=product.min_stock,
            )
        )
    return rows


def stock_list(
    cooperative: Cooperative, outlet: Outlet, *, search: str = "", below_minimum: bool = False
) -> list[StockRow]:
    """Every product of the cooperative with its stock at the outlet (none yet: zero), by name; two queries (the API
    and the checks read it whole; the page pages `stock_products`)."""
    return stock_rows(
        cooperative, outlet, stock_products(cooperative, outlet, search=search, below_minimum=below_minimum)
    )


def stock_totals(cooperative: Cooperative, outlet: Outlet) -> Decimal:
    total = StockLevel.objects.filter(cooperative=cooperative, outlet=outlet).aggregate(value=Sum("value"))["value"]
    return total or ZERO


def stock_card_moves(cooperative: Cooperative, outlet: Outlet, product: Product) -> QuerySet[StockMove]:
    """The product's moves at the outlet, newest first (the stock card page pages them)."""
    return (
        StockMove.objects.filter(cooperative=cooperative, outlet=outlet, product=product)
        .select_related("actor")
        .order_by("-id")
    )


def stock_card(cooperative: Cooperative, outlet: Outlet, product: Product, *, limit: int = 200) -> list[StockMove]:
    """The product's moves at the outlet, newest first (the last `limit`)."""
    return list(stock_card_moves(cooperative, outlet, product)[:limit])


def document_link(cooperative: Cooperative, document: str) -> str | None:
    """The page of what caused a move ("receipt:7" → the goods receipt), where there is one."""
    kind, _colon, key = document.partition(":")
    names = {"receipt": "mart:goods_receipt", "count": "mart:stock_count", "sale": "mart:sale_detail"}
    try:
        if kind == "transfer":
            return reverse("mart:stock_transfers", args=[cooperative.slug]) + f"#transfer-{key}"
        name = names.get(kind)
        if name is None or not key.isdigit():
            return None
        return reverse(name, args=[cooperative.slug, int(key)])
    except NoReverseMatch:
        return None


def stock_counts(cooperative: Cooperative, outlet: Outlet | None = None) -> QuerySet[StockCount]:
    rows = StockCount.objects.filter(cooperative=cooperative).select_related("outlet").order_by("-started_at", "-id")
    return rows.filter(outlet=outlet) if outlet is not None else rows


@dataclass(frozen=True)
class VarianceRow:
    line_id: int
    product_id: int
    name: str
    unit: str
    expected: Decimal
    counted: Decimal
    difference: Decimal
    value: Decimal


def count_variance(cooperative: Cooperative, count: StockCount) -> list[VarianceRow]:
    """Per counted product: expected (the books now; once posted, what they said then), counted, difference, value
    (at the average cost; once posted, the value posted)."""
    lines = list(
        StockCountLine.objects.filter(cooperative=cooperative, count=count)
        .select_related("product")
        .order_by("product__name")
    )
    levels = {
        level.product_id: level
        for level in StockLevel.objects.filter(
            cooperative=cooperative, outlet_id=count.outlet_id, product_id__in=[line.product_id for line in lines]
        )
    }
    rows = []
    for line in lines:
        level = levels.get(line.product_id)
        if count.status == StockCountStatus.POSTED and line.expected is not None:
            expected, value = line.expected, line.variance_value or ZERO
        else:
            expected = level.quantity if level else ZERO
            cost = level.average_cost if level else ZERO
            value = ((line.counted - expected) * cost).quantize(Decimal("0.01"))
        rows.append(
            VarianceRow(
                line_id=line.pk,
                product_id=line.product_id,
                name=line.product.name,
                unit=line.product.base_unit,
                expected=expected,
                counted=line.counted,
                difference=line.counted - expected,
                value=value,
            )
        )
    return rows


def stock_transfers(cooperative: Cooperative) -> QuerySet[StockTransfer]:
    return StockTransfer.objects.filter(cooperative=cooperative).select_related("from_outlet", "to_outlet")


def transfer_moves(cooperative: Cooperative, transfer: StockTransfer) -> list[StockMove]:
    return list(
        StockMove.objects.filter(cooperative=cooperative, document=f"transfer:{transfer.pk}", outlet_id=F("outlet_id"))
        .select_related("product", "outlet")
        .order_by("id")
    )


def as_dict(row: Any) -> dict[str, Any]:
    return dict(row.__dict__)
