"""The mart's reports, read for the manager and the supervisor: sales by day, product, category, cashier, outlet and
member/non-member with their margins; best and slow sellers; stock value and ageing per outlet; HET exceptions; and
the staples other marts of the cooperative's networks hold.

Sales are what customers paid (PPN included, after discounts) on completed sales whose business day falls in the
range, in the cooperative's own zone. Voided sales count nowhere; returns are subtracted on the business day they
were made (their time cut in the cooperative's zone), with their cost. PPN is not the cooperative's income: net sales
are sales less returns less the PPN in them (the sale's own `tax`; a return's share of it as its refund's share of the
sale's total, the formula the return posts), and the margin is net sales minus the cost of goods. Per product the PPN
is the tax part of the lines of taxed products (price × 11/111; the sale-wide discount stays out of those rows).

Every report runs a fixed number of queries whatever the number of sales, products and outlets (the groups are
made by the database; Python only rolls them up): simpul/mart/tests/test_reports.py holds them to it."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops.models import Cooperative, MembershipStatus, NetworkMembership, Outlet
from simpul.mart.models import (
    PriceCeiling,
    Product,
    Sale,
    SaleLine,
    SaleReturn,
    SaleReturnLine,
    SaleStatus,
    Staple,
    StockLevel,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
PERCENT = Decimal("0.1")
# PPN on taxed goods (simpul.mart.sales.services.PPN_RATE); prices include it, so its part of a price p is p × 11/111.
PPN_RATE = Decimal("0.11")
MONEY = DecimalField(max_digits=30, decimal_places=10)
BEST_SELLERS = 10
SLOW_SELLERS_MAX = 200
SLOW_DAYS_DEFAULT = 30
# Ageing of stock: days since it was last received or sold.
AGE_BUCKETS: tuple[tuple[str, int | None], ...] = (("0-30", 30), ("31-60", 60), ("61-90", 90), (">90", None))
AGE_LABELS = {
    "0-30": gettext_lazy("0–30 days"),
    "31-60": gettext_lazy("31–60 days"),
    "61-90": gettext_lazy("61–90 days"),
    ">90": gettext_lazy("over 90 days"),
}


def _zone(cooperative: Cooperative) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(cooperative.timezone)


def day_bounds(cooperative: Cooperative, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The instants the business days start..end cover in the cooperative's zone: [start 00:00, end+1 00:00)."""
    zone = _zone(cooperative)
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


@dataclass
class Figures:
    """Sales of one group: what was sold and what came back (as customers paid, PPN included), the PPN in them (sold
    less returned), the cost of what stayed sold."""

    sales: Decimal = ZERO
    returns: Decimal = ZERO
    tax: Decimal = ZERO
    cost: Decimal = ZERO
    count: int = 0
    quantity: Decimal = ZERO

    @property
    def gross(self) -> Decimal:
        """What customers paid, less refunds: PPN included."""
        return self.sales - self.returns

    @property
    def net(self) -> Decimal:
        """Sales net of returns and of PPN: the cooperative's own income, what the margin is taken from."""
        return self.sales - self.returns - self.tax

    @property
    def margin(self) -> Decimal:
        return self.net - self.cost

    @property
    def margin_percent(self) -> Decimal | None:
        if not self.net:
            return None
        return (self.margin * 100 / self.net).quantize(PERCENT, rounding=ROUND_HALF_UP)

    def add(self, other: "Figures") -> None:
        self.sales += other.sales
        self.returns += other.returns
        self.tax += other.tax
        self.cost += other.cost
        self.count += other.count
        self.quantity += other.quantity


@dataclass
class Row:
    key: Any
    label: str
    figures: Figures = field(default_factory=Figures)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class SalesReport:
    start: dt.date
    end: dt.date
    outlet_id: int | None
    total: Figures
    days: list[Row]
    products: list[Row]
    categories: list[Row]
    cashiers: list[Row]
    outlets: list[Row]
    member_kinds: list[Row]

    @property
    def best_sellers(self) -> list[Row]:
        return sorted(self.products, key=lambda r: (-r.figures.net, r.label))[:BEST_SELLERS]

    def chart(self) -> dict[str, list[str]]:
        """The days as the chart draws them (json_script): net sales and margin per day."""
        return {
            "labels": [row.key.strftime("%d/%m") for row in self.days],
            "sales": [str(row.figures.net) for row in self.days],
            "margin": [str(row.figures.margin) for row in self.days],
        }


