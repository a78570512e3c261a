"""The mart's reports over the API: sales with their breakdowns and margins, stock value and ageing, the staples other
marts of the cooperative's networks hold, and the network coordinator's view of its member marts. The same rules
and access as the pages (simpul/mart/reports/views.py): managers and supervisors read a cooperative's reports
(cashiers and members 403, anyone else 404); only a network's coordinators read its marts."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from simpul.coops.access import READ_ROLES, access_cooperative, access_network
from simpul.coops.models import Cooperative
from simpul.core.models import User
from simpul.mart.network.selectors_management import network_marts
from simpul.mart.reports.schemas import (
    MartSalesReportOut,
    MartStockReportOut,
    NetworkMartRowOut,
    NetworkMartsOut,
    NetworkStapleHolderOut,
    OutletStockValueOut,
    ReportFiguresOut,
    ReportGroupOut,
)
from simpul.mart.reports.selectors import (
    NEARNESS_LABELS,
    Figures,
    OutletStock,
    Row,
    sales_report,
    staple_holders,
    stock_report,
)
from simpul.mart.reports.views import report_outlet, report_range, staple_choice

router = Router(tags=["mart-reports"])
ACCESS = " For the cooperative's managers and supervisors; cashiers and members get 403, anyone else 404."


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _reader(request: HttpRequest, slug: str) -> Cooperative:
    cooperative, _role = access_cooperative(_user(request), slug, READ_ROLES)
    return cooperative


def _figures(f: Figures) -> ReportFiguresOut:
    return ReportFiguresOut(
        sales=f.sales,
        returns=f.returns,
        tax=f.tax,
        net=f.net,
        cost=f.cost,
        margin=f.margin,
        margin_percent=f.margin_percent,
        count=f.count,
        quantity=f.quantity,
    )


def _groups(rows: list[Row]) -> list[ReportGroupOut]:
    return [
        ReportGroupOut(key=str(row.key), label=str(row.label or row.key), figures=_figures(row.figures)) for row in rows
    ]


@router.get(
    "/cooperatives/{slug}/mart/reports/sales",
    response=MartSalesReportOut,
    summary="Mart sales and margins",
    description="Sales of a range of business days (default: this month so far, at most 400 days), by day, product, "
    "category, cashier, outlet and member/non-member. Voided sales are left out; returns are subtracted on the day "
    "they were made." + ACCESS,
)
def sales(
    request: HttpRequest,
    slug: str,
    dari: str | None = Query(None, max_length=10, description="First business day, YYYY-MM-DD"),
    sampai: str | None = Query(None, max_length=10, description="Last business day, YYYY-MM-DD (default: today)"),
    outlet: str | None = Query(None, max_length=12, description="One outlet's id (default: every outlet)"),
) -> MartSalesReportOut:
    cooperative = _reader(request, slug)
    params: dict[str, Any] = {"dari": dari or "", "sampai": sampai or "", "outlet": outlet or ""}
    start, end = report_range(cooperative, params)
    chosen = report_outlet(cooperative, params)
    report = sales_report(cooperative=cooperative, start=start, end=end, outlet_id=chosen.pk if chosen else None)
    return MartSalesReportOut(
        start=start,
        end=end,
        outlet_id=report.outlet_id,
        total=_figures(report.total),
        days=[
            ReportGroupOut(key=row.key.isoformat(), label=row.key.isoformat(), figures=_figures(row.figures))
            for row in report.days
        ],
        products=_groups(report.products),
        categories=_groups(report.categories),
        cashiers=_groups(report.cashiers),
        outlets=_groups(report.outlets),
        member_kinds=_groups(report.member_kinds),
    )


def _outlet_stock(o: OutletStock) -> OutletStockValueOut:
    return OutletStockValueOut(
        outlet_id=o.outlet_id, name=o.name, products=o.products, value=o.value, ages=dict(o.ages)
    )


@router.get(
    "/cooperatives/{slug}/mart/reports/stock",
    response=MartStockReportOut,
    summary="Mart stock value and ageing",
    description="Stock value per outlet, split by days since each product was last received or sold there "
    "(0-30, 31-60, 61-90, >90)." + ACCESS,
)
def stock(request: HttpRequest, slug: str) -> MartStockReportOut:
    cooperative = _reader(request, slug)
    report = stock_report(cooperative=cooperative)
    return MartStockReportOut(total=_outlet_stock(report.total), outlets=[_outlet_stock(o) for o in report.outlets])


@router.get(
    "/cooperatives/{slug}/mart/reports/staples",
    response=list[NetworkStapleHolderOut],
    summary="Staples held by the other marts of the cooperative's networks",
    description="Which member marts of the cooperative's networks hold rice, cooking oil, sugar or LPG and how "
    "much, nearest first (same district, regency, province), with their phone to ask for a transfer." + ACCESS,
)
def staples(
    request: HttpRequest,
    slug: str,
    pokok: str | None = Query(None, max_length=12, description="rice, cooking_oil, sugar or lpg (default: all)"),
) -> list[NetworkStapleHolderOut]:
    cooperative = _reader(request, slug)
    staple = staple_choice({"pokok": pokok or ""})
    return [
        NetworkStapleHolderOut(
            cooperative=h.name,
            phone=h.phone,
            staple=h.staple,
            quantity=h.quantity,
            unit=h.unit,
            nearness=NEARNESS_LABELS[h.nearness],
        )
        for h in staple_holders(cooperative=cooperative, staple=staple)
    ]


@router.get(
    "/networks/{slug}/mart/management",
    response=NetworkMartsOut,
    summary="The network's member marts",
    description="Per active member cooperative: sales and margin today and this month (in its own zone), stock "
    "value, staples below minimum, checklist completion and cash variances of this month's shifts, and whether it "
    "sent no sale for a day. For the network's coordinators; anyone else gets 404.",
)
def management(request: HttpRequest, slug: str) -> NetworkMartsOut:
    network, _role = access_network(_user(request), slug)
    marts = network_marts(network=network)
    return NetworkMartsOut(
        today_sales=marts.today_sales,
        month_sales=marts.month_sales,
        month_margin=marts.month_margin,
        stock_value=marts.stock_value,
        quiet=marts.quiet,
        marts=[
            NetworkMartRowOut(
                cooperative=r.cooperative.name,
                slug=r.cooperative.slug,
                today_sales=r.today_sales,
                today_margin=r.today_margin,
                month_sales=r.month_sales,
                month_margin=r.month_margin,
                stock_value=r.stock_value,
                staples_below_minimum=r.staples_short,
                checklist_percent=r.checklist_percent,
                shifts_with_variance=r.variance_shifts,
                cash_variance=r.variance_total,
                last_sale_at=r.last_sale_at,
                quiet=r.quiet,
            )
            for r in marts.rows
        ],
    )
