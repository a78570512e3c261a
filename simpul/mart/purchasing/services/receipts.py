"""Goods receipts: good units into stock at their cost, damaged noted, short left on the order; Dr 1302 / Cr 2104."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.ledger import chart
from simpul.ledger.models import Subledger
from simpul.ledger.services.journal import journal_post
from simpul.mart import error_codes
from simpul.mart.books import mart_books_ensure
from simpul.mart.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    MartSupplier,
    MoveKind,
    Product,
    ProductUnit,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
    SupplierProduct,
)
from simpul.mart.purchasing.services.orders import S, numbered, purchase_order_get, temporary_number, transition_apply
from simpul.mart.purchasing.services.suppliers import supplier_get
from simpul.mart.stock.inputs import (
    cost_of,
    factor_of,
    outlet_of,
    plain,
    products_of,
    quantity_of,
    unit_of,
)
from simpul.mart.stock.locks import lock_stock_levels
from simpul.mart.stock.services import Change, stock_moves_apply

ZERO = Decimal(0)
COST_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class ReceiptLineInput:
    """One line of a delivery: good units and damaged units in the line's unit, at a price per unit. Against an
    order, `order_line_id` names the order's line (its product, unit and price are the defaults)."""

    product_id: Any = None
    quantity: Any = 0
    damaged: Any = 0
    unit_cost: Any = None
    unit_id: Any = None
    order_line_id: Any = None


@dataclass
class _ReceiptLine:
    product: Product
    unit: ProductUnit | None
    quantity: Decimal
    damaged: Decimal
    unit_cost: Decimal
    order_line: PurchaseOrderLine | None


def _receipt_lines(
    cooperative: Cooperative, order: PurchaseOrder | None, lines: Sequence[ReceiptLineInput]
) -> list[_ReceiptLine]:
    if not lines:
        raise ApplicationError(_("Add at least one product."), code=error_codes.REQUIRED, extra={"field": "lines"})
    order_lines: dict[int, PurchaseOrderLine] = {}
    if order is not None:
        order_lines = {
            line.pk: line for line in order.lines.select_related("product", "unit").filter(cooperative=cooperative)
        }
    wanted_products = [line.product_id for line in lines if line.order_line_id in (None, "")]
    products = products_of(cooperative, wanted_products) if wanted_products else {}
    built: list[_ReceiptLine] = []
    for line in lines:
        order_line: PurchaseOrderLine | None = None
        if line.order_line_id not in (None, ""):
            try:
                order_line = order_lines[int(line.order_line_id)]
            except (KeyError, TypeError, ValueError):
                raise NotFoundError.plain() from None
            product, unit = order_line.product, order_line.unit
        else:
            product = products[int(line.product_id)]
            unit = unit_of(cooperative, product, line.unit_id)
        factor = factor_of(unit)
        quantity = quantity_of(line.quantity, product=product, allow_zero=True, factor=factor)
        damaged = quantity_of(line.damaged or 0, product=product, field="damaged", allow_zero=True, factor=factor)
        if line.unit_cost in (None, "") and order_line is not None:
            unit_cost = order_line.unit_cost
        else:
            unit_cost = cost_of(line.unit_cost, allow_zero=False)
        if order_line is not None and quantity > order_line.quantity - order_line.received:
            raise ApplicationError(
                _("%(product)s: %(quantity)s received but only %(open)s still ordered.")
                % {
                    "product": product.name,
                    "quantity": plain(quantity),
                    "open": plain(order_line.quantity - order_line.received),
                },
                code=error_codes.INVALID_QUANTITY,
                extra={"field": "quantity"},
            )
        if quantity == 0 and damaged == 0 and order_line is not None:
            continue  # nothing of this order line came
        if quantity == 0 and damaged == 0:
            raise ApplicationError(
                _("%(product)s: enter the units received.") % {"product": product.name},
                code=error_codes.INVALID_QUANTITY,
                extra={"field": "quantity"},
            )
        built.append(_ReceiptLine(product, unit, quantity, damaged, unit_cost, order_line))
    if not any(line.quantity > 0 for line in built):
        raise ApplicationError(
            _("Nothing good was received: enter the good units."),
            code=error_codes.INVALID_QUANTITY,
            extra={"field": "quantity"},
        )
    return built


