"""Schemas of the network standard's API."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema
from simpul.core.money import MoneyIn, NonNegativeMoneyIn


class StandardProductOut(Schema):
    id: int
    name: str
    barcode: str
    category: str
    base_unit: str
    fractional: bool
    recommended_price: Decimal
    staple: str


class StandardProductIn(InputSchema):
    id: int | None = Field(None, ge=1, le=2**31 - 1, description="Change this standard product; omit to add one")
    name: str = Field(..., min_length=1, max_length=150)
    barcode: str = Field("", max_length=32)
    category: str = Field("", max_length=80)
    base_unit: str = Field("pcs", min_length=1, max_length=20)
    fractional: bool = False
    recommended_price: NonNegativeMoneyIn
    staple: str = Field("", max_length=12, description="'', rice, cooking_oil, sugar or lpg")


class StandardChecklistsOut(Schema):
    opening: list[str]
    closing: list[str]


class StandardChecklistIn(InputSchema):
    phase: str = Field(..., max_length=8, description="opening or closing")
    texts: list[str] = Field(..., max_length=30, description="The checks in order (each at most 200 characters)")


class StandardHetOut(Schema):
    id: int
    region_code: str
    region: str
    staple: str
    unit: str
    price: Decimal
    valid_from: datetime.date


class StandardHetIn(InputSchema):
    region_code: str = Field(..., max_length=13, description="The network's province or a regency in it")
    staple: str = Field(..., max_length=12)
    unit: str = Field("kg", min_length=1, max_length=20)
    price: MoneyIn
    valid_from: datetime.date


class StandardOfferOut(Schema):
    network: str
    network_name: str
    products: int
    adopted: int


class StandardAdoptIn(InputSchema):
    network: str = Field(..., max_length=80, description="The network's slug")


class StandardAdoptionOut(Schema):
    created: list[str]
    linked: list[str]
    skipped: list[str]
