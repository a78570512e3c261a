"""A cooperative receives a round's goods: they enter its Koperasi Mart stock at the round's price and the payable
to the supplier is posted in its books, through the mart's own goods receipt (simpul/mart/purchasing)."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.hooks import cooperative_figures_changed
from simpul.coops.models import Cooperative
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.models import User
from simpul.jointbuy import error_codes
from simpul.jointbuy.models import (
    Commitment,
    EventKind,
    ItemStatus,
    RoundEvent,
    RoundItem,
    RoundReceipt,
    RoundStatus,
    RoundSupplier,
)
from simpul.jointbuy.services.commitments import round_for_member
from simpul.jointbuy.services.numbers import whole_in
from simpul.jointbuy.services.settlement import (
    central_bill_record,
    central_coordinator,
    mart_supplier_for,
    mart_supplier_for_cooperative,
    round_complete_if_done,
)
from simpul.mart.models import Product
from simpul.mart.purchasing.services.receipts import ReceiptLineInput, goods_receipt_record

ZERO = Decimal(0)


def mart_product_for(cooperative: Cooperative, item: RoundItem, product_id: Any = None) -> Product:
    """The cooperative's own product for a round item: the one it chose, else its product of the item's standard
    product. Its base unit must be the item's unit (what arrives is cases × units)."""
    products = Product.objects.filter(cooperative=cooperative)
    if product_id not in (None, ""):
        try:
            product = products.filter(pk=int(product_id)).first()
        except (TypeError, ValueError):
            product = None
        if product is None:
            raise NotFoundError.plain()
    else:
        product = (
            products.filter(standard_id=item.standard_product_id).order_by("pk").first()
            if item.standard_product_id is not None
            else None
        )
        if product is None:
            raise ApplicationError(
                _(
                    "%(item)s is not among this mart's products: adopt it from the network's standard or choose "
                    "the product."
                )
                % {"item": item.name},
                code=error_codes.NO_PRODUCT,
                extra={"field": f"lines.{item.pk}.product_id", "item_id": item.pk},
            )
    if product.base_unit.strip().lower() != item.unit.strip().lower():
        raise ApplicationError(
            _(
                "%(product)s is counted in %(base)s, the round's %(item)s in %(unit)s: choose a product counted "
                "in %(unit)s."
            )
            % {"product": product.name, "base": product.base_unit, "item": item.name, "unit": item.unit},
            code=error_codes.NO_PRODUCT,
            extra={"field": f"lines.{item.pk}.product_id", "item_id": item.pk},
        )
    return product


