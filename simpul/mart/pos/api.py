"""The till's snapshot: what the POS page keeps in IndexedDB to sell with the network cut."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from simpul.api_public import MAX_ID
from simpul.coops.access import access_cooperative
from simpul.coops.models import RoleKind
from simpul.core.models import User
from simpul.mart.pos.selectors import pos_outlet_get, pos_snapshot

router = Router(tags=["mart-pos"])

TILL_ROLES = frozenset({RoleKind.MANAGER, RoleKind.CASHIER})


class SnapshotQuery(Schema):
    outlet: int | None = Field(None, ge=1, le=MAX_ID, description="The outlet; may be left out when there is one")


class SnapshotUnit(Schema):
    id: int
    name: str
    factor: str
    price: str


class SnapshotBarcode(Schema):
    code: str
    unit: int | None


class SnapshotProduct(Schema):
    id: int
    sku: str
    name: str
    unit: str
    fractional: bool
    price: str
    member_price: str
    taxed: bool
    het: str | None
    stock: str
    units: list[SnapshotUnit]
    barcodes: list[SnapshotBarcode]


class SnapshotMember(Schema):
    id: int
    number: str
    name: str
    phone: str = Field(..., description="The last four digits only")


class SnapshotOutlet(Schema):
    id: int
    name: str


class SnapshotSettings(Schema):
    max_line_discount_percent: str
    max_sale_discount_percent: str
    qris: str = Field(..., description="The cooperative's static QRIS payload ('' without one)")
    receipt_footer: str


class SnapshotShift(Schema):
    id: int
    opened_at: datetime.datetime


class SnapshotOut(Schema):
    cooperative: str
    outlet: SnapshotOutlet
    shift: SnapshotShift | None = Field(
        ..., description="The cashier's open shift at the outlet; each sale of the outbox names it (none: none open)"
    )
    settings: SnapshotSettings
    products: list[SnapshotProduct]
    members: list[SnapshotMember]


@router.get(
    "/cooperatives/{slug}/mart/pos/snapshot",
    response=SnapshotOut,
    summary="The till's snapshot of an outlet",
    description="Products (prices, member price, units, barcodes, stock, HET) and members (number, name, the last "
    "digits of the phone; never the NIK), for the POS page to sell offline. Managers and cashiers.",
)
def snapshot(request: HttpRequest, slug: str, query: Query[SnapshotQuery]) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    cooperative, _role = access_cooperative(user, slug, TILL_ROLES)
    outlet = pos_outlet_get(cooperative, query.outlet)
    return pos_snapshot(cooperative, outlet, cashier=user)
