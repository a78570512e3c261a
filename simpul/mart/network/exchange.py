"""Staples exchanged between cooperatives of a network (issue 12 §5): a mart short of a staple asks a member mart
that holds it for N units at a proposed price; the seller's manager accepts (perhaps fewer units) or refuses.

Acceptance is one transaction over both cooperatives' books, each through its own services: the seller records a
non-member sale at the agreed price (`sale_record(agreed=True)`: stock out at moving-average cost, owed by the buyer
on 1202 Piutang Non-Anggota until it pays), the buyer a goods receipt from a supplier row that stands for the seller
(created once), payable to it. The two cooperatives' rows are locked first, in primary-key
order, so exchanges crossing in both directions never deadlock; the exchange row is locked next, so a second
acceptance waits and then finds it accepted."""

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership, Outlet, OutletKind
from simpul.core.audit import audit_record
from simpul.core.exceptions import ApplicationError, NotFoundError
from simpul.core.lengths import refuse_too_long
from simpul.core.models import User
from simpul.core.money import quantize
from simpul.mart import error_codes
from simpul.mart.models import ExchangeStatus, MartSupplier, PaymentMethod, Product, StapleExchange, StockLevel
from simpul.mart.models.catalog import Staple
from simpul.mart.purchasing.services.receipts import ReceiptLineInput, goods_receipt_record
from simpul.mart.purchasing.services.suppliers import supplier_create
from simpul.mart.sales.services import sale_record
from simpul.mart.stock.inputs import cost_of, plain, quantity_of

ALREADY_DECIDED = "exchange_decided"
NOT_IN_NETWORK = "exchange_not_in_network"
CLIENT_NAMESPACE = uuid.UUID("5b0f3c1e-6d0a-4c43-9f7e-1a2b3c4d5e6f")


def shared_network(buyer_id: int, seller_id: int) -> bool:
    """Both cooperatives are active members of one network (one query)."""
    networks = NetworkMembership.objects.filter(cooperative_id=buyer_id, status=MembershipStatus.ACTIVE).values(
        "network_id"
    )
    return NetworkMembership.objects.filter(
        cooperative_id=seller_id, status=MembershipStatus.ACTIVE, network_id__in=networks
    ).exists()


def mart_outlets(cooperative_id: int) -> list[Outlet]:
    return list(
        Outlet.objects.filter(cooperative_id=cooperative_id, is_active=True, kind=OutletKind.MART).order_by("pk")
    )


def _number(value: Any, *, field: str, label: str) -> Decimal:
    """A number as typed (100.000 or 1.500,50 are read as Rupiah by the form's amount field before this)."""
    try:
        number = Decimal(str(value).strip().replace(" ", "")) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise ApplicationError(
            _("%(label)s must be a number, for example 25 or 12500.") % {"label": label},
            code=error_codes.INVALID_QUANTITY if field == "quantity" else error_codes.INVALID_PRICE,
            extra={"field": field},
        )
    return number


def held_by(seller_id: int, staple: str, unit: str) -> Decimal:
    """What the seller holds of the staple in that unit, all its open mart outlets together."""
    total = StockLevel.objects.filter(
        cooperative_id=seller_id,
        product__staple=staple,
        product__base_unit=unit,
        product__is_active=True,
        outlet__is_active=True,
        quantity__gt=0,
    ).aggregate(total=Sum("quantity"))["total"]
    return total or Decimal(0)


def _too_much(quantity: Decimal, held: Decimal, unit: str) -> ApplicationError:
    return ApplicationError(
        _("The seller holds only %(held)s %(unit)s: ask for at most that.")
        % {"held": plain(held) if held > 0 else 0, "unit": unit},
        code=error_codes.INSUFFICIENT_STOCK,
        extra={"field": "quantity"},
    )


def _changes(exchange: StapleExchange, **changes: Any) -> dict[str, Any]:
    return {
        "number": exchange.number,
        "buyer": exchange.cooperative.name,
        "seller": exchange.seller.name,
        "staple": exchange.staple,
        "unit": exchange.unit,
        **changes,
    }


def _sides(exchange: StapleExchange) -> tuple[Cooperative, Cooperative]:
    """Each event is written once in each cooperative's trail: each reads its own."""
    return exchange.cooperative, exchange.seller


