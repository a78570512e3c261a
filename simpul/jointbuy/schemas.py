"""Schemas of Belanja Bareng's API. Money and quantities go in as text ("10", "2.5") or, for money, whole numbers;
they come out as decimal strings, never floats. Texts are capped at their columns' lengths."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from simpul.api_public import MAX_ID
from simpul.coops.schemas import InputSchema
from simpul.core.money import MoneyIn, NonNegativeMoneyIn

MAX_CASES = 2_000_000_000  # a PositiveIntegerField's reach on every database

QUANTITY = Field(
    ..., max_length=20, description='Units of the item\'s unit, as text ("12", "2.5" where fractions sell)'
)


class JointbuyTierIn(InputSchema):
    min_cases: int = Field(..., ge=1, le=MAX_CASES, description="From this many cases in the round's total")
    max_cases: int | None = Field(None, ge=1, le=MAX_CASES, description="Up to this many; null: and more")
    price: MoneyIn = Field(..., description="Price per unit at this tier")


class JointbuyItemIn(InputSchema):
    supplier_id: int = Field(..., ge=1, le=MAX_ID, description="One of the round's suppliers")
    name: str = Field(..., min_length=1, max_length=150)
    supplier_code: str = Field("", max_length=40)
    standard_product_id: int | None = Field(None, ge=1, le=MAX_ID, description="The network's standard product")
    unit: str = Field("pcs", min_length=1, max_length=20)
    fractional: bool = Field(False, description="Sold in fractions of the unit (kg, litre)")
    case_size: str = Field(..., max_length=20, description='Units per case (isi per dus/karung), as text ("24")')
    min_cases: int = Field(1, ge=1, le=MAX_CASES, description="The supplier's minimum order, in cases")
    max_cases: int | None = Field(None, ge=1, le=MAX_CASES, description="The most the supplier can deliver")
    list_price: MoneyIn = Field(..., description="Price per unit a cooperative would pay buying alone")
    tiers: list[JointbuyTierIn] = Field(..., max_length=20, description="Volume prices on the round's total")


class JointbuySupplierIn(InputSchema):
    supplier_id: int = Field(..., ge=1, le=MAX_ID)
    agreement_id: int = Field(..., ge=1, le=MAX_ID, description="The network's agreement (MoU) with this supplier")


class JointbuyRoundIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=150)
    opens_at: datetime.datetime | None = Field(None, description="With its time zone; none: now")
    closes_at: datetime.datetime = Field(..., description="With its time zone; after the opening and in the future")
    delivery_mode: Literal["each", "hub"] = Field(..., description="To each cooperative, or to a hub")
    hub_address: str = Field("", max_length=255, description="Where cooperatives collect (delivery to a hub)")
    payment_terms: Literal["prepay", "deposit", "on_delivery"]
    deposit_percent: str = Field("0", max_length=8, description='With a deposit: its percentage, as text ("30")')
    payment_route: Literal["direct", "central"] = Field(
        ..., description="Each cooperative pays the supplier, or the coordinating cooperative pays and bills"
    )
    allocation_rule: Literal["proportional", "first_come"] = Field(
        "proportional", description="How short supply is shared"
    )
    default_limit: NonNegativeMoneyIn | None = Field(
        None, description="The most each cooperative's commitments may be worth; null: no limit"
    )
    suppliers: list[JointbuySupplierIn] = Field(..., min_length=1, max_length=20)
    items: list[JointbuyItemIn] = Field(..., max_length=200)


class JointbuyCancelIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=255)


class JointbuyCommitmentLineIn(InputSchema):
    item_id: int = Field(..., ge=1, le=MAX_ID)
    quantity: str = QUANTITY
    tolerance: str = Field("0", max_length=20, description="Up to this many more units, to fill a case")


class JointbuyCommitmentsIn(InputSchema):
    lines: list[JointbuyCommitmentLineIn] = Field(
        ..., min_length=1, max_length=200, description="Quantity 0 withdraws; items not named keep their commitment"
    )


class JointbuyConfirmIn(InputSchema):
    items: dict[str, int] = Field(
        default_factory=dict,
        description="Per item id the cases the supplier will deliver (at most those ordered); an item left out: all",
    )
    delivery_date: datetime.date


class JointbuyAgreementIn(InputSchema):
    supplier_id: int = Field(..., ge=1, le=MAX_ID)
    number: str = Field(..., min_length=1, max_length=100, description="The agreement's number, once per supplier")
    signed_on: datetime.date = Field(..., description="Not in the future")
    valid_until: datetime.date | None = Field(None, description="Not before it was signed; null: open-ended")
    scope: str = Field("", max_length=2000, description="What it covers")


class JointbuyAgreementOut(Schema):
    id: int
    supplier_id: int
    supplier: str
    number: str
    signed_on: datetime.date
    valid_until: datetime.date | None
    scope: str
    has_document: bool = Field(..., description="A signed document is kept (uploaded on the coordinator's page)")
    created_at: datetime.datetime


class JointbuyTierOut(Schema):
    min_cases: int
    max_cases: int | None
    price: Decimal


class JointbuyItemOut(Schema):
    id: int
    supplier_id: int
    name: str
    supplier_code: str
    unit: str
    fractional: bool
    case_size: Decimal
    min_cases: int
    max_cases: int | None
    list_price: Decimal
    status: str = Field(..., description="active, dropped (below the minimum) or ordered")
    tiers: list[JointbuyTierOut]
    cooperatives: int = Field(..., description="Cooperatives committed to it")
    committed: Decimal = Field(..., description="Units committed")
    cases: int = Field(..., description="Cases asked for (each commitment in whole cases, as the closing counts)")
    price: Decimal = Field(..., description="Price per unit at the tier reached (after closing: the round's price)")
    below_minimum: bool
    next_tier_price: Decimal | None
    cases_to_next: int | None = Field(..., description="Cases more to reach the next tier")
    ordered_cases: int
    confirmed_cases: int | None


class JointbuyEventOut(Schema):
    kind: str
    item_id: int | None
    details: dict[str, Any]
    created_at: datetime.datetime


class JointbuyRoundSupplierOut(Schema):
    supplier_id: int
    supplier: str
    agreement_id: int
    agreement_number: str
    order_id: int = Field(..., description="The purchase order's id (the supplier's API names it)")
    order_number: str = Field(..., description="Set when the round closes")
    confirmed_at: datetime.datetime | None
    delivery_date: datetime.date | None


class JointbuyRoundOut(Schema):
    id: int
    number: str
    title: str
    status: str
    network: str = Field(..., description="The network's slug")
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    closed_at: datetime.datetime | None
    delivery_mode: str
    payment_terms: str
    payment_route: str
    allocation_rule: str


class JointbuyRoundDetailOut(JointbuyRoundOut):
    hub_address: str
    deposit_percent: Decimal
    default_limit: Decimal | None
    suppliers: list[JointbuyRoundSupplierOut]
    items: list[JointbuyItemOut]
    events: list[JointbuyEventOut]


class JointbuyOwnLineOut(Schema):
    item_id: int
    quantity: Decimal
    tolerance: Decimal
    cases: int = Field(..., description="Whole cases its commitment makes")
    units: Decimal
    cost: Decimal = Field(..., description="At the round's price now")
    alone: Decimal = Field(..., description="The same units at the list price")
    saving: Decimal


class JointbuyAllocationOut(Schema):
    item_id: int
    wanted_cases: int
    cases: int
    reason: str = Field(..., description="Why fewer than wanted: below_minimum, capped, …")


class JointbuyMemberRoundOut(JointbuyRoundOut):
    hub_address: str
    deposit_percent: Decimal
    items: list[JointbuyItemOut]
    own: list[JointbuyOwnLineOut]
    cost: Decimal = Field(..., description="Its estimated cost at the round's price now")
    saving: Decimal = Field(..., description="Its estimated saving against buying alone")
    limit: Decimal | None = Field(..., description="The most its commitments may be worth; null: no limit")
    allocations: list[JointbuyAllocationOut] = Field(..., description="After closing: what it gets")


class JointbuyCommitmentOut(Schema):
    item_id: int
    quantity: Decimal
    tolerance: Decimal
    committed_at: datetime.datetime


class JointbuyOrderItemOut(Schema):
    id: int
    name: str
    supplier_code: str
    unit: str
    case_size: Decimal
    ordered_cases: int
    confirmed_cases: int | None
    price: Decimal = Field(..., description="Per unit, at the tier the round reached")
    total: Decimal = Field(..., description="Ordered cases × case size × price")


class JointbuyDeliveryOut(Schema):
    cooperative: str
    address: str
    item_id: int
    cases: int


class JointbuyOrderOut(Schema):
    id: int
    order_number: str
    round_id: int
    round_number: str
    round_title: str
    round_status: str
    network: str = Field(..., description="The network's name")
    ordered_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    delivery_date: datetime.date | None
    delivery_mode: str
    hub_address: str


class JointbuyOrderDetailOut(JointbuyOrderOut):
    items: list[JointbuyOrderItemOut]
    total: Decimal
    deliveries: list[JointbuyDeliveryOut] = Field(..., description="Each cooperative's cases, where they go")
