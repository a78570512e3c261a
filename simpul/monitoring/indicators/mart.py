"""The mart: this month's sales to members and to others, the day of the last sale, staples below their level and
staples priced above the HET (simpul/mart/reports: own_staples, het_exceptions), and the sales month by month."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q, Sum
from django.db.models.functions import TruncMonth

from simpul.mart.models import Product, Sale, SaleStatus
from simpul.mart.reports.selectors import het_exceptions, own_staples
from simpul.monitoring.indicators import Source, Values, Window

ZERO = Decimal(0)


def _grouped(cooperatives: list[Any], window: Window) -> Any:
    return (
        Sale.objects.filter(
            cooperative_id__in=[c.pk for c in cooperatives],
            status=SaleStatus.COMPLETED,
            business_date__gte=window.months[0],
        )
        .annotate(month=TruncMonth("business_date"))
        .values("cooperative_id", "month")
        .annotate(
            to_members=Sum("total", filter=Q(member__isnull=False)),
            to_others=Sum("total", filter=Q(member__isnull=True)),
        )
        .order_by()
    )


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def compute(cooperatives: list[Any], window: Window) -> Values:
    values: Values = {}
    for row in _grouped(cooperatives, window):
        if _as_date(row["month"]) == window.month:
            values[row["cooperative_id"]] = {
                "mart_sales_member": row["to_members"] or ZERO,
                "mart_sales_nonmember": row["to_others"] or ZERO,
            }
    ids = [c.pk for c in cooperatives]
    last = Sale.objects.filter(cooperative_id__in=ids).values("cooperative_id").annotate(last=Max("business_date"))
    for row in last.order_by():
        values.setdefault(row["cooperative_id"], {})["last_sale_on"] = row["last"]
    with_staples = set(
        Product.objects.filter(cooperative_id__in=ids, is_active=True)
        .exclude(staple="")
        .values_list("cooperative_id", flat=True)
        .distinct()
    )
    for cooperative in cooperatives:
        if cooperative.pk not in with_staples:
            continue
        short = sum(1 for row in own_staples(cooperative=cooperative) if row["short"])
        above = sum(
            1
            for row in het_exceptions(cooperative=cooperative, on=window.today)
            if row.het is not None and max(row.price, row.member_price) > row.het
        )
        values.setdefault(cooperative.pk, {}).update(staples_short=short, staples_above_het=above)
    return values


def months(cooperatives: list[Any], window: Window) -> dict[int, dict[dt.date, dict[str, Any]]]:
    found: dict[int, dict[dt.date, dict[str, Any]]] = {}
    for row in _grouped(cooperatives, window):
        found.setdefault(row["cooperative_id"], {})[_as_date(row["month"])] = {
            "mart_sales_member": row["to_members"] or ZERO,
            "mart_sales_nonmember": row["to_others"] or ZERO,
        }
    return found


SOURCE = Source(
    key="mart",
    kinds=frozenset({"mart"}),
    indicators=("mart_sales_member", "mart_sales_nonmember", "last_sale_on", "staples_short", "staples_above_het"),
    compute=compute,
    months=months,
)
