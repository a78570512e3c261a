"""The catalog over the API: products (search, create, change, retire), categories, the HET of a staple and the
products above it. The same access as the pages: managers and supervisors read, only managers write; another
cooperative's product is 404."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, WRITE_ROLES, access_cooperative
from simpul.core.audit import client_ip
from simpul.core.models import User
from simpul.mart.catalog.schemas import (
    MartAboveHetOut,
    MartCategoryIn,
    MartCategoryOut,
    MartHetOut,
    MartProductIn,
    MartProductOut,
    MartProductPage,
    MartProductPatch,
)
from simpul.mart.catalog.selectors import category_list, het_for, product_get, product_search, products_above_het
from simpul.mart.catalog.services import category_create, product_create, product_update
from simpul.mart.models import Category

router = Router(tags=["mart-catalog"])

PRODUCT_ID = Path(..., ge=1, le=MAX_ID)
API_PAGE = 100


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get(
    "/cooperatives/{slug}/mart/products",
    response=MartProductPage,
    summary="The mart's products",
    description="Search by name, SKU or barcode (q), by category id, sold or retired; 100 a page.",
)
def list_products(
    request: HttpRequest,
    slug: str,
    q: str = Query("", max_length=100),
    category_id: int | None = Query(None, ge=1, le=MAX_ID),
    active: bool | None = None,
    page: int = Query(1, ge=1, le=10000),
) -> MartProductPage:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    start = (page - 1) * API_PAGE
    rows = list(product_search(cooperative, q=q, category_id=category_id, active=active)[start : start + API_PAGE + 1])
    items = [MartProductOut.from_product(p) for p in rows[:API_PAGE]]
    return MartProductPage(items=items, has_more=len(rows) > API_PAGE)


def _data(payload: MartProductIn | MartProductPatch) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True)
    # null leaves a field as it is, except where null means "none": the producer, the member price (= price)
    data = {k: v for k, v in data.items() if v is not None or k in ("producer_id", "member_price")}
    if "category" in data:
        data["category_name"] = data.pop("category") or ""
    if data.get("barcodes") is not None:
        data["barcodes"] = [(b["code"], b.get("unit", "")) for b in data["barcodes"]]
    if data.get("units") is not None:
        data["units"] = [(u["name"], u["factor"], u.get("price", 0)) for u in data["units"]]
    return data


@router.post(
    "/cooperatives/{slug}/mart/products",
    response={201: MartProductOut},
    summary="Add a product",
    description="For managers. A price above the HET of its staple is refused (above_het) without het_reason.",
)
def create_product(request: HttpRequest, slug: str, payload: MartProductIn) -> Status[MartProductOut]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    product = product_create(cooperative=cooperative, actor=user, ip_address=client_ip(request), **_data(payload))
    return Status(201, MartProductOut.from_product(product_get(cooperative, product.pk)))


@router.get("/cooperatives/{slug}/mart/products/{product_id}", response=MartProductOut, summary="A product")
def get_product(request: HttpRequest, slug: str, product_id: int = PRODUCT_ID) -> MartProductOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return MartProductOut.from_product(product_get(cooperative, product_id))


@router.patch(
    "/cooperatives/{slug}/mart/products/{product_id}",
    response=MartProductOut,
    summary="Change a product",
    description="For managers. Only the fields sent change; units and barcodes are replaced as whole lists.",
)
def update_product(
    request: HttpRequest, slug: str, payload: MartProductPatch, product_id: int = PRODUCT_ID
) -> MartProductOut:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    product_update(
        cooperative=cooperative, actor=user, product_id=product_id, data=_data(payload), ip_address=client_ip(request)
    )
    return MartProductOut.from_product(product_get(cooperative, product_id))


@router.get("/cooperatives/{slug}/mart/categories", response=list[MartCategoryOut], summary="Product categories")
def list_categories(request: HttpRequest, slug: str) -> list[Category]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return list(category_list(cooperative))


@router.post("/cooperatives/{slug}/mart/categories", response={201: MartCategoryOut}, summary="Add a product category")
def create_category(request: HttpRequest, slug: str, payload: MartCategoryIn) -> Status[Category]:
    user = _user(request)
    cooperative, _role = access_cooperative(user, slug, WRITE_ROLES)
    category = category_create(cooperative=cooperative, actor=user, name=payload.name, ip_address=client_ip(request))
    return Status(201, category)


@router.get(
    "/cooperatives/{slug}/mart/het",
    response=MartHetOut,
    summary="The HET of a staple",
    description="The lowest ceiling valid on the day in the cooperative's regency and province.",
)
def get_het(
    request: HttpRequest,
    slug: str,
    staple: str = Query(..., max_length=12),
    unit: str = Query("kg", max_length=20),
    on: datetime.date | None = None,
) -> MartHetOut:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    day = on or cooperative.today()
    return MartHetOut(staple=staple, unit=unit, on=day, het=het_for(cooperative, staple, unit, on=day))


@router.get(
    "/cooperatives/{slug}/mart/products-above-het",
    response=list[MartAboveHetOut],
    summary="Products priced above the HET",
)
def list_above_het(request: HttpRequest, slug: str) -> list[MartAboveHetOut]:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return [
        MartAboveHetOut(
            product_id=row.product.pk,
            name=row.product.name,
            staple=row.product.staple,
            unit=row.product.base_unit,
            price=row.product.price,
            member_price=row.product.member_price,
            het=row.het,
            reason=row.product.het_reason,
        )
        for row in products_above_het(cooperative)
    ]
