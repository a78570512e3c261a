"""What the mart's report endpoints answer (simpul/mart/reports/api.py)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class ReportFiguresOut(Schema):
    sales: Decimal = Field(..., description="What customers paid on completed sales, PPN included")
    returns: Decimal = Field(..., description="Refunds of returns made in the period")
    tax: Decimal = Field(..., description="PPN in the sales less the PPN in the returns (not the cooperative's income)")
    net: Decimal = Field(..., description="Sales less returns less PPN: what the margin is taken from")
    cost: Decimal = Field(..., description="Cost of goods sold, less the cost of returned goods")
    margin: Decimal
    margin_percent: Decimal | None
    count: int = Field(..., description="Completed sales (voided sales are not counted)")
    quantity: Decimal = Field(..., description="Base units sold less returned (per product only)")


class ReportGroupOut(Schema):
    key: str
    label: str
    figures: ReportFiguresOut


class MartSalesReportOut(Schema):
    start: dt.date
    end: dt.date
    outlet_id: int | None
    total: ReportFiguresOut
    days: list[ReportGroupOut]
    products: list[ReportGroupOut]
    categories: list[ReportGroupOut]
    cashiers: list[ReportGroupOut]
    outlets: list[ReportGroupOut]
    member_kinds: list[ReportGroupOut]


class OutletStockValueOut(Schema):
    outlet_id: int
    name: str
    products: int
    value: Decimal
    ages: dict[str, Decimal] = Field(..., description="Stock value by days since last received or sold")


class MartStockReportOut(Schema):
    total: OutletStockValueOut
    outlets: list[OutletStockValueOut]


class NetworkStapleHolderOut(Schema):
    cooperative: str
    phone: str
    staple: str
    quantity: Decimal
    unit: str
    nearness: str = Field(..., description="district, regency, province or network")


class NetworkMartRowOut(Schema):
    cooperative: str
    slug: str
    today_sales: Decimal = Field(..., description="Sales less returns less PPN, today in the cooperative's zone")
    today_margin: Decimal
    month_sales: Decimal = Field(..., description="Sales less returns less PPN, this month in its zone")
    month_margin: Decimal
    stock_value: Decimal
    staples_below_minimum: list[str]
    checklist_percent: int | None
    shifts_with_variance: int
    cash_variance: Decimal
    last_sale_at: dt.datetime | None
    quiet: bool = Field(..., description="Has products and sent no sale in the last 24 hours")


class NetworkMartsOut(Schema):
    today_sales: Decimal
    month_sales: Decimal
    month_margin: Decimal
    stock_value: Decimal
    quiet: int
    marts: list[NetworkMartRowOut]