@transaction.atomic
def exchange_request(
    *,
    cooperative: Cooperative,
    actor: User,
    seller_id: Any,
    product_id: Any,
    quantity: Any,
    unit_price: Any,
    outlet_id: Any = None,
    note: str = "",
    ip_address: str | None = None,
) -> StapleExchange:
    """The buyer's manager asks a member mart of its networks for `quantity` base units of the staple its product
    `product_id` is, at `unit_price` per base unit, into `outlet_id` (its first mart outlet by default)."""
    try:
        seller = Cooperative.objects.get(pk=int(seller_id))
    except (Cooperative.DoesNotExist, TypeError, ValueError):
        raise NotFoundError.plain() from None
    if seller.pk == cooperative.pk or not shared_network(cooperative.pk, seller.pk) or not mart_outlets(seller.pk):
        raise NotFoundError.plain()
    outlets = mart_outlets(cooperative.pk)
    if outlet_id not in (None, ""):
        outlets = [o for o in outlets if str(o.pk) == str(outlet_id).strip()]
    if not outlets:
        raise ApplicationError(
            _("Open a Koperasi Mart outlet before asking another cooperative for staples."),
            code=error_codes.INVALID_OUTLET,
            extra={"field": "outlet_id"},
        )
    try:
        product = Product.objects.get(cooperative=cooperative, pk=int(product_id), is_active=True)
    except (Product.DoesNotExist, TypeError, ValueError):
        raise ApplicationError(
            _("Choose one of the mart's own staples."), code=error_codes.UNKNOWN_PRODUCT, extra={"field": "product_id"}
        ) from None
    if product.staple not in Staple.values or not product.staple:
        raise ApplicationError(
            _("%(product)s is not a regulated staple.") % {"product": product.name},
            code=error_codes.INVALID_STAPLE,
            extra={"field": "product_id"},
        )
    amount = quantity_of(_number(quantity, field="quantity", label=_("The quantity")), product=product)
    price = cost_of(_number(unit_price, field="unit_price", label=_("The price per unit")), field="unit_price")
    if price <= 0:
        raise ApplicationError(
            _("The price per unit must be more than Rp0."),
            code=error_codes.INVALID_PRICE,
            extra={"field": "unit_price"},
        )
    held = held_by(seller.pk, product.staple, product.base_unit)
    if amount > held:
        raise _too_much(amount, held, product.base_unit)
    note = refuse_too_long(" ".join((note or "").split()), max_length=255, field="note", label=_("Note"))
    exchange = StapleExchange.objects.create(
        cooperative=cooperative,
        seller=seller,
        staple=product.staple,
        buyer_product=product,
        buyer_outlet=outlets[0],
        quantity=amount,
        unit=product.base_unit,
        unit_price=price,
        note=note,
        requested_by=actor,
    )
    changes = _changes(exchange, quantity=str(amount), unit_price=str(price), note=note)
    for side in _sides(exchange):
        audit_record(
            actor=actor,
            event="mart.exchange_requested",
            target=exchange,
            cooperative=side,
            changes=changes,
            ip_address=ip_address,
        )
    return exchange


