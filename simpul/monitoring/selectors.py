"""Reads of the roll-ups for the Dinas dashboard, the transparency page, the downloads and the API. Every read sums
roll-up rows by one copied region column (indexed), a fixed number of queries whatever the number of cooperatives;
none reads the source tables. Access is the caller's (access_office_by_region; the public page shows no person)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum

from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType
from simpul.ledger.models import PublishedHead
from simpul.monitoring import warnings
from simpul.monitoring.indicators import window_at
from simpul.monitoring.models import CooperativeMonthRollup, CooperativeRollup, RollupWarning
from simpul.regions.models import Region, RegionLevel

ZERO = Decimal(0)
COLUMN = {
    RegionLevel.PROVINCE: "province_code",
    RegionLevel.REGENCY: "regency_code",
    RegionLevel.DISTRICT: "district_code",
    RegionLevel.VILLAGE: "village_code",
}
CHILD_COLUMN = {
    0: "province_code",
    RegionLevel.PROVINCE: "regency_code",
    RegionLevel.REGENCY: "district_code",
    RegionLevel.DISTRICT: "village_code",
}
SUMS = (
    "members",
    "savings",
    "assets",
    "mart_sales_member",
    "mart_sales_nonmember",
    "jointbuy_savings",
    "needs_open",
    "needs_overdue",
    "rat_expected",
    "rat_received",
    "rat_on_time",
    "rat_overdue",
    "recommendations_overdue",
)
MONTH_SUMS = ("members", "mart_sales_member", "mart_sales_nonmember", "needs_submitted")
COUNTS = frozenset(
    {
        "members",
        "needs_open",
        "needs_overdue",
        "needs_submitted",
        "rat_expected",
        "rat_received",
        "rat_on_time",
        "rat_overdue",
        "recommendations_overdue",
    }
)
WARNINGS_SHOWN = 50
COOPERATIVES_SHOWN = 200


def in_region(model: Any, region: Region | None) -> QuerySet[Any]:
    rows = model.objects.all()
    if region is None:
        return rows
    return rows.filter(**{COLUMN[RegionLevel(region.level)]: region.code})


def _sums() -> dict[str, Any]:
    return {name: Sum(name) for name in SUMS}


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    for name in SUMS:
        row[name] = row.get(name) or (0 if name in COUNTS else ZERO)
    row["mart_sales"] = row["mart_sales_member"] + row["mart_sales_nonmember"]
    row["rat_received_percent"] = round(100 * row["rat_received"] / row["rat_expected"]) if row["rat_expected"] else 0
    return row


@dataclass
class Summary:
    cooperatives: int
    figures: dict[str, Any]
    by_type: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    stale: int
    refreshed_at: dt.datetime | None


def summary(region: Region | None) -> Summary:
    """The region's totals, its cooperatives by type and by status: three queries."""
    rows = in_region(CooperativeRollup, region)
    totals = rows.aggregate(
        n=Count("pk"), stale_n=Count("pk", filter=Q(stale=True)), oldest=Min("refreshed_at"), **_sums()
    )
    types = dict(CooperativeType.choices)
    statuses = dict(CooperativeStatus.choices)
    by_type = [
        (str(types.get(r["type"], r["type"])), r["n"])
        for r in rows.values("type").annotate(n=Count("pk")).order_by("-n", "type")
    ]
    by_status = [
        (str(statuses.get(r["status"], r["status"])), r["n"])
        for r in rows.values("status").annotate(n=Count("pk")).order_by("-n", "status")
    ]
    return Summary(
        cooperatives=totals.pop("n"),
        stale=totals.pop("stale_n"),
        refreshed_at=totals.pop("oldest"),
        figures=_clean(totals),
        by_type=by_type,
        by_status=by_status,
    )


@dataclass
class ChildRow:
    code: str
    name: str
    cooperatives: int
    figures: dict[str, Any]
    warnings: int = 0


def child_rows(region: Region | None) -> list[ChildRow]:
    """The regions one level down that hold cooperatives, each with its totals and warnings: three queries. A
    village has none (its cooperatives are listed instead)."""
    level = region.level if region is not None else 0
    column = CHILD_COLUMN.get(level)
    if column is None:
        return []
    grouped = in_region(CooperativeRollup, region).values(column).annotate(n=Count("pk"), **_sums()).order_by()
    rows = {g[column]: ChildRow(g[column], g[column], g.pop("n"), _clean(g)) for g in grouped}
    counted = in_region(RollupWarning, region).values(column).annotate(n=Count("pk")).order_by()
    for found in counted:
        if found[column] in rows:
            rows[found[column]].warnings = found["n"]
    for code, name in Region.objects.filter(code__in=list(rows)).values_list("code", "name"):
        rows[code].name = name
    return sorted(rows.values(), key=lambda row: (row.name, row.code))


@dataclass
class CooperativeRow:
    rollup: CooperativeRollup
    name: str
    slug: str
    warnings: list[str] = field(default_factory=list)

    @property
    def mart_sales(self) -> Decimal:
        return self.rollup.mart_sales_member + self.rollup.mart_sales_nonmember


