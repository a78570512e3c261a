"""The till's API: one sale online (POST …/mart/sales) and the offline outbox's batches (POST …/mart/sync).

Managers and cashiers sell (a supervisor or a member gets 403; anyone without a role in the cooperative, and any
other cooperative's slug, 404). A sale carries the till's client id: sending it again returns the first recording.
"""

import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from simpul.coops.access import access_cooperative
from simpul.coops.models import RoleKind
from simpul.core.audit import client_ip
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.mart import error_codes
from simpul.mart.sales.schemas import (
    SYNC_BATCH_MAX,
    SaleIn,
    SaleLineOut,
    SaleOut,
    SalePaymentOut,
    SyncIn,
    SyncOut,
    SyncResult,
)
from simpul.mart.sales.services import SaleResult, sale_record
from simpul.mart.sales.sync import sale_arguments, sales_sync

router = Router(tags=["mart-sales"])

TILL_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def sale_out(result: SaleResult) -> SaleOut:
    """The till's answer: from what the recording kept in memory, or read back for a replayed sale."""
    sale = result.sale
    lines = result.lines
    if lines is None:
        lines = list(sale.lines.select_related("product", "unit").order_by("id"))
    payments = result.payments
    if payments is None:
        payments = list(sale.payments.order_by("id"))
    return SaleOut(
        id=sale.pk,
        client_id=sale.client_id if isinstance(sale.client_id, uuid.UUID) else uuid.UUID(str(sale.client_id)),
        number=sale.number,
        outlet_id=sale.outlet_id,
        member_id=sale.member_id,
        sold_at=sale.sold_at,
        business_date=sale.business_date,
        offline=sale.offline,
        subtotal=sale.subtotal,
        discount=sale.discount,
        total=sale.total,
        tax=sale.tax,
        paid=sale.paid,
        change=sale.change,
        problems=list(sale.problems),
        replayed=result.replayed,
        lines=[
            SaleLineOut(
                product_id=line.product_id,
                name=line.product.name,
                unit=line.unit.name if line.unit else line.product.base_unit,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount,
                total=line.total,
            )
            for line in lines
        ],
        payments=[
            SalePaymentOut(method=p.method, amount=p.amount, tendered=p.tendered, reference=p.reference)
            for p in payments
        ],
    )


@router.post(
    "/cooperatives/{slug}/mart/sales",
    response={200: SaleOut, 201: SaleOut},
    summary="Record a sale at the till",
    description="Online: the server's prices, stock on hand, the cashier's open shift and the manager's limits "
    "apply; a refusal records nothing. The same client_id again answers 200 with the first recording.",
)
def sale_create(request: HttpRequest, slug: str, payload: SaleIn) -> Status:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, TILL_ROLES)
    result = sale_record(
        cooperative=cooperative, actor=user, offline=False, ip_address=client_ip(request), **sale_arguments(payload)
    )
    return Status(200 if result.replayed else 201, sale_out(result))


@router.post(
    "/cooperatives/{slug}/mart/sync",
    response=SyncOut,
    summary="Send the till's offline sales",
    description="Up to 100 sales, each recorded in its own transaction and answered on its own: accepted, "
    "duplicate, accepted_with_problems (kept, flagged for the manager) or rejected (malformed, with its message). "
    "Replaying a batch adds nothing. More than 100 sales, or a body that is not JSON: 400.",
)
def sales_sync_batch(request: HttpRequest, slug: str, payload: SyncIn) -> SyncOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, TILL_ROLES)
    if len(payload.sales) > SYNC_BATCH_MAX:
        raise ApplicationError(
            _("A batch holds at most %(count)s sales: send the rest in the next batch.") % {"count": SYNC_BATCH_MAX},
            code=error_codes.SYNC_BATCH_TOO_LARGE,
            extra={"field": "sales"},
        )
    answers = sales_sync(cooperative=cooperative, actor=user, sales=payload.sales, ip_address=client_ip(request))
    return SyncOut(
        results=[
            SyncResult(
                index=a.index,
                client_id=a.client_id,
                status=a.status,  # type: ignore[arg-type]
                number=a.number,
                message=a.message,
                problems=a.problems,
            )
            for a in answers
        ]
    )