@transaction.atomic
def goods_receipt_record(
    *,
    cooperative: Cooperative,
    actor: User | None,
    outlet_id: int,
    supplier_id: int | None = None,
    order_id: int | None = None,
    lines: Sequence[ReceiptLineInput],
    delivery_note: str = "",
    ip_address: str | None = None,
) -> GoodsReceipt:
    """Goods that arrived, against an order or without one. Good units enter the outlet's stock at their cost per
    base unit (price per unit / the unit's factor), damaged units are noted and not stocked; the value is posted
    Dr 1302 / Cr 2104 and the supplier's balance rises by it. An order becomes partly received or received."""
    outlet = outlet_of(cooperative, outlet_id)
    order: PurchaseOrder | None = None
    if order_id not in (None, ""):
        order = purchase_order_get(cooperative, order_id, lock=True)
        if order.status not in (S.SENT, S.PARTLY_RECEIVED):
            raise ApplicationError(
                _("Goods can be received only against an order that was sent (this one is %(status)s).")
                % {"status": PurchaseOrderStatus(order.status).label},
                code=error_codes.INVALID_STATUS,
                extra={"field": "order_id"},
            )
        if order.outlet_id != outlet.pk:
            raise ApplicationError(
                _("This order is for another outlet."), code=error_codes.INVALID_OUTLET, extra={"field": "outlet_id"}
            )
        supplier_id = order.supplier_id
    if supplier_id in (None, ""):
        raise ApplicationError(_("Choose the supplier."), code=error_codes.REQUIRED, extra={"field": "supplier_id"})
    supplier_get(cooperative, supplier_id)  # 404 before anything is locked
    delivery_note = refuse_too_long(
        str(delivery_note or "").strip(), max_length=80, field="delivery_note", label=_("Delivery note")
    )
    built = _receipt_lines(cooperative, order, lines)
    mart_books_ensure(cooperative)

    receipt = GoodsReceipt(
        cooperative=cooperative,
        outlet=outlet,
        order=order,
        number=temporary_number(),
        delivery_note=delivery_note,
        actor=actor if actor is not None and actor.pk else None,
        created_at=timezone.now(),
    )
    changes = []
    for line in built:
        if line.quantity > 0:
            factor = factor_of(line.unit)
            changes.append(
                Change(
                    product_id=line.product.pk,
                    quantity=line.quantity * factor,
                    kind=MoveKind.RECEIPT,
                    unit_cost=(line.unit_cost / factor).quantize(COST_PLACES, rounding=ROUND_HALF_UP),
                )
            )
    levels = lock_stock_levels(cooperative, outlet.pk, [change.product_id for change in changes])
    supplier = supplier_get(cooperative, supplier_id, lock=True)
    receipt.supplier = supplier
    # The journal entry comes before the receipt row (its column is not null); the moves name the receipt, so
    # they follow it.
    values = [
        (change.quantity * (change.unit_cost or ZERO)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for change in changes
    ]
    total = sum(values, ZERO)
    entry = journal_post(
        cooperative=cooperative,
        actor=actor,
        date=cooperative.today(),
        description=_("Goods received from %(supplier)s") % {"supplier": supplier.name},
        lines=[(chart.MART_INVENTORY, total, ZERO), (chart.MART_PAYABLES, ZERO, total)],
        source="mart",
        audit=False,
        subledger=(Subledger.INVENTORY, Subledger.PAYABLES),
    )
    receipt.journal_entry = entry
    receipt.total = total
    receipt.save()
    numbered(receipt, "GR")
    document = f"receipt:{receipt.pk}"
    changes = [
        Change(
            product_id=c.product_id,
            quantity=c.quantity,
            kind=c.kind,
            unit_cost=c.unit_cost,
            document=document,
            note=receipt.number,
        )
        for c in changes
    ]
    moves = stock_moves_apply(cooperative=cooperative, outlet_id=outlet.pk, levels=levels, changes=changes, actor=actor)
    moved = sum((move.value for move in moves), ZERO)
    assert moved == total, (moved, total)  # the same rounding, line by line
    value_by_product: dict[int, list[Decimal]] = {}
    for move in moves:
        value_by_product.setdefault(move.product_id, []).append(move.value)
    receipt_lines = []
    for line in built:
        line_total = value_by_product[line.product.pk].pop(0) if line.quantity > 0 else ZERO
        receipt_lines.append(
            GoodsReceiptLine(
                cooperative=cooperative,
                receipt=receipt,
                order_line=line.order_line,
                product=line.product,
                unit=line.unit,
                quantity=line.quantity,
                damaged=line.damaged,
                unit_cost=line.unit_cost,
                total=line_total,
            )
        )
    GoodsReceiptLine.objects.bulk_create(receipt_lines)
    MartSupplier.objects.filter(pk=supplier.pk).update(balance=F("balance") + total)
    supplier.refresh_from_db(fields=["balance"])
    _remember_costs(cooperative, supplier, built)
    if order is not None:
        for line in built:
            if line.order_line is not None and line.quantity:
                PurchaseOrderLine.objects.filter(pk=line.order_line.pk).update(received=F("received") + line.quantity)
        outstanding = PurchaseOrderLine.objects.filter(order=order, received__lt=F("quantity")).exists()
        transition_apply(
            order,
            S.PARTLY_RECEIVED if outstanding else S.RECEIVED,
            actor=actor,
            cooperative=cooperative,
            ip_address=ip_address,
        )
    audit_record(
        actor=actor,
        event="mart.goods_received",
        target=receipt,
        cooperative=cooperative,
        changes={
            "supplier": supplier.name,
            "order": order.number if order is not None else None,
            "lines": len(receipt_lines),
            "damaged": str(sum((line.damaged for line in built), ZERO)),
            "total": str(total),
            "journal_entry": entry.number,
        },
        ip_address=ip_address,
    )
    return receipt


def _remember_costs(cooperative: Cooperative, supplier: MartSupplier, lines: list[_ReceiptLine]) -> None:
    """The supplier's last cost per base unit of each product received (what reorder suggestions and orders use)."""
    for line in lines:
        if line.quantity <= 0:
            continue
        cost = (line.unit_cost / factor_of(line.unit)).quantize(COST_PLACES, rounding=ROUND_HALF_UP)
        updated = SupplierProduct.objects.filter(
            cooperative=cooperative, supplier=supplier, product=line.product
        ).update(last_cost=cost)
        if not updated:
            SupplierProduct.objects.bulk_create(
                [SupplierProduct(cooperative=cooperative, supplier=supplier, product=line.product, last_cost=cost)],
                ignore_conflicts=True,
            )
