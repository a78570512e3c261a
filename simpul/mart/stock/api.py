"""The stock over the API: an outlet's stock list, a product's stock card, reorder suggestions, transfers and stock
counts. The same access as the pages: managers and supervisors read, only managers write; another cooperative's
outlet, product or count is 404."""

from decimal import Decimal

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.coops.models import Cooperative
from simpul.core.audit import client_ip
from simpul.core.models import User
from simpul.mart.models import StockCount, StockMove
from simpul.mart.stock.counts import stock_count_get, stock_count_line_record, stock_count_post, stock_count_start
from simpul.mart.stock.inputs import outlet_of, products_of
from simpul.mart.stock.reorder import reorder_suggestions
from simpul.mart.stock.schemas import (
    ReorderSuggestionOut,
    StockCountIn,
    StockCountLineIn,
    StockCountOut,
    StockMoveOut,
    StockRowOut,
    StockTransferIn,
    StockTransferOut,
    StockVarianceOut,
)
from simpul.mart.stock.selectors import count_variance, stock_card, stock_list
from simpul.mart.stock.transfers import stock_transfer_record

router = Router(tags=["mart-stock"])

ID = Query(..., ge=1, le=MAX_ID)
COUNT_ID = Path(..., ge=1, le=MAX_ID)


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get(
    "/cooperatives/{slug}/mart/stock",
    response=list[StockRowOut],
    summary="Stock of an outlet",
    description="Every product with its on-hand quantity, value, average cost and minimum at the outlet.",
)
def list_stock(request: HttpRequest, slug: str, outlet_id: int = ID, below_minimum: bool = False) -> list[StockRowOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    outlet = outlet_of(cooperative, outlet_id)
    return [
        StockRowOut(**row.__dict__, below_minimum=row.below_minimum)
        for row in stock_list(cooperative, outlet, below_minimum=below_minimum)
    ]


@router.get(
    "/cooperatives/{slug}/mart/stock/card",
    response=list[StockMoveOut],
    summary="Stock card",
    description="The product's moves at the outlet, newest first (the last 200); `document` names their cause.",
)
def get_stock_card(request: HttpRequest, slug: str, outlet_id: int = ID, product_id: int = ID) -> list[StockMove]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    outlet = outlet_of(cooperative, outlet_id)
    product = products_of(cooperative, [product_id])[product_id]
    return stock_card(cooperative, outlet, product)


@router.get(
    "/cooperatives/{slug}/mart/stock/reorder",
    response=list[ReorderSuggestionOut],
    summary="Reorder suggestions",
    description="Products to order: minimum + daily sales (28 days) × lead time × 2 − on hand, in the supplier's unit.",
)
def list_reorder(request: HttpRequest, slug: str, outlet_id: int = ID) -> list[ReorderSuggestionOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    outlet = outlet_of(cooperative, outlet_id)
    return [
        ReorderSuggestionOut(
            **{k: v for k, v in row.__dict__.items() if k in ReorderSuggestionOut.model_fields},
            below_minimum=row.below_minimum,
        )
        for row in reorder_suggestions(cooperative, outlet)
    ]


@router.post(
    "/cooperatives/{slug}/mart/stock/transfers",
    response={201: StockTransferOut},
    summary="Transfer stock between outlets",
    description="For managers. Out at average cost, in at the same value; more than on hand is refused.",
)
def create_transfer(request: HttpRequest, slug: str, payload: StockTransferIn) -> Status[StockTransferOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    transfer = stock_transfer_record(
        cooperative=cooperative,
        actor=user,
        from_outlet_id=payload.from_outlet_id,
        to_outlet_id=payload.to_outlet_id,
        lines=[(line.product_id, line.quantity) for line in payload.lines],
        note=payload.note,
        ip_address=client_ip(request),
    )
    value = sum(
        StockMove.objects.filter(
            cooperative=cooperative, document=f"transfer:{transfer.pk}", outlet_id=transfer.to_outlet_id
        ).values_list("value", flat=True),
        Decimal(0),
    )
    return Status(
        201,
        StockTransferOut(
            id=transfer.pk, from_outlet_id=transfer.from_outlet_id, to_outlet_id=transfer.to_outlet_id, value=value
        ),
    )


def _count_out(cooperative: Cooperative, count: StockCount) -> StockCountOut:
    return StockCountOut(
        id=count.pk,
        outlet_id=count.outlet_id,
        status=count.status,
        journal_entry=count.journal_entry.number if count.journal_entry else None,
        lines=[
            StockVarianceOut(
                product_id=row.product_id,
                name=row.name,
                expected=row.expected,
                counted=row.counted,
                difference=row.difference,
                value=row.value,
            )
            for row in count_variance(cooperative, count)
        ],
    )


@router.post(
    "/cooperatives/{slug}/mart/stock/counts",
    response={201: StockCountOut},
    summary="Start a stock count",
    description="For managers. One open count per outlet.",
)
def start_count(request: HttpRequest, slug: str, payload: StockCountIn) -> Status[StockCountOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    count = stock_count_start(
        cooperative=cooperative,
        actor=user,
        outlet_id=payload.outlet_id,
        note=payload.note,
        ip_address=client_ip(request),
    )
    return Status(201, _count_out(cooperative, count))


@router.get(
    "/cooperatives/{slug}/mart/stock/counts/{count_id}",
    response=StockCountOut,
    summary="A stock count and its variance",
)
def get_count(request: HttpRequest, slug: str, count_id: int = COUNT_ID) -> StockCountOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return _count_out(cooperative, stock_count_get(cooperative, count_id))


@router.post(
    "/cooperatives/{slug}/mart/stock/counts/{count_id}/lines",
    response=StockCountOut,
    summary="Count a product",
    description="For managers. By product id or a scanned code; counting it again replaces the earlier count.",
)
def count_line(request: HttpRequest, slug: str, payload: StockCountLineIn, count_id: int = COUNT_ID) -> StockCountOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    stock_count_line_record(
        cooperative=cooperative,
        actor=user,
        count_id=count_id,
        product_id=payload.product_id,
        code=payload.code,
        counted=payload.counted,
        ip_address=client_ip(request),
    )
    return _count_out(cooperative, stock_count_get(cooperative, count_id))


@router.post(
    "/cooperatives/{slug}/mart/stock/counts/{count_id}/post",
    response=StockCountOut,
    summary="Post a stock count",
    description="For managers. Stock of the counted products is set to the counts; the value goes to 5105.",
)
def post_count(request: HttpRequest, slug: str, count_id: int = COUNT_ID) -> StockCountOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    count = stock_count_post(cooperative=cooperative, actor=user, count_id=count_id, ip_address=client_ip(request))
    return _count_out(cooperative, stock_count_get(cooperative, count.pk))
