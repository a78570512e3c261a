"""Schemas of the catalog's API."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from simpul.coops.schemas import InputSchema
from simpul.core.money import NonNegativeMoneyIn
from simpul.mart.models import Product

PRICE_PATTERN = r"^\d{1,16}(\.\d{1,2})?$"
QUANTITY_PATTERN = r"^\d{1,11}(\.\d{1,3})?$"


class MartUnit(Schema):
    name: str = Field(..., min_length=1, max_length=20, description="dus, pak, karung …")
    factor: Decimal = Field(..., gt=0, max_digits=14, decimal_places=3, description="Base units in one pack")
    price: Decimal = Field(
        Decimal(0), ge=0, max_digits=18, decimal_places=2, description="The pack's own price; 0: factor × price"
    )


class MartBarcode(Schema):
    code: str = Field(..., min_length=1, max_length=32, description="EAN-13, EAN-8, UPC-A or the shop's own code")
    unit: str = Field("", max_length=20, description="The pack it is printed on; '' for the base unit")


class MartProductOut(Schema):
    id: int
    sku: str
    name: str
    category: str
    base_unit: str
    fractional: bool
    price: Decimal
    member_price: Decimal
    taxed: bool
    min_stock: Decimal
    staple: str
    het_reason: str
    producer_id: int | None
    producer_name: str
    standard_id: int | None
    is_active: bool
    units: list[MartUnit]
    barcodes: list[MartBarcode]

    @staticmethod
    def from_product(product: Product) -> "MartProductOut":
        units = {u.pk: u.name for u in product.units.all()}
        return MartProductOut(
            id=product.pk,
            sku=product.sku,
            name=product.name,
            category=product.category.name if product.category else "",
            base_unit=product.base_unit,
            fractional=product.fractional,
            price=product.price,
            member_price=product.member_price,
            taxed=product.taxed,
            min_stock=product.min_stock,
            staple=product.staple,
            het_reason=product.het_reason,
            producer_id=product.producer_id,
            producer_name=product.producer_name,
            standard_id=product.standard_id,
            is_active=product.is_active,
            units=[MartUnit(name=u.name, factor=u.factor, price=u.price) for u in product.units.all()],
            barcodes=[
                MartBarcode(code=b.code, unit=units.get(b.unit_id, "") if b.unit_id else "")
                for b in product.barcodes.all()
            ],
        )


class MartProductPage(Schema):
    items: list[MartProductOut]
    has_more: bool


class MartProductIn(InputSchema):
    sku: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=150)
    price: NonNegativeMoneyIn = Field(..., description="Per base unit, in Rupiah")
    member_price: NonNegativeMoneyIn | None = Field(None, description="Default: price")
    base_unit: str = Field("pcs", min_length=1, max_length=20)
    fractional: bool = False
    category: str = Field("", max_length=80, description="A category name; created when new")
    barcodes: list[MartBarcode] = Field(default_factory=list, max_length=20)
    units: list[MartUnit] = Field(default_factory=list, max_length=10)
    min_stock: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=3)
    taxed: bool = False
    staple: str = Field("", max_length=12, description="'', rice, cooking_oil, sugar or lpg")
    producer_id: int | None = Field(None, ge=1, le=2**31 - 1, description="A member of the cooperative")
    producer_name: str = Field("", max_length=150)
    het_reason: str = Field("", max_length=255, description="Needed when a price is above the HET")


class MartProductPatch(InputSchema):
    sku: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=150)
    price: NonNegativeMoneyIn | None = None
    member_price: NonNegativeMoneyIn | None = None
    base_unit: str | None = Field(None, min_length=1, max_length=20)
    fractional: bool | None = None
    category: str | None = Field(None, max_length=80)
    barcodes: list[MartBarcode] | None = Field(None, max_length=20, description="The whole list, replaced")
    units: list[MartUnit] | None = Field(None, max_length=10, description="The whole list, replaced")
    min_stock: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=3)
    taxed: bool | None = None
    staple: str | None = Field(None, max_length=12)
    producer_id: int | None = Field(None, ge=1, le=2**31 - 1)
    producer_name: str | None = Field(None, max_length=150)
    is_active: bool | None = Field(None, description="False retires the product (no longer sold)")
    het_reason: str | None = Field(None, max_length=255)


class MartCategoryOut(Schema):
    id: int
    name: str


class MartCategoryIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=80)


class MartHetOut(Schema):
    staple: str
    unit: str
    on: datetime.date
    het: Decimal | None = Field(None, description="None: no HET applies")


class MartAboveHetOut(Schema):
    product_id: int
    name: str
    staple: str
    unit: str
    price: Decimal
    member_price: Decimal
    het: Decimal | None
    reason: str