def cooperative_rows(region: Region | None, *, limit: int = COOPERATIVES_SHOWN) -> list[CooperativeRow]:
    """The cooperatives of a village (or any region, the first `limit` by name) with their roll-ups: two queries."""
    rollups = list(
        in_region(CooperativeRollup, region)
        .select_related("cooperative")
        .defer("extra")
        .order_by("cooperative__name", "cooperative_id")[:limit]
    )
    kinds: dict[int, list[str]] = {}
    for cooperative_id, kind in RollupWarning.objects.filter(
        cooperative_id__in=[r.cooperative_id for r in rollups]
    ).values_list("cooperative_id", "kind"):
        kinds.setdefault(cooperative_id, []).append(warnings.label(kind))
    return [
        CooperativeRow(r, r.cooperative.name, r.cooperative.slug, sorted(kinds.get(r.cooperative_id, [])))
        for r in rollups
    ]


@dataclass
class TrendRow:
    month: dt.date
    figures: dict[str, Any]


def trend(region: Region | None, *, cooperative_id: int | None = None) -> list[TrendRow]:
    """The trend's months, oldest first, summed over the region (or one cooperative): one query."""
    months = window_at().months
    rows = in_region(CooperativeMonthRollup, region).filter(month__gte=months[0])
    if cooperative_id is not None:
        rows = rows.filter(cooperative_id=cooperative_id)
    found = {r["month"]: r for r in rows.values("month").annotate(**{n: Sum(n) for n in MONTH_SUMS}).order_by()}
    result = []
    for month in months:
        got = found.get(month, {})
        result.append(TrendRow(month, {n: got.get(n) or (0 if n in COUNTS else ZERO) for n in MONTH_SUMS}))
    return result


def trend_bars(rows: list[TrendRow], name: str) -> list[dict[str, Any]]:
    """Heights (0-100) of an inline SVG bar chart of one figure."""
    top = max((Decimal(r.figures[name]) for r in rows), default=ZERO)
    bars = []
    for index, r in enumerate(rows):
        height = int(Decimal(r.figures[name]) * 100 / top) if top else 0
        bars.append({"month": r.month, "value": r.figures[name], "height": height, "y": 100 - height, "x": index * 10})
    return bars


@dataclass
class WarningRow:
    cooperative_id: int
    name: str
    slug: str
    kind: str
    label: str
    since: dt.date
    village_code: str


def warning_counts(region: Region | None) -> list[tuple[str, str, int]]:
    counted = dict(in_region(RollupWarning, region).values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return [(key, str(kind.label), counted.get(key, 0)) for key, kind in warnings.kinds().items()]


def warning_rows(region: Region | None, *, kind: str = "", limit: int = WARNINGS_SHOWN) -> list[WarningRow]:
    rows = in_region(RollupWarning, region)
    if kind:
        rows = rows.filter(kind=kind)
    found = rows.values_list(
        "cooperative_id", "cooperative__name", "cooperative__slug", "kind", "since", "village_code"
    ).order_by("since", "cooperative__name", "kind")[:limit]
    return [WarningRow(c, n, s, k, warnings.label(k), since, v) for c, n, s, k, since, v in found]


def cooperative_warnings(cooperative_id: int) -> list[tuple[str, dt.date]]:
    return [
        (warnings.label(kind), since)
        for kind, since in RollupWarning.objects.filter(cooperative_id=cooperative_id)
        .order_by("since", "kind")
        .values_list("kind", "since")
    ]


def rollup_of(cooperative_id: int) -> CooperativeRollup | None:
    return CooperativeRollup.objects.filter(cooperative_id=cooperative_id).first()


def cooperative_in_region(region: Region | None, cooperative_id: int) -> Cooperative | None:
    rows = Cooperative.objects.filter(pk=cooperative_id)
    if region is not None:
        column = COLUMN[RegionLevel(region.level)]
        rows = rows.filter(**{("village_id" if column == "village_code" else column): region.code})
    return rows.first()


def published_heads(region: Region | None, *, limit: int = COOPERATIVES_SHOWN) -> list[dict[str, Any]]:
    """Each cooperative of the region (the first `limit` by name) with the latest published head of its books (the
    day, entries, the last hash): one query."""
    latest = PublishedHead.objects.filter(cooperative_id=OuterRef("cooperative_id")).order_by("-day", "-entries")
    rows = (
        in_region(CooperativeRollup, region)
        .annotate(
            head_day=Subquery(latest.values("day")[:1]),
            head_entries=Subquery(latest.values("entries")[:1]),
            head_hash=Subquery(latest.values("entries_hash")[:1]),
        )
        .values("cooperative_id", "cooperative__name", "cooperative__slug", "head_day", "head_entries", "head_hash")
        .order_by("cooperative__name", "cooperative_id")[:limit]
    )
    return list(rows)


def last_refresh(region: Region | None) -> dt.datetime | None:
    return in_region(CooperativeRollup, region).aggregate(at=Max("refreshed_at"))["at"]