def round_receipt_record(
    *,
    cooperative: Cooperative,
    actor: User,
    round_id: Any,
    round_supplier_id: Any,
    outlet_id: Any,
    lines: Sequence[Mapping[str, Any]],
    delivery_note: str = "",
    ip_address: str | None = None,
) -> RoundReceipt:
    """What arrived of a supplier's confirmed order: per item good cases and damaged cases (whole cases; what is
    neither is short). Good units enter the outlet's stock at the round's price per unit and are owed to the
    supplier (Dr 1302 / Cr 2104 through the mart's goods receipt); damaged ones are noted and not paid for. Never
    more than the cooperative's allocation, counting earlier receipts. All lines or none."""
    with transaction.atomic():
        round_ = round_for_member(cooperative, round_id, lock=True)
        try:
            order = RoundSupplier.objects.select_related("supplier").get(round=round_, pk=int(round_supplier_id))
        except (RoundSupplier.DoesNotExist, TypeError, ValueError):
            raise NotFoundError.plain() from None
        if round_.status not in (RoundStatus.CLOSED, RoundStatus.CONFIRMED) or order.confirmed_at is None:
            raise ApplicationError(
                _("Goods can be received once the supplier has confirmed its order."),
                code=error_codes.INVALID_STATUS,
            )
        allocations = {
            a.item_id: a
            for a in Commitment.objects.allocated()
            .select_for_update(of=("self",))
            .filter(cooperative=cooperative, round=round_, item__round_supplier=order, item__status=ItemStatus.ORDERED)
            .select_related("item")
        }
        built: list[tuple[Commitment, Product, int, int]] = []
        for number, raw in enumerate(lines, start=1):
            try:
                allocation = allocations[int(raw.get("item_id"))]  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError):
                raise ApplicationError(
                    _("Line %(line)s: choose one of the items allocated to this cooperative.") % {"line": number},
                    code=error_codes.UNKNOWN_ITEM,
                    extra={"field": "lines", "line": number},
                ) from None
            item = allocation.item
            good = whole_in(
                raw.get("received_cases") or 0,
                label=_("%(item)s: cases received") % {"item": item.name},
                field=f"lines.{item.pk}.received_cases",
            )
            damaged = whole_in(
                raw.get("damaged_cases") or 0,
                label=_("%(item)s: cases damaged") % {"item": item.name},
                field=f"lines.{item.pk}.damaged_cases",
            )
            if good == 0 and damaged == 0:
                continue
            left = Decimal(allocation.cases) - allocation.received_cases
            if good + damaged > left:
                raise ApplicationError(
                    _("%(item)s: %(count)s cases arrived but only %(left)s are still due to this cooperative.")
                    % {"item": item.name, "count": good + damaged, "left": f"{left.normalize():f}"},
                    code=error_codes.OVER_ORDERED,
                    extra={"field": f"lines.{item.pk}.received_cases"},
                )
            built.append((allocation, mart_product_for(cooperative, item, raw.get("product_id")), good, damaged))
        if not any(good for _a, _p, good, _d in built):
            raise ApplicationError(
                _("Nothing good was received: enter the cases that arrived in good order."),
                code=error_codes.INVALID_QUANTITY,
                extra={"field": "lines"},
            )
        # Paid centrally, the goods are owed to the coordinating cooperative, which owes the supplier.
        coordinator = central_coordinator(round_, cooperative)
        supplier = (
            mart_supplier_for_cooperative(cooperative, actor, coordinator)
            if coordinator is not None
            else mart_supplier_for(cooperative, actor, order.supplier)
        )
        receipt = goods_receipt_record(
            cooperative=cooperative,
            actor=actor,
            outlet_id=outlet_id,
            supplier_id=supplier.pk,
            lines=[
                ReceiptLineInput(
                    product_id=product.pk,
                    quantity=good * allocation.item.case_size,
                    damaged=damaged * allocation.item.case_size,
                    unit_cost=allocation.item.price,
                )
                for allocation, product, good, damaged in built
            ],
            delivery_note=delivery_note or order.order_number,
            ip_address=ip_address,
        )
        for allocation, _product, good, damaged in built:
            allocation.received_cases += good + damaged
            allocation.save(update_fields=["received_cases"])
        on_time = order.delivery_date is None or timezone.localdate() <= order.delivery_date
        recorded = RoundReceipt.objects.create(
            cooperative=cooperative,
            round=round_,
            round_supplier=order,
            goods_receipt=receipt,
            on_time=on_time,
            actor=actor,
        )
        if coordinator is not None:
            central_bill_record(receipt=recorded, coordinator=coordinator, actor=actor, ip_address=ip_address)
        RoundEvent.objects.create(
            round=round_,
            kind=EventKind.RECEIVED,
            actor=actor,
            details={
                "cooperative": cooperative.pk,
                "supplier": order.supplier_id,
                "items": {str(a.item_id): [good, damaged] for a, _p, good, damaged in built},
                "on_time": on_time,
                "value": str(receipt.total),
            },
        )
        audit_record(
            actor=actor,
            event="jointbuy.received",
            target=recorded,
            cooperative=cooperative,
            changes={"round": round_.number, "receipt": receipt.number, "total": str(receipt.total)},
            ip_address=ip_address,
        )
        round_complete_if_done(round_, actor)
        cooperative_figures_changed(cooperative_ids=[cooperative.pk], kinds={"mart"})
    return recorded
