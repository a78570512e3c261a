"""Purchasing over the API: suppliers, purchase orders and their status, goods receipts, supplier invoices, payments
and returns. The same access as the pages: managers and supervisors read, only managers write; another
cooperative's supplier, order, outlet or product is 404."""

from django.http import HttpRequest
from ninja import Path, Router
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.coops.models import Cooperative
from simpul.core.audit import client_ip
from simpul.core.models import User
from simpul.mart.models import GoodsReceipt, MartSupplier
from simpul.mart.purchasing.schemas import (
    GoodsReceiptIn,
    GoodsReceiptLineOut,
    GoodsReceiptOut,
    MartSupplierIn,
    MartSupplierOut,
    PurchaseOrderIn,
    PurchaseOrderLineOut,
    PurchaseOrderOut,
    PurchaseOrderTransitionIn,
    SupplierInvoiceIn,
    SupplierInvoiceOut,
    SupplierPaymentIn,
    SupplierPaymentOut,
    SupplierReturnIn,
    SupplierReturnOut,
)
from simpul.mart.purchasing.selectors import goods_receipt_detail, purchase_order_detail, suppliers
from simpul.mart.purchasing.services import (
    OrderLineInput,
    ReceiptLineInput,
    goods_receipt_record,
    purchase_order_create,
    purchase_order_transition,
    supplier_create,
    supplier_get,
    supplier_invoice_record,
    supplier_payment_record,
    supplier_return_record,
)

router = Router(tags=["mart-purchasing"])

ORDER_ID = Path(..., ge=1, le=MAX_ID)
SUPPLIER_ID = Path(..., ge=1, le=MAX_ID)


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get(
    "/cooperatives/{slug}/mart/suppliers",
    response=list[MartSupplierOut],
    summary="The mart's suppliers",
    description="Each with what the mart owes it (the payables subledger per supplier).",
)
def list_suppliers(request: HttpRequest, slug: str) -> list[MartSupplier]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return list(suppliers(cooperative)[:1000])


@router.post(
    "/cooperatives/{slug}/mart/suppliers",
    response={201: MartSupplierOut},
    summary="Add a supplier",
    description="For managers. Names are unique in the cooperative (duplicate_supplier).",
)
def create_supplier(request: HttpRequest, slug: str, payload: MartSupplierIn) -> Status[MartSupplier]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    supplier = supplier_create(
        cooperative=cooperative, actor=user, data=payload.model_dump(), ip_address=client_ip(request)
    )
    return Status(201, supplier)


def _order_out(cooperative: Cooperative, order_id: int) -> PurchaseOrderOut:
    order, lines = purchase_order_detail(cooperative, order_id)
    return PurchaseOrderOut(
        id=order.pk,
        number=order.number,
        status=order.status,
        outlet_id=order.outlet_id,
        supplier_id=order.supplier_id,
        expected_on=order.expected_on,
        lines=[
            PurchaseOrderLineOut(
                id=row.line.pk,
                product_id=row.line.product_id,
                unit_id=row.line.unit_id,
                quantity=row.line.quantity,
                unit_cost=row.line.unit_cost,
                received=row.line.received,
                short=row.short,
            )
            for row in lines
        ],
    )


