"""Schemas of the sale and sync API: a sale as the till sends it, the sale as recorded, and the sync batch."""

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from simpul.api_public import MAX_ID
from simpul.mart.models import PaymentMethod

SYNC_BATCH_MAX = 100


class TillInput(BaseModel):
    """What a till sends. Plain pydantic, not ninja's Schema: a synced batch validates a hundred sales and their lines,
    and Schema's wrapping validator (there to read ORM objects, which the till's schemas never are) doubled that
    cost. The answers to the till are plain pydantic for the same reason."""

    model_config = ConfigDict(extra="forbid")


DECIMAL_TEXT = r"^\d{1,16}(\.\d{1,3})?$"


class SaleLineIn(TillInput):
    product_id: int = Field(..., ge=1, le=MAX_ID)
    unit_id: int | None = Field(None, ge=1, le=MAX_ID, description="A packing (dus, karung); none: the base unit")
    quantity: str = Field(..., max_length=20, description='In the line\'s unit, as text ("2", "1.5")')
    unit_price: str | None = Field(
        None, max_length=20, description="The till's price (kept for an offline sale; the server's price online)"
    )
    discount: str | None = Field(None, max_length=20, description="Rupiah off this line")


class SalePaymentIn(TillInput):
    method: PaymentMethod
    amount: str = Field(..., max_length=20, description="Rupiah; for cash what was handed over (change comes back)")
    reference: str | None = Field(None, max_length=80)


class SaleIn(TillInput):
    client_id: uuid.UUID = Field(..., description="Made by the till for this sale; the same id again is a replay")
    outlet_id: int = Field(..., ge=1, le=MAX_ID)
    member_id: int | None = Field(None, ge=1, le=MAX_ID, description="The member buying (member prices)")
    shift_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="The shift the till sold it in (from its snapshot): an offline sale is its cashier's, whoever "
        "sends it; online the sender's open shift",
    )
    sold_at: datetime.datetime | None = Field(None, description="When the till sold it (offline sales; with zone)")
    discount: str | None = Field(None, max_length=20, description="Rupiah off the whole sale")
    lines: list[SaleLineIn] = Field(..., min_length=1, max_length=200)
    payments: list[SalePaymentIn] = Field(..., min_length=1, max_length=10)


class SaleLineOut(BaseModel):
    product_id: int
    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal
    total: Decimal


class SalePaymentOut(BaseModel):
    method: str
    amount: Decimal
    tendered: Decimal
    reference: str


class SaleOut(BaseModel):
    id: int
    client_id: uuid.UUID
    number: str
    outlet_id: int
    member_id: int | None
    sold_at: datetime.datetime
    business_date: datetime.date
    offline: bool
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    tax: Decimal
    paid: Decimal
    change: Decimal
    problems: list[str]
    replayed: bool = Field(False, description="True when this client id was already recorded (nothing new written)")
    lines: list[SaleLineOut]
    payments: list[SalePaymentOut]


class SyncIn(Schema):
    sales: list[Any] = Field(
        ...,
        description="Up to 100 sales (more: 400), each shaped as the body of POST …/mart/sales (with sold_at); a "
        "malformed one is answered 'rejected' on its own",
    )


class SyncResult(BaseModel):
    index: int = Field(..., description="The sale's position in the batch")
    client_id: str
    status: Literal["accepted", "duplicate", "accepted_with_problems", "rejected", "retry"] = Field(
        ...,
        description="accepted; duplicate (already had it); accepted_with_problems (kept, flagged for the manager); "
        "rejected (malformed: see message; the till may drop it); retry (the server could not record it now)",
    )
    number: str = ""
    message: str = ""
    problems: list[str] = []


class SyncOut(BaseModel):
    results: list[SyncResult]
