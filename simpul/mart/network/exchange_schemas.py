"""Schemas of the staple exchange's API (simpul/mart/network/api.py)."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema
from simpul.core.money import MoneyIn


class ExchangeOut(Schema):
    id: int
    number: str
    direction: str = Field(..., description="`incoming`: asked of this cooperative; `outgoing`: asked by it")
    buyer: str
    seller: str
    staple: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    status: str
    accepted_quantity: Decimal
    refusal_reason: str
    sale_number: str | None = Field(None, description="The seller's sale, once accepted")
    receipt_number: str | None = Field(None, description="The buyer's goods receipt, once accepted")
    created_at: datetime.datetime


class ExchangeRequestIn(InputSchema):
    seller_id: int = Field(..., ge=1, le=2**31 - 1, description="The member mart asked (a cooperative's id)")
    product_id: int = Field(..., ge=1, le=2**31 - 1, description="The buyer's own product of the staple")
    quantity: Decimal = Field(..., description="Base units of the product")
    unit_price: MoneyIn
    outlet_id: int | None = Field(None, ge=1, le=2**31 - 1)
    note: str = Field("", max_length=255)


class ExchangeAcceptIn(InputSchema):
    quantity: Decimal | None = Field(None, description="Fewer than asked; omit to send what was asked")


class ExchangeRefuseIn(InputSchema):
    reason: str = Field(..., max_length=255)
