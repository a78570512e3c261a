"""Low stock and reorder suggestions: how fast a product sells, how long its supplier takes, its minimum.

Suggested quantity = max(0, minimum + daily sales × lead time × 2 − on hand), daily sales being the average over
the last 28 days (moves of kind "sale"), rounded up to whole units of the supplier's packing (the unit the product
was last received in from that supplier)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, Outlet
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.models import (
    GoodsReceiptLine,
    MoveKind,
    Product,
    ProductUnit,
    PurchaseOrder,
    StockLevel,
    StockMove,
    SupplierProduct,
)
from simpul.mart.purchasing.services import OrderLineInput, purchase_order_create, supplier_get
from simpul.mart.stock.inputs import outlet_of

DAYS = 28
ZERO = Decimal(0)


@dataclass(frozen=True)
class Suggestion:
    product_id: int
    name: str
    base_unit: str
    on_hand: Decimal
    min_stock: Decimal
    daily: Decimal
    lead_time_days: int
    needed: Decimal  # base units
    supplier_id: int | None
    supplier_name: str
    unit_id: int | None
    unit_name: str
    factor: Decimal
    quantity: Decimal  # in the supplier's unit, rounded up
    unit_cost: Decimal  # per that unit

    @property
    def below_minimum(self) -> bool:
        return self.on_hand < self.min_stock


def _suppliers(cooperative: Cooperative, product_ids: list[int]) -> dict[int, tuple[int, str, ProductUnit | None]]:
    """Each product's supplier and packing: the last receipt's, else any supplier listing it."""
    found: dict[int, tuple[int, str, ProductUnit | None]] = {}
    for line in (
        GoodsReceiptLine.objects.filter(cooperative=cooperative, product_id__in=product_ids)
        .select_related("receipt__supplier", "unit")
        .order_by("-id")
    ):
        found.setdefault(line.product_id, (line.receipt.supplier_id, line.receipt.supplier.name, line.unit))
    for link in SupplierProduct.objects.filter(cooperative=cooperative, product_id__in=product_ids).select_related(
        "supplier"
    ):
        found.setdefault(link.product_id, (link.supplier_id, link.supplier.name, None))
    return found


def reorder_suggestions(
    cooperative: Cooperative, outlet: Outlet, *, now: dt.datetime | None = None, only_needed: bool = True
) -> list[Suggestion]:
    """The products to order for the outlet (those with something needed, unless `only_needed` is False)."""
    now = now or timezone.now()
    sold = {
        row["product_id"]: -(row["quantity"] or ZERO)
        for row in StockMove.objects.filter(
            cooperative=cooperative, outlet=outlet, kind=MoveKind.SALE, created_at__gte=now - dt.timedelta(days=DAYS)
        )
        .values("product_id")
        .annotate(quantity=Sum("quantity"))
    }
    on_hand = dict(
        StockLevel.objects.filter(cooperative=cooperative, outlet=outlet).values_list("product_id", "quantity")
    )
    products = list(
        Product.objects.filter(cooperative=cooperative, is_active=True)
        .only("id", "name", "base_unit", "min_stock", "lead_time_days", "fractional")
        .order_by("name")
    )
    costs = {
        (link.supplier_id, link.product_id): link.last_cost
        for link in SupplierProduct.objects.filter(cooperative=cooperative)
    }
    suppliers = _suppliers(cooperative, [p.pk for p in products])
    rows = []
    for product in products:
        daily = (max(sold.get(product.pk, ZERO), ZERO) / DAYS).quantize(Decimal("0.001"))
        have = on_hand.get(product.pk, ZERO)
        needed = max(ZERO, product.min_stock + daily * product.lead_time_days * 2 - have)
        if only_needed and needed <= 0:
            continue
        supplier_id, supplier_name, unit = suppliers.get(product.pk, (None, "", None))
        factor = unit.factor if unit is not None else Decimal(1)
        quantity = (needed / factor).to_integral_value(rounding=ROUND_CEILING) if needed > 0 else ZERO
        if unit is None and product.fractional and needed > 0:
            quantity = needed.quantize(Decimal("0.001"), rounding=ROUND_CEILING)
        cost = costs.get((supplier_id, product.pk), ZERO) if supplier_id else ZERO
        rows.append(
            Suggestion(
                product_id=product.pk,
                name=product.name,
                base_unit=product.base_unit,
                on_hand=have,
                min_stock=product.min_stock,
                daily=daily,
                lead_time_days=product.lead_time_days,
                needed=needed,
                supplier_id=supplier_id,
                supplier_name=supplier_name,
                unit_id=unit.pk if unit is not None else None,
                unit_name=unit.name if unit is not None else product.base_unit,
                factor=factor,
                quantity=quantity,
                unit_cost=(cost * factor).quantize(Decimal("0.01")),
            )
        )
    return rows


def low_stock(cooperative: Cooperative, outlet: Outlet) -> list[Suggestion]:
    """Products below their minimum at the outlet, with what to order."""
    return [row for row in reorder_suggestions(cooperative, outlet, only_needed=False) if row.below_minimum]


@transaction.atomic
def purchase_order_from_suggestions(
    *,
    cooperative: Cooperative,
    actor: User | None,
    outlet_id: int,
    supplier_id: int,
    product_ids: Sequence[Any] | None = None,
    ip_address: str | None = None,
) -> PurchaseOrder:
    """One step from the suggestions to a draft purchase order: the supplier's suggested lines (or those of
    `product_ids`), at its last cost."""
    outlet = outlet_of(cooperative, outlet_id)
    supplier = supplier_get(cooperative, supplier_id)
    wanted = {int(pid) for pid in product_ids} if product_ids else None
    lines = [
        OrderLineInput(product_id=row.product_id, unit_id=row.unit_id, quantity=row.quantity, unit_cost=row.unit_cost)
        for row in reorder_suggestions(cooperative, outlet)
        if row.supplier_id == supplier.pk and row.quantity > 0 and (wanted is None or row.product_id in wanted)
    ]
    if not lines:
        raise ApplicationError(
            _("Nothing needs ordering from %(supplier)s now.") % {"supplier": supplier.name},
            code=error_codes.REQUIRED,
            extra={"field": "supplier_id"},
        )
    missing_cost = [line for line in lines if Decimal(line.unit_cost) <= 0]
    if missing_cost:
        raise ApplicationError(
            _("Some products have no known cost from this supplier yet: draw up the order by hand."),
            code=error_codes.INVALID_PRICE,
            extra={"field": "supplier_id"},
        )
    return purchase_order_create(
        cooperative=cooperative,
        actor=actor,
        outlet_id=outlet.pk,
        supplier_id=supplier.pk,
        lines=lines,
        note=_("From the reorder suggestions"),
        ip_address=ip_address,
    )