def _completed_sales(cooperative: Cooperative, start: dt.date, end: dt.date, outlet_id: int | None) -> QuerySet[Sale]:
    sales = Sale.objects.filter(
        cooperative=cooperative, status=SaleStatus.COMPLETED, business_date__gte=start, business_date__lte=end
    )
    return sales.filter(outlet_id=outlet_id) if outlet_id else sales


def _returns_in(cooperative: Cooperative, start: dt.date, end: dt.date, outlet_id: int | None) -> QuerySet[SaleReturn]:
    """Returns (not voids) made on the range's business days, of sales that still stand."""
    begin, until = day_bounds(cooperative, start, end)
    returns = SaleReturn.objects.filter(
        cooperative=cooperative,
        is_void=False,
        sale__status=SaleStatus.COMPLETED,
        created_at__gte=begin,
        created_at__lt=until,
    )
    return returns.filter(sale__outlet_id=outlet_id) if outlet_id else returns


def return_tax() -> Sum:
    """The PPN in returned lines: each line's refund × the sale's PPN / the sale's total (what the return posts to
    Utang Pajak, before its rounding to the sen). SQLite divides whole amounts as integers, so there the product is
    made a REAL first; PostgreSQL divides numeric exactly."""
    product: Any = F("lines__refund") * F("sale__tax")
    if connection.vendor == "sqlite":
        product = Cast(product, FloatField())
    share = ExpressionWrapper(product / F("sale__total"), output_field=MONEY)
    return Sum(Case(When(sale__total__gt=0, then=share), default=Value(ZERO), output_field=MONEY))


