"""Schemas of the purchasing API."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema
from simpul.core.money import MoneyIn
from simpul.mart.stock.schemas import StockItemIn


class MartSupplierIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=150)
    phone: str = Field("", max_length=20)
    address: str = Field("", max_length=255)
    supplier_id: int | None = Field(None, ge=1, description="The platform supplier it is (Bulog, a distributor)")


class MartSupplierOut(Schema):
    id: int
    name: str
    phone: str
    address: str
    supplier_id: int | None = Field(None, description="The platform supplier it is linked to")
    balance: Decimal = Field(..., description="What the mart owes the supplier now")


class PurchaseOrderLineIn(InputSchema):
    product_id: int = Field(..., ge=1)
    unit_id: int | None = Field(None, ge=1, description="A packing of the product (dus); none: its base unit")
    quantity: str = Field(..., max_length=20, description='In that unit, as text ("2", "1.5")')
    unit_cost: MoneyIn = Field(..., description="Price per unit")


class PurchaseOrderIn(InputSchema):
    outlet_id: int = Field(..., ge=1)
    supplier_id: int = Field(..., ge=1)
    lines: list[PurchaseOrderLineIn] = Field(..., min_length=1, max_length=200)
    expected_on: datetime.date | None = None
    note: str = Field("", max_length=255)


class PurchaseOrderLineOut(Schema):
    id: int
    product_id: int
    unit_id: int | None
    quantity: Decimal
    unit_cost: Decimal
    received: Decimal
    short: Decimal


class PurchaseOrderOut(Schema):
    id: int
    number: str
    status: str
    outlet_id: int
    supplier_id: int
    expected_on: datetime.date | None
    lines: list[PurchaseOrderLineOut]


class PurchaseOrderTransitionIn(InputSchema):
    status: str = Field(..., max_length=16, description="sent or cancelled (receipts move it on)")


class GoodsReceiptLineIn(InputSchema):
    order_line_id: int | None = Field(None, ge=1, description="Against an order: its line (product, unit, price)")
    product_id: int | None = Field(None, ge=1, description="Without an order: the product")
    unit_id: int | None = Field(None, ge=1)
    quantity: str = Field(..., max_length=20, description="Good units, in the line's unit, as text")
    damaged: str = Field("0", max_length=20, description="Damaged units: noted, not stocked")
    unit_cost: MoneyIn | None = Field(None, description="Price per unit (against an order: the order's by default)")


class GoodsReceiptIn(InputSchema):
    outlet_id: int = Field(..., ge=1)
    order_id: int | None = Field(None, ge=1)
    supplier_id: int | None = Field(None, ge=1, description="Without an order")
    lines: list[GoodsReceiptLineIn] = Field(..., min_length=1, max_length=200)
    delivery_note: str = Field("", max_length=80)


class GoodsReceiptLineOut(Schema):
    product_id: int
    unit_id: int | None
    quantity: Decimal
    damaged: Decimal
    unit_cost: Decimal
    total: Decimal


class GoodsReceiptOut(Schema):
    id: int
    number: str
    supplier_id: int
    order_id: int | None
    total: Decimal
    journal_entry: int
    lines: list[GoodsReceiptLineOut]


class SupplierInvoiceIn(InputSchema):
    number: str = Field(..., min_length=1, max_length=60)
    date: datetime.date
    due_on: datetime.date | None = None
    amount: MoneyIn
    receipt_ids: list[int] = Field(default_factory=list, max_length=200)


class SupplierInvoiceOut(Schema):
    id: int
    number: str
    date: datetime.date
    due_on: datetime.date | None
    amount: Decimal
    paid: Decimal


class SupplierPaymentIn(InputSchema):
    amount: MoneyIn
    from_account: str = Field("1101", max_length=20, description="1101 cash or 1102 bank")
    date: datetime.date | None = None
    invoice_id: int | None = Field(None, ge=1)


class SupplierPaymentOut(Schema):
    id: int
    amount: Decimal
    from_account: str
    date: datetime.date
    journal_entry: int
    supplier_balance: Decimal


class SupplierReturnIn(InputSchema):
    outlet_id: int = Field(..., ge=1)
    reason: str = Field(..., min_length=1, max_length=255)
    lines: list[StockItemIn] = Field(..., min_length=1, max_length=200)


class SupplierReturnOut(Schema):
    id: int
    total: Decimal
    journal_entry: int
    supplier_balance: Decimal