@router.post(
    "/cooperatives/{slug}/mart/purchase-orders",
    response={201: PurchaseOrderOut},
    summary="Draw up a purchase order",
    description="For managers. A draft to one supplier for one outlet, quantities in a unit of each product.",
)
def create_order(request: HttpRequest, slug: str, payload: PurchaseOrderIn) -> Status[PurchaseOrderOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    order = purchase_order_create(
        cooperative=cooperative,
        actor=user,
        outlet_id=payload.outlet_id,
        supplier_id=payload.supplier_id,
        lines=[
            OrderLineInput(product_id=x.product_id, unit_id=x.unit_id, quantity=x.quantity, unit_cost=x.unit_cost)
            for x in payload.lines
        ],
        expected_on=payload.expected_on,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return Status(201, _order_out(cooperative, order.pk))


@router.get(
    "/cooperatives/{slug}/mart/purchase-orders/{order_id}",
    response=PurchaseOrderOut,
    summary="A purchase order",
    description="Its lines with what was received and what is still short.",
)
def get_order(request: HttpRequest, slug: str, order_id: int = ORDER_ID) -> PurchaseOrderOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return _order_out(cooperative, order_id)


@router.post(
    "/cooperatives/{slug}/mart/purchase-orders/{order_id}/transition",
    response=PurchaseOrderOut,
    summary="Send or cancel a purchase order",
    description="For managers. draft → sent; draft, sent or partly received → cancelled (invalid_status otherwise).",
)
def transition_order(
    request: HttpRequest, slug: str, payload: PurchaseOrderTransitionIn, order_id: int = ORDER_ID
) -> PurchaseOrderOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    purchase_order_transition(
        cooperative=cooperative, actor=user, order_id=order_id, to_status=payload.status, ip_address=client_ip(request)
    )
    return _order_out(cooperative, order_id)


def _receipt_out(cooperative: Cooperative, receipt: GoodsReceipt) -> GoodsReceiptOut:
    receipt, lines = goods_receipt_detail(cooperative, receipt.pk)
    return GoodsReceiptOut(
        id=receipt.pk,
        number=receipt.number,
        supplier_id=receipt.supplier_id,
        order_id=receipt.order_id,
        total=receipt.total,
        journal_entry=receipt.journal_entry.number,
        lines=[
            GoodsReceiptLineOut(
                product_id=line.product_id,
                unit_id=line.unit_id,
                quantity=line.quantity,
                damaged=line.damaged,
                unit_cost=line.unit_cost,
                total=line.total,
            )
            for line in lines
        ],
    )


@router.post(
    "/cooperatives/{slug}/mart/goods-receipts",
    response={201: GoodsReceiptOut},
    summary="Receive goods",
    description=(
        "For managers. Against an order (order_id and its line ids) or without one (supplier_id and products). Good "
        "units enter stock at price per unit / the unit's factor, damaged units are noted; Dr 1302 / Cr 2104."
    ),
)
def create_receipt(request: HttpRequest, slug: str, payload: GoodsReceiptIn) -> Status[GoodsReceiptOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    receipt = goods_receipt_record(
        cooperative=cooperative,
        actor=user,
        outlet_id=payload.outlet_id,
        supplier_id=payload.supplier_id,
        order_id=payload.order_id,
        lines=[
            ReceiptLineInput(
                order_line_id=x.order_line_id,
                product_id=x.product_id,
                unit_id=x.unit_id,
                quantity=x.quantity,
                damaged=x.damaged,
                unit_cost=x.unit_cost,
            )
            for x in payload.lines
        ],
        delivery_note=payload.delivery_note,
        ip_address=client_ip(request),
    )
    return Status(201, _receipt_out(cooperative, receipt))


@router.post(
    "/cooperatives/{slug}/mart/suppliers/{supplier_id}/invoices",
    response={201: SupplierInvoiceOut},
    summary="Record a supplier's invoice",
    description="For managers. Matched to the goods receipts it bills; it posts nothing (the receipts did).",
)
def create_invoice(
    request: HttpRequest, slug: str, payload: SupplierInvoiceIn, supplier_id: int = SUPPLIER_ID
) -> Status[SupplierInvoiceOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    invoice = supplier_invoice_record(
        cooperative=cooperative,
        actor=user,
        supplier_id=supplier_id,
        number=payload.number,
        date=payload.date,
        due_on=payload.due_on,
        amount=payload.amount,
        receipt_ids=payload.receipt_ids,
        ip_address=client_ip(request),
    )
    return Status(
        201,
        SupplierInvoiceOut(
            id=invoice.pk,
            number=invoice.number,
            date=invoice.date,
            due_on=invoice.due_on,
            amount=invoice.amount,
            paid=invoice.paid,
        ),
    )


@router.post(
    "/cooperatives/{slug}/mart/suppliers/{supplier_id}/payments",
    response={201: SupplierPaymentOut},
    summary="Pay a supplier",
    description="For managers. From cash (1101) or the bank (1102): Dr 2104 / Cr the account; not more than owed.",
)
def create_payment(
    request: HttpRequest, slug: str, payload: SupplierPaymentIn, supplier_id: int = SUPPLIER_ID
) -> Status[SupplierPaymentOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    payment = supplier_payment_record(
        cooperative=cooperative,
        actor=user,
        supplier_id=supplier_id,
        amount=payload.amount,
        from_account=payload.from_account,
        date=payload.date,
        invoice_id=payload.invoice_id,
        ip_address=client_ip(request),
    )
    return Status(
        201,
        SupplierPaymentOut(
            id=payment.pk,
            amount=payment.amount,
            from_account=payment.from_account,
            date=payment.date,
            journal_entry=payment.journal_entry.number,
            supplier_balance=supplier_get(cooperative, supplier_id).balance,
        ),
    )


@router.post(
    "/cooperatives/{slug}/mart/suppliers/{supplier_id}/returns",
    response={201: SupplierReturnOut},
    summary="Return goods to a supplier",
    description="For managers. Out of stock at average cost (not more than on hand): Dr 2104 / Cr 1302.",
)
def create_return(
    request: HttpRequest, slug: str, payload: SupplierReturnIn, supplier_id: int = SUPPLIER_ID
) -> Status[SupplierReturnOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    returned = supplier_return_record(
        cooperative=cooperative,
        actor=user,
        outlet_id=payload.outlet_id,
        supplier_id=supplier_id,
        reason=payload.reason,
        lines=[(x.product_id, x.quantity) for x in payload.lines],
        ip_address=client_ip(request),
    )
    return Status(
        201,
        SupplierReturnOut(
            id=returned.pk,
            total=returned.total,
            journal_entry=returned.journal_entry.number,
            supplier_balance=supplier_get(cooperative, supplier_id).balance,
        ),
    )
