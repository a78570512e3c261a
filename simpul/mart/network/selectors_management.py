"""The network coordinator's view of its member marts (/jaringan/<slug>/mart/): per active member cooperative,
today's and this month's sales (net of returns and of PPN) and margin (each in the cooperative's own zone), stock
value, staples below their minimum, the checklists of this month's shifts (items ticked of all), shifts closed with a
cash variance, and whether the mart has sent no sale for a day while having products.

A fixed number of queries whatever the number of cooperatives (simpul/mart/tests/test_management.py): the database
groups per cooperative; Python only rolls the groups into rows."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Coalesce, TruncHour
from django.utils import timezone

from simpul.coops.models import Cooperative, MembershipStatus, Network, NetworkMembership
from simpul.mart.models import Product, Sale, SaleReturn, SaleStatus, Shift, StockLevel
from simpul.mart.reports.selectors import return_tax, sen

ZERO = Decimal(0)
QUIET_HOURS = 24


@dataclass
class MartRow:
    """One member mart's figures; sales are net of returns and of PPN (PPN is not the cooperative's income)."""

    cooperative: Cooperative
    today: dt.date
    today_sales: Decimal = ZERO
    today_cost: Decimal = ZERO
    month_sales: Decimal = ZERO
    month_cost: Decimal = ZERO
    stock_value: Decimal = ZERO
    products: int = 0
    staples_short: list[str] = field(default_factory=list)
    checks_ticked: int = 0
    checks_total: int = 0
    shifts: int = 0
    variance_shifts: int = 0
    variance_total: Decimal = ZERO
    last_sale_at: dt.datetime | None = None
    quiet: bool = False

    @property
    def today_margin(self) -> Decimal:
        return self.today_sales - self.today_cost

    @property
    def month_margin(self) -> Decimal:
        return self.month_sales - self.month_cost

    @property
    def checklist_percent(self) -> int | None:
        if not self.checks_total:
            return None
        return round(self.checks_ticked * 100 / self.checks_total)


@dataclass
class NetworkMarts:
    rows: list[MartRow]
    today_sales: Decimal = ZERO
    month_sales: Decimal = ZERO
    month_margin: Decimal = ZERO
    stock_value: Decimal = ZERO
    quiet: int = 0


def _ticked(item: Any) -> bool:
    """One checklist item as the shift stored it: {"done": true, ...} (or "checked"/"ticked"), or a bare bool."""
    if isinstance(item, dict):
        return bool(item.get("done") or item.get("checked") or item.get("ticked"))
    return bool(item)


def checklist_counts(checklist: Any) -> tuple[int, int]:
    """(ticked, total) of a stored checklist; anything that is not a list counts as empty."""
    if not isinstance(checklist, list):
        return 0, 0
    return sum(1 for item in checklist if _ticked(item)), len(checklist)


def network_marts(*, network: Network, now: dt.datetime | None = None) -> NetworkMarts:
    """Every active member cooperative's mart figures. Eight queries, whatever the number of cooperatives."""
    moment = now or timezone.now()
    members = (
        NetworkMembership.objects.filter(network=network, status=MembershipStatus.ACTIVE)
        .select_related("cooperative", "cooperative__village")
        .order_by("cooperative__name")
    )
    rows: dict[int, MartRow] = {}
    for membership in members:
        cooperative = membership.cooperative
        local = moment.astimezone(zoneinfo.ZoneInfo(cooperative.timezone))
        rows[cooperative.pk] = MartRow(cooperative=cooperative, today=local.date())
    result = NetworkMarts(rows=list(rows.values()))
    if not rows:
        return result
    ids = list(rows)
    # The earliest month start of any zone, a day early: every row is then cut per cooperative below.
    earliest = min(row.today.replace(day=1) for row in rows.values())
    since = dt.datetime.combine(earliest - dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)

    sales = (
        Sale.objects.filter(cooperative_id__in=ids, status=SaleStatus.COMPLETED, business_date__gte=earliest)
        .values("cooperative_id", "business_date")
        .annotate(sales=Sum("total"), tax=Sum("tax"), cost=Sum("cost"))
        .order_by()
    )
    for day_sales in sales:
        row = rows[day_sales["cooperative_id"]]
        if day_sales["business_date"] < row.today.replace(day=1) or day_sales["business_date"] > row.today:
            continue
        net = (day_sales["sales"] or ZERO) - (day_sales["tax"] or ZERO)
        row.month_sales += net
        row.month_cost += day_sales["cost"] or ZERO
        if day_sales["business_date"] == row.today:
            row.today_sales += net
            row.today_cost += day_sales["cost"] or ZERO

    # Returns by the hour (UTC): WIB, WITA and WIT are whole hours from UTC, so each hour falls in one local day.
    returns = (
        SaleReturn.objects.filter(
            cooperative_id__in=ids, is_void=False, sale__status=SaleStatus.COMPLETED, created_at__gte=since
        )
        .annotate(hour=TruncHour("created_at", tzinfo=dt.UTC))
        .values("cooperative_id", "hour")
        .annotate(refund=Sum("lines__refund"), tax=return_tax(), cost=Sum("lines__cost"))
        .order_by()
    )
    for hour_returns in returns:
        row = rows[hour_returns["cooperative_id"]]
        day = hour_returns["hour"].astimezone(zoneinfo.ZoneInfo(row.cooperative.timezone)).date()
        if day < row.today.replace(day=1) or day > row.today:
            continue
        refund = (hour_returns["refund"] or ZERO) - sen(hour_returns["tax"])
        cost = hour_returns["cost"] or ZERO
        row.month_sales -= refund
        row.month_cost -= cost
        if day == row.today:
            row.today_sales -= refund
            row.today_cost -= cost

    for stock in (
        StockLevel.objects.filter(cooperative_id__in=ids)
        .values("cooperative_id")
        .annotate(value=Sum("value"))
        .order_by()
    ):
        rows[stock["cooperative_id"]].stock_value = stock["value"] or ZERO

    for count in (
        Product.objects.filter(cooperative_id__in=ids, is_active=True).values("cooperative_id").annotate(n=Count("id"))
    ).order_by():
        rows[count["cooperative_id"]].products = count["n"]

    short = (
        Product.objects.filter(cooperative_id__in=ids, is_active=True)
        .exclude(staple="")
        .annotate(on_hand=Coalesce(Sum("stock_levels__quantity"), ZERO))
        .filter(on_hand__lt=F("min_stock"))
        .values_list("cooperative_id", "name")
        .order_by("name")
    )
    for cooperative_id, name in short:
        rows[cooperative_id].staples_short.append(name)

    shifts = Shift.objects.filter(cooperative_id__in=ids, opened_at__gte=since).values_list(
        "cooperative_id", "opened_at", "opening_checklist", "closing_checklist", "status", "cash_variance"
    )
    for cooperative_id, opened_at, opening, closing, status, variance in shifts:
        row = rows[cooperative_id]
        if opened_at.astimezone(zoneinfo.ZoneInfo(row.cooperative.timezone)).date() < row.today.replace(day=1):
            continue
        row.shifts += 1
        for checklist in (opening, closing) if status == "closed" else (opening,):
            ticked, total = checklist_counts(checklist)
            row.checks_ticked += ticked
            row.checks_total += total
        if variance:
            row.variance_shifts += 1
            row.variance_total += variance

    quiet_since = moment - dt.timedelta(hours=QUIET_HOURS)
    for latest in (
        Sale.objects.filter(cooperative_id__in=ids, business_date__gte=earliest - dt.timedelta(days=31))
        .values("cooperative_id")
        .annotate(last=Max("created_at"))
        .order_by()
    ):
        rows[latest["cooperative_id"]].last_sale_at = latest["last"]

    for row in result.rows:
        row.quiet = row.products > 0 and (row.last_sale_at is None or row.last_sale_at < quiet_since)
        result.today_sales += row.today_sales
        result.month_sales += row.month_sales
        result.month_margin += row.month_margin
        result.stock_value += row.stock_value
        result.quiet += int(row.quiet)
    return result