def _locked(cooperative: Cooperative, exchange_id: Any) -> StapleExchange:
    """The exchange asked of this (selling) cooperative, locked after both cooperatives' rows; 404 otherwise."""
    try:
        pk = int(exchange_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    found = StapleExchange.objects.filter(seller=cooperative, pk=pk).values_list("cooperative_id", flat=True).first()
    if found is None:
        raise NotFoundError.plain()
    list(Cooperative.objects.select_for_update(no_key=True).filter(pk__in=[found, cooperative.pk]).order_by("pk"))
    exchange = StapleExchange.objects.select_for_update().select_related("cooperative", "seller").get(pk=pk)
    if exchange.status != ExchangeStatus.REQUESTED:
        message = (
            _("This request was already accepted.")
            if exchange.status == ExchangeStatus.ACCEPTED
            else _("This request was already refused.")
        )
        raise ApplicationError(message, code=ALREADY_DECIDED)
    return exchange


def _seller_stock(exchange: StapleExchange, quantity: Decimal) -> StockLevel:
    """The seller's open mart outlet and product of the staple with the most on hand; it must cover the quantity."""
    levels = (
        StockLevel.objects.filter(
            cooperative=exchange.seller,
            product__staple=exchange.staple,
            product__base_unit=exchange.unit,
            product__is_active=True,
            outlet__is_active=True,
            outlet__kind=OutletKind.MART,
        )
        .select_related("product", "outlet")
        .order_by("-quantity", "pk")
    )
    best = levels.first()
    if best is None or best.quantity < quantity:
        raise ApplicationError(
            _("No outlet holds %(quantity)s %(unit)s: at most %(held)s in one outlet. Send fewer.")
            % {
                "quantity": plain(quantity),
                "unit": exchange.unit,
                "held": plain(best.quantity) if best is not None and best.quantity > 0 else 0,
            },
            code=error_codes.INSUFFICIENT_STOCK,
            extra={"field": "quantity"},
        )
    return best


def _buyer_supplier(exchange: StapleExchange) -> MartSupplier:
    """The buyer's supplier row for the seller: the one earlier exchanges used, else by name, else a new one."""
    earlier = (
        StapleExchange.objects.filter(cooperative=exchange.cooperative, seller=exchange.seller, supplier__isnull=False)
        .order_by("-pk")
        .values_list("supplier_id", flat=True)
        .first()
    )
    if earlier is not None:
        return MartSupplier.objects.get(cooperative=exchange.cooperative, pk=earlier)
    named = MartSupplier.objects.filter(cooperative=exchange.cooperative, name__iexact=exchange.seller.name).first()
    if named is not None:
        return named
    return supplier_create(
        cooperative=exchange.cooperative,
        actor=exchange.requested_by,
        data={"name": exchange.seller.name, "phone": exchange.seller.phone or "", "address": ""},
    )


@transaction.atomic
def exchange_accept(
    *,
    cooperative: Cooperative,
    actor: User,
    exchange_id: Any,
    quantity: Any = None,
    ip_address: str | None = None,
) -> StapleExchange:
    """The seller's manager sends the staple (`quantity` may lower what was asked): the seller's sale and the buyer's
    goods receipt, both at the agreed price, in this one transaction."""
    exchange = _locked(cooperative, exchange_id)
    buyer = exchange.cooperative
    if not shared_network(buyer.pk, cooperative.pk):
        raise ApplicationError(
            _("The two cooperatives no longer share a network."), code=NOT_IN_NETWORK, extra={"field": "quantity"}
        )
    product = Product.objects.filter(pk=exchange.buyer_product_id, is_active=True).first()
    outlet = Outlet.objects.filter(pk=exchange.buyer_outlet_id, is_active=True).first()
    if product is None or outlet is None:
        raise ApplicationError(
            _("The buyer's product or outlet is closed: the request can only be refused."),
            code=error_codes.PRODUCT_RETIRED,
            extra={"field": "quantity"},
        )
    amount = exchange.quantity
    if quantity not in (None, ""):
        amount = quantity_of(_number(quantity, field="quantity", label=_("The quantity")), product=product)
        if amount > exchange.quantity:
            raise ApplicationError(
                _("Send at most the %(asked)s %(unit)s asked for.")
                % {"asked": plain(exchange.quantity), "unit": exchange.unit},
                code=error_codes.INVALID_QUANTITY,
                extra={"field": "quantity"},
            )
    level = _seller_stock(exchange, amount)
    total = quantize(amount * exchange.unit_price)
    sold = sale_record(
        cooperative=cooperative,
        actor=actor,
        outlet_id=level.outlet_id,
        client_id=uuid.uuid5(CLIENT_NAMESPACE, f"exchange:{exchange.pk}"),
        lines=[{"product_id": level.product_id, "quantity": str(amount), "unit_price": str(exchange.unit_price)}],
        payments=[{"method": PaymentMethod.RECEIVABLE, "amount": str(total), "reference": exchange.number}],
        ip_address=ip_address,
        agreed=True,
    )
    supplier = _buyer_supplier(exchange)
    receipt = goods_receipt_record(
        cooperative=buyer,
        actor=exchange.requested_by,
        outlet_id=outlet.pk,
        supplier_id=supplier.pk,
        lines=[ReceiptLineInput(product_id=product.pk, quantity=str(amount), unit_cost=str(exchange.unit_price))],
        delivery_note=f"{exchange.number} {sold.sale.number}"[:80],
        ip_address=ip_address,
    )
    exchange.status = ExchangeStatus.ACCEPTED
    exchange.accepted_quantity = amount
    exchange.seller_product_id = level.product_id
    exchange.seller_outlet_id = level.outlet_id
    exchange.sale = sold.sale
    exchange.supplier = supplier
    exchange.receipt = receipt
    exchange.decided_by = actor
    exchange.decided_at = timezone.now()
    exchange.save()
    changes = _changes(exchange, quantity=str(amount), total=str(total), sale=sold.sale.number, receipt=receipt.number)
    for side in _sides(exchange):
        audit_record(
            actor=actor,
            event="mart.exchange_accepted",
            target=exchange,
            cooperative=side,
            changes=changes,
            ip_address=ip_address,
        )
    return exchange


@transaction.atomic
def exchange_refuse(
    *, cooperative: Cooperative, actor: User, exchange_id: Any, reason: str, ip_address: str | None = None
) -> StapleExchange:
    """The seller's manager refuses, with the reason the buyer reads."""
    text = refuse_too_long(" ".join((reason or "").split()), max_length=255, field="reason", label=_("Reason"))
    if not text:
        raise ApplicationError(
            _("Write why the request is refused."), code=error_codes.REQUIRED, extra={"field": "reason"}
        )
    exchange = _locked(cooperative, exchange_id)
    exchange.status = ExchangeStatus.REFUSED
    exchange.refusal_reason = text
    exchange.decided_by = actor
    exchange.decided_at = timezone.now()
    exchange.save()
    for side in _sides(exchange):
        audit_record(
            actor=actor,
            event="mart.exchange_refused",
            target=exchange,
            cooperative=side,
            changes=_changes(exchange, reason=text),
            ip_address=ip_address,
        )
    return exchange


__all__ = ["exchange_accept", "exchange_refuse", "exchange_request", "held_by", "mart_outlets", "shared_network"]
