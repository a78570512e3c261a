"""Schemas of the stock API."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema

QUANTITY = Field(..., max_length=20, description='In the base unit, as text: "12" or "1.5" (kg)')


class StockRowOut(Schema):
    product_id: int
    name: str
    sku: str
    unit: str
    quantity: Decimal
    value: Decimal
    average_cost: Decimal
    min_stock: Decimal
    below_minimum: bool


class StockMoveOut(Schema):
    id: int
    kind: str
    quantity: Decimal
    value: Decimal
    unit_cost: Decimal
    quantity_after: Decimal
    value_after: Decimal
    document: str
    note: str
    created_at: datetime.datetime


class ReorderSuggestionOut(Schema):
    product_id: int
    name: str
    on_hand: Decimal
    min_stock: Decimal
    daily: Decimal
    lead_time_days: int
    needed: Decimal
    supplier_id: int | None
    supplier_name: str
    unit_id: int | None
    unit_name: str
    quantity: Decimal
    unit_cost: Decimal
    below_minimum: bool


class StockItemIn(InputSchema):
    product_id: int = Field(..., ge=1)
    quantity: str = QUANTITY


class StockTransferIn(InputSchema):
    from_outlet_id: int = Field(..., ge=1)
    to_outlet_id: int = Field(..., ge=1)
    lines: list[StockItemIn] = Field(..., min_length=1, max_length=500)
    note: str = Field("", max_length=255)


class StockTransferOut(Schema):
    id: int
    from_outlet_id: int
    to_outlet_id: int
    value: Decimal


class StockCountIn(InputSchema):
    outlet_id: int = Field(..., ge=1)
    note: str = Field("", max_length=255)


class StockCountLineIn(InputSchema):
    product_id: int | None = Field(None, ge=1, description="The product, or leave out and send code")
    code: str = Field("", max_length=40, description="A scanned barcode or the SKU")
    counted: str = Field(..., max_length=20, description="On the shelf, in the base unit, as text")


class StockVarianceOut(Schema):
    product_id: int
    name: str
    expected: Decimal
    counted: Decimal
    difference: Decimal
    value: Decimal


class StockCountOut(Schema):
    id: int
    outlet_id: int
    status: str
    journal_entry: int | None
    lines: list[StockVarianceOut]
