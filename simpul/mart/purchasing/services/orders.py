"""Purchase orders: draft → sent → partly received → received, or cancelled (TRANSITIONS)."""

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.models import (
    GoodsReceipt,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatus,
)
from simpul.mart.purchasing.services.suppliers import supplier_get
from simpul.mart.stock.inputs import (
    cost_of,
    factor_of,
    outlet_of,
    products_of,
    quantity_of,
    unit_of,
)

ZERO = Decimal(0)

S = PurchaseOrderStatus
# Which status may follow which. "partly_received" and "received" come from goods receipts only; a manager sends
# or cancels (cancelling a partly received order closes what is still outstanding).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SENT, S.CANCELLED}),
    S.SENT: frozenset({S.PARTLY_RECEIVED, S.RECEIVED, S.CANCELLED}),
    S.PARTLY_RECEIVED: frozenset({S.PARTLY_RECEIVED, S.RECEIVED, S.CANCELLED}),
    S.RECEIVED: frozenset(),
    S.CANCELLED: frozenset(),
}
MANUAL_TRANSITIONS = frozenset({S.SENT, S.CANCELLED})


@dataclass(frozen=True)
class OrderLineInput:
    product_id: Any
    quantity: Any
    unit_cost: Any
    unit_id: Any = None


def temporary_number() -> str:
    return f"tmp-{uuid.uuid4().hex}"


def numbered(instance: GoodsReceipt | PurchaseOrder, prefix: str) -> None:
    """Numbers follow the row's id (PO-000123): two documents saved at once never get the same number."""
    instance.number = f"{prefix}-{instance.pk:06d}"
    type(instance).objects.filter(pk=instance.pk).update(number=instance.number)


def _order_lines(cooperative: Cooperative, lines: Sequence[OrderLineInput]) -> list[PurchaseOrderLine]:
    if not lines:
        raise ApplicationError(_("Add at least one product."), code=error_codes.REQUIRED, extra={"field": "lines"})
    products = products_of(cooperative, [line.product_id for line in lines])
    built = []
    for line in lines:
        product = products[int(line.product_id)]
        unit = unit_of(cooperative, product, line.unit_id)
        built.append(
            PurchaseOrderLine(
                cooperative=cooperative,
                product=product,
                unit=unit,
                quantity=quantity_of(line.quantity, product=product, factor=factor_of(unit)),
                unit_cost=cost_of(line.unit_cost, allow_zero=False),
            )
        )
    return built


def date_of(value: Any, *, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ApplicationError(
            _("The date is not valid; write it as YYYY-MM-DD."), code=error_codes.REQUIRED, extra={"field": field}
        ) from None


@transaction.atomic
def purchase_order_create(
    *,
    cooperative: Cooperative,
    actor: User | None,
    outlet_id: int,
    supplier_id: int,
    lines: Sequence[OrderLineInput],
    expected_on: Any = None,
    note: str = "",
    ip_address: str | None = None,
) -> PurchaseOrder:
    """A draft order to one supplier for one outlet; quantities in a unit of each product at a price per unit."""
    outlet = outlet_of(cooperative, outlet_id)
    supplier = supplier_get(cooperative, supplier_id)
    built = _order_lines(cooperative, lines)
    note = refuse_too_long(str(note or "").strip(), max_length=255, field="note", label=_("Note"))
    order = PurchaseOrder.objects.create(
        cooperative=cooperative,
        outlet=outlet,
        supplier=supplier,
        number=temporary_number(),
        expected_on=date_of(expected_on, field="expected_on"),
        note=note,
        actor=actor if actor is not None and actor.pk else None,
    )
    numbered(order, "PO")
    for line in built:
        line.order = order
    PurchaseOrderLine.objects.bulk_create(built)
    total = sum((line.quantity * line.unit_cost for line in built), ZERO)
    audit_record(
        actor=actor,
        event="mart.purchase_order_created",
        target=order,
        cooperative=cooperative,
        changes={"supplier": supplier.name, "lines": len(built), "total": str(total.quantize(Decimal("0.01")))},
        ip_address=ip_address,
    )
    return order


def purchase_order_get(cooperative: Cooperative, order_id: Any, *, lock: bool = False) -> PurchaseOrder:
    try:
        pk = int(order_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    rows = PurchaseOrder.objects.filter(cooperative=cooperative, pk=pk)
    found = (rows.select_for_update() if lock else rows).first()
    if found is None:
        raise NotFoundError.plain()
    return found


def transition_apply(
    order: PurchaseOrder, to_status: str, *, actor: User | None, cooperative: Cooperative, ip_address: str | None
) -> None:
    if to_status not in TRANSITIONS.get(order.status, frozenset()):
        raise ApplicationError(
            _("A purchase order that is %(status)s cannot become %(to)s.")
            % {
                "status": PurchaseOrderStatus(order.status).label,
                "to": dict(PurchaseOrderStatus.choices).get(to_status, to_status),
            },
            code=error_codes.INVALID_STATUS,
            extra={"field": "status"},
        )
    if to_status == order.status:
        return
    before = order.status
    order.status = to_status
    order.save(update_fields=["status"])
    audit_record(
        actor=actor,
        event="mart.purchase_order_transition",
        target=order,
        cooperative=cooperative,
        changes={"status": [before, to_status]},
        ip_address=ip_address,
    )


@transaction.atomic
def purchase_order_transition(
    *,
    cooperative: Cooperative,
    actor: User | None,
    order_id: int,
    to_status: str,
    ip_address: str | None = None,
) -> PurchaseOrder:
    """Send or cancel an order (TRANSITIONS); receiving goods moves it on through goods_receipt_record."""
    order = purchase_order_get(cooperative, order_id, lock=True)
    if to_status not in MANUAL_TRANSITIONS:
        raise ApplicationError(
            _("Goods received are recorded with a goods receipt."),
            code=error_codes.INVALID_STATUS,
            extra={"field": "status"},
        )
    transition_apply(order, to_status, actor=actor, cooperative=cooperative, ip_address=ip_address)
    return order