def sen(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(CENT, rounding=ROUND_HALF_UP)


def _dates(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def sales_report(
    *, cooperative: Cooperative, start: dt.date, end: dt.date, outlet_id: int | None = None
) -> SalesReport:
    """Sales of start..end (business days, inclusive), of one outlet or all. Four queries."""
    is_member = ExpressionWrapper(Q(member__isnull=False), output_field=BooleanField())
    sale_groups = (
        _completed_sales(cooperative, start, end, outlet_id)
        .annotate(is_member=is_member)
        .values("business_date", "outlet_id", "outlet__name", "cashier_id", "cashier__full_name", "is_member")
        .annotate(sales=Sum("total"), tax=Sum("tax"), cost=Sum("cost"), count=Count("id"))
        .order_by()
    )
    return_is_member = ExpressionWrapper(Q(sale__member__isnull=False), output_field=BooleanField())
    return_groups = (
        _returns_in(cooperative, start, end, outlet_id)
        .annotate(day=TruncDate("created_at", tzinfo=_zone(cooperative)), is_member=return_is_member)
        .values(
            "day", "sale__outlet_id", "sale__outlet__name", "sale__cashier_id", "sale__cashier__full_name", "is_member"
        )
        # From the lines (a return's refund is the sum of its lines'): summing the return's own refund over the
        # join would count it once per line.
        .annotate(refund=Sum("lines__refund"), tax=return_tax(), cost=Sum("lines__cost"))
        .order_by()
    )
    days: dict[dt.date, Row] = {day: Row(day, "") for day in _dates(start, end)}
    outlets: dict[int, Row] = {}
    cashiers: dict[int, Row] = {}
    member_kinds = {True: Row("member", _("Members")), False: Row("non_member", _("Non-members"))}
    total = Figures()

    def rows_for(day: dt.date, outlet: tuple[int, str], cashier: tuple[int, str], member: bool) -> list[Row]:
        found = [
            days.setdefault(day, Row(day, "")),
            outlets.setdefault(outlet[0], Row(outlet[0], outlet[1])),
            cashiers.setdefault(cashier[0], Row(cashier[0], cashier[1])),
            member_kinds[bool(member)],
        ]
        return found

    for sold in sale_groups:
        figures = Figures(
            sales=sold["sales"] or ZERO, tax=sold["tax"] or ZERO, cost=sold["cost"] or ZERO, count=sold["count"]
        )
        total.add(figures)
        for row in rows_for(
            sold["business_date"],
            (sold["outlet_id"], sold["outlet__name"]),
            (sold["cashier_id"], sold["cashier__full_name"]),
            sold["is_member"],
        ):
            row.figures.add(figures)
    for back in return_groups:
        figures = Figures(returns=back["refund"] or ZERO, tax=-sen(back["tax"]), cost=-(back["cost"] or ZERO))
        total.add(figures)
        for row in rows_for(
            back["day"],
            (back["sale__outlet_id"], back["sale__outlet__name"]),
            (back["sale__cashier_id"], back["sale__cashier__full_name"]),
            back["is_member"],
        ):
            row.figures.add(figures)
    products, categories = _by_product(cooperative, start, end, outlet_id)
    return SalesReport(
        start=start,
        end=end,
        outlet_id=outlet_id,
        total=total,
        days=[days[day] for day in sorted(days)],
        products=products,
        categories=categories,
        cashiers=sorted(cashiers.values(), key=lambda r: (-r.figures.net, r.label)),
        outlets=sorted(outlets.values(), key=lambda r: r.label),
        member_kinds=list(member_kinds.values()),
    )


def _by_product(
    cooperative: Cooperative, start: dt.date, end: dt.date, outlet_id: int | None
) -> tuple[list[Row], list[Row]]:
    """Sales per product and per category (from the lines: the sale-wide discount stays out of them). Two queries.

    The PPN of a product's row is the tax part of its lines when the product is taxed."""
    lines = (
        SaleLine.objects.filter(sale__in=_completed_sales(cooperative, start, end, outlet_id), cooperative=cooperative)
        .values(
            "product_id",
            "product__name",
            "product__sku",
            "product__base_unit",
            "product__category__name",
            "product__taxed",
        )
        .annotate(sales=Sum("total"), cost=Sum("cost"), quantity=Sum("base_quantity"), count=Count("sale_id"))
        .order_by()
    )
    returned = (
        SaleReturnLine.objects.filter(
            cooperative=cooperative, sale_return__in=_returns_in(cooperative, start, end, outlet_id)
        )
        .values(
            "sale_line__product_id",
            "sale_line__product__name",
            "sale_line__product__sku",
            "sale_line__product__base_unit",
            "sale_line__product__category__name",
            "sale_line__product__taxed",
        )
        .annotate(refund=Sum("refund"), cost=Sum("cost"), quantity=Sum("base_quantity"))
        .order_by()
    )
    products: dict[int, Row] = {}
    for line in lines:
        row = products.setdefault(
            line["product_id"],
            Row(line["product_id"], line["product__name"], extra=_product_extra(line, "product__")),
        )
        row.figures.add(
            Figures(
                sales=line["sales"] or ZERO,
                tax=_tax_part(line["sales"]) if line["product__taxed"] else ZERO,
                cost=line["cost"] or ZERO,
                quantity=line["quantity"] or ZERO,
                count=line["count"],
            )
        )
    for line_back in returned:
        prefix = "sale_line__product__"
        row = products.setdefault(
            line_back["sale_line__product_id"],
            Row(
                line_back["sale_line__product_id"],
                line_back["sale_line__product__name"],
                extra=_product_extra(line_back, prefix),
            ),
        )
        row.figures.add(
            Figures(
                returns=line_back["refund"] or ZERO,
                tax=-_tax_part(line_back["refund"]) if line_back["sale_line__product__taxed"] else ZERO,
                cost=-(line_back["cost"] or ZERO),
                quantity=-(line_back["quantity"] or ZERO),
            )
        )
    categories: dict[str, Row] = {}
    for row in products.values():
        name = row.extra["category"]
        category = categories.setdefault(name, Row(name, name or _("No category")))
        category.figures.add(
            Figures(sales=row.figures.sales, returns=row.figures.returns, tax=row.figures.tax, cost=row.figures.cost)
        )
    by_net = sorted(products.values(), key=lambda r: (-r.figures.net, r.label))
    return by_net, sorted(categories.values(), key=lambda r: (-r.figures.net, r.label))


def _tax_part(amount: Decimal | None) -> Decimal:
    """The PPN inside a price-inclusive amount, to the sen."""
    return sen((amount or ZERO) * PPN_RATE / (1 + PPN_RATE))


def _product_extra(group: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    return {
        "sku": group[prefix + "sku"],
        "unit": group[prefix + "base_unit"],
        "category": group[prefix + "category__name"] or "",
    }


# --- slow sellers


@dataclass
class SlowSeller:
    product_id: int
    name: str
    sku: str
    unit: str
    outlet: str
    quantity: Decimal
    value: Decimal
    last_sold_at: dt.datetime | None
    days_unsold: int | None  # None: never sold


def slow_sellers(
    *, cooperative: Cooperative, days: int, outlet_id: int | None = None, now: dt.datetime | None = None
) -> list[SlowSeller]:
    """Products with stock at an outlet and no sale there for `days` days (or never), the most value first. One
    query, at most SLOW_SELLERS_MAX rows."""
    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(days=days)
    levels = StockLevel.objects.filter(cooperative=cooperative, quantity__gt=0).filter(
        Q(last_sold_at__isnull=True) | Q(last_sold_at__lt=cutoff)
    )
    if outlet_id:
        levels = levels.filter(outlet_id=outlet_id)
    rows = levels.values(
        "product_id",
        "product__name",
        "product__sku",
        "product__base_unit",
        "outlet__name",
        "quantity",
        "value",
        "last_sold_at",
    ).order_by("-value", "product__name")[:SLOW_SELLERS_MAX]
    return [
        SlowSeller(
            product_id=r["product_id"],
            name=r["product__name"],
            sku=r["product__sku"],
            unit=r["product__base_unit"],
            outlet=r["outlet__name"],
            quantity=r["quantity"],
            value=r["value"],
            last_sold_at=r["last_sold_at"],
            days_unsold=(moment - r["last_sold_at"]).days if r["last_sold_at"] else None,
        )
        for r in rows
    ]


# --- stock value and ageing


@dataclass
class OutletStock:
    outlet_id: int
    name: str
    products: int = 0
    value: Decimal = ZERO
    ages: dict[str, Decimal] = field(default_factory=lambda: {name: ZERO for name, _limit in AGE_BUCKETS})

    @property
    def aged(self) -> list[tuple[str, Decimal]]:
        """(label, value) per age bucket, in order: what the page's columns show."""
        return [(str(AGE_LABELS[name]), self.ages[name]) for name, _limit in AGE_BUCKETS]


@dataclass
class StockReport:
    outlets: list[OutletStock]
    total: OutletStock

    def chart(self) -> dict[str, list[str]]:
        return {
            "labels": [str(AGE_LABELS[name]) for name, _limit in AGE_BUCKETS],
            "sales": [str(self.total.ages[name]) for name, _limit in AGE_BUCKETS],
        }


def age_bucket(days: int | None) -> str:
    if days is None:
        return AGE_BUCKETS[-1][0]
    for name, limit in AGE_BUCKETS:
        if limit is None or days <= limit:
            return name
    return AGE_BUCKETS[-1][0]


def _latest(*moments: dt.datetime | None) -> dt.datetime | None:
    present = [m for m in moments if m is not None]
    return max(present) if present else None


def stock_report(*, cooperative: Cooperative, now: dt.datetime | None = None) -> StockReport:
    """Stock value per outlet and its ageing (days since the product was last received or sold there; a level that
    never was counts from its last move). Two queries: the outlets and the levels on hand."""
    moment = now or timezone.now()
    outlets = {
        o.pk: OutletStock(o.pk, o.name)
        for o in Outlet.objects.filter(cooperative=cooperative).only("id", "name").order_by("name")
    }
    total = OutletStock(0, _("All outlets"))
    levels = StockLevel.objects.filter(cooperative=cooperative).exclude(quantity=0)
    for outlet_id, value, received, sold, moved in levels.values_list(
        "outlet_id", "value", "last_received_at", "last_sold_at", "last_move_at"
    ):
        latest = _latest(received, sold) or moved
        bucket = age_bucket((moment - latest).days if latest else None)
        for place in (outlets.setdefault(outlet_id, OutletStock(outlet_id, "")), total):
            place.products += 1
            place.value += value
            place.ages[bucket] += value
    return StockReport(outlets=list(outlets.values()), total=total)


# --- HET exceptions


@dataclass
class HetException:
    product_id: int
    name: str
    sku: str
    staple: str
    unit: str
    price: Decimal
    member_price: Decimal
    het: Decimal | None
    reason: str


def applicable_het(ceilings: Iterable[PriceCeiling], *, staple: str, unit: str, on: dt.date) -> Decimal | None:
    """The HET of a staple: per region the row in force on `on` (the latest valid_from), then the lowest region's."""
    current: dict[str, tuple[dt.date, Decimal]] = {}
    for row in ceilings:
        if row.staple != staple or row.unit != unit or row.valid_from > on:
            continue
        held = current.get(row.region_id)  # type: ignore[arg-type]
        if held is None or row.valid_from > held[0]:
            current[row.region_id] = (row.valid_from, row.price)  # type: ignore[index]
    return min((price for _day, price in current.values()), default=None)


def het_exceptions(*, cooperative: Cooperative, on: dt.date | None = None) -> list[HetException]:
    """Staples priced above the HET of the cooperative's province or regency, or confirmed above it with a reason.
    Two queries."""
    day = on or cooperative.today()
    ceilings = list(
        PriceCeiling.objects.filter(
            region_id__in=[cooperative.province_code, cooperative.regency_code], valid_from__lte=day
        ).only("region_id", "staple", "unit", "price", "valid_from")
    )
    products = (
        Product.objects.filter(cooperative=cooperative, is_active=True)
        .exclude(staple="")
        .only("id", "name", "sku", "staple", "base_unit", "price", "member_price", "het_reason")
        .order_by("name")
    )
    labels = dict(Staple.choices)
    found = []
    for product in products:
        het = applicable_het(ceilings, staple=product.staple, unit=product.base_unit, on=day)
        above = het is not None and max(product.price, product.member_price) > het
        if above or product.het_reason:
            found.append(
                HetException(
                    product_id=product.pk,
                    name=product.name,
                    sku=product.sku,
                    staple=str(labels.get(product.staple, product.staple)),
                    unit=product.base_unit,
                    price=product.price,
                    member_price=product.member_price,
                    het=het,
                    reason=product.het_reason,
                )
            )
    return found


# --- staples across the network


@dataclass
class StapleHolder:
    cooperative_id: int
    name: str
    phone: str
    staple: str
    staple_label: str
    unit: str
    quantity: Decimal
    nearness: int  # 0 same district, 1 same regency, 2 same province, 3 further


NEARNESS_LABELS = {0: "district", 1: "regency", 2: "province", 3: "network"}


def network_peer_ids(cooperative: Cooperative) -> list[int]:
    """The other cooperatives sharing an active network membership with this one (one query)."""
    networks = NetworkMembership.objects.filter(cooperative=cooperative, status=MembershipStatus.ACTIVE).values(
        "network_id"
    )
    return list(
        NetworkMembership.objects.filter(network_id__in=networks, status=MembershipStatus.ACTIVE)
        .exclude(cooperative=cooperative)
        .values_list("cooperative_id", flat=True)
        .distinct()
    )


def staple_holders(*, cooperative: Cooperative, staple: str = "") -> list[StapleHolder]:
    """Which marts of the cooperative's networks hold each staple and how much (base units, all outlets), nearest
    first: same district, then regency, then province. Two queries."""
    peers = network_peer_ids(cooperative)
    levels = StockLevel.objects.filter(cooperative_id__in=peers, quantity__gt=0, product__is_active=True).exclude(
        product__staple=""
    )
    if staple:
        levels = levels.filter(product__staple=staple)
    groups = (
        levels.values(
            "cooperative_id",
            "cooperative__name",
            "cooperative__phone",
            "cooperative__whatsapp",
            "cooperative__district_code",
            "cooperative__regency_code",
            "cooperative__province_code",
            "product__staple",
            "product__base_unit",
        )
        .annotate(quantity=Sum("quantity"))
        .order_by()
    )
    labels = dict(Staple.choices)
    holders = []
    for g in groups:
        if g["cooperative__district_code"] == cooperative.district_code:
            nearness = 0
        elif g["cooperative__regency_code"] == cooperative.regency_code:
            nearness = 1
        elif g["cooperative__province_code"] == cooperative.province_code:
            nearness = 2
        else:
            nearness = 3
        holders.append(
            StapleHolder(
                cooperative_id=g["cooperative_id"],
                name=g["cooperative__name"],
                phone=g["cooperative__phone"] or g["cooperative__whatsapp"],
                staple=g["product__staple"],
                staple_label=str(labels.get(g["product__staple"], g["product__staple"])),
                unit=g["product__base_unit"],
                quantity=g["quantity"],
                nearness=nearness,
            )
        )
    holders.sort(key=lambda h: (h.staple, h.nearness, -h.quantity, h.name))
    return holders


def own_staples(*, cooperative: Cooperative) -> list[dict[str, Any]]:
    """The cooperative's own staples: on hand (all outlets) beside the minimum, the short ones first. One query."""
    rows = (
        Product.objects.filter(cooperative=cooperative, is_active=True)
        .exclude(staple="")
        .annotate(on_hand=Coalesce(Sum("stock_levels__quantity"), ZERO))
        .values("id", "name", "staple", "base_unit", "min_stock", "on_hand")
        .order_by("name")
    )
    labels = dict(Staple.choices)
    result = [
        {
            **r,
            "staple_label": str(labels.get(r["staple"], r["staple"])),
            "short": r["on_hand"] < r["min_stock"],
            # What brings it back to the minimum: the quantity a need for it asks (simpul/needs).
            "shortfall": max(r["min_stock"] - r["on_hand"], ZERO),
        }
        for r in rows
    ]
    result.sort(key=lambda r: (not r["short"], r["name"]))
    return result


__all__ = [
    "AGE_BUCKETS",
    "SalesReport",
    "applicable_het",
    "het_exceptions",
    "own_staples",
    "return_tax",
    "sales_report",
    "sen",
    "slow_sellers",
    "staple_holders",
    "stock_report",
]
