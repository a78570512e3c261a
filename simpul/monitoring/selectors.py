"""Reads of the roll-ups for the Dinas dashboard, the transparency page, the downloads and the API. A region's
totals, its children's and its trend are its own region rows and its children's (regions.py), a fixed number of
queries and rows whatever the number of cooperatives below; the lists of a village's cooperatives and of warnings
read the cooperatives' rows by one copied region column (indexed). None reads the source tables. Access is the
caller's (access_office_by_region; the public page shows no person)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType
from simpul.coops.selectors.paging import LookaheadPage, LookaheadPaginator
from simpul.coops.selectors.public import cooperatives_in_region, cooperatives_named, public_cooperatives
from simpul.ledger.models import PublishedHead
from simpul.monitoring import warnings
from simpul.monitoring.indicators import window_at
from simpul.monitoring.models import (
    CooperativeMonthRollup,
    CooperativeRollup,
    RegionMonthRollup,
    RegionRollup,
    RollupWarning,
)
from simpul.monitoring.regions import COUNTRY, FIGURES, MONTH_FIGURES
from simpul.regions.models import Region, RegionLevel

ZERO = Decimal(0)
COLUMN = {
    RegionLevel.PROVINCE: "province_code",
    RegionLevel.REGENCY: "regency_code",
    RegionLevel.DISTRICT: "district_code",
    RegionLevel.VILLAGE: "village_code",
}
SUMS = FIGURES
MONTH_SUMS = MONTH_FIGURES
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
HEADS_PER_PAGE = 50


def in_region(model: Any, region: Region | None) -> QuerySet[Any]:
    rows = model.objects.all()
    if region is None:
        return rows
    return rows.filter(**{COLUMN[RegionLevel(region.level)]: region.code})


def _code(region: Region | None) -> str:
    return region.code if region is not None else COUNTRY


def _figures(row: RegionRollup | None) -> dict[str, Any]:
    figures = {name: getattr(row, name) if row else (0 if name in COUNTS else ZERO) for name in SUMS}
    figures["mart_sales"] = figures["mart_sales_member"] + figures["mart_sales_nonmember"]
    expected = figures["rat_expected"]
    figures["rat_received_percent"] = round(100 * figures["rat_received"] / expected) if expected else 0
    return figures


def _counted(row: RegionRollup | None, prefix: str) -> dict[str, int]:
    counts = row.counts if row else {}
    return {key.removeprefix(prefix): n for key, n in counts.items() if key.startswith(prefix)}


def region_row(region: Region | None) -> RegionRollup | None:
    return RegionRollup.objects.filter(code=_code(region)).first()


@dataclass
class Summary:
    cooperatives: int
    figures: dict[str, Any]
    by_type: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    stale: int
    refreshed_at: dt.datetime | None


def _by_label(counted: dict[str, int], labels: dict[str, Any]) -> list[tuple[str, int]]:
    named = [(str(labels.get(key, key)), n) for key, n in counted.items()]
    return sorted(named, key=lambda pair: (-pair[1], pair[0]))


def summary(region: Region | None) -> Summary:
    """The region's totals, its cooperatives by type and by status: one query."""
    row = region_row(region)
    return Summary(
        cooperatives=row.cooperatives if row else 0,
        stale=row.stale if row else 0,
        refreshed_at=row.oldest_refresh if row else None,
        figures=_figures(row),
        by_type=_by_label(_counted(row, "type:"), dict(CooperativeType.choices)),
        by_status=_by_label(_counted(row, "status:"), dict(CooperativeStatus.choices)),
    )


@dataclass
class ChildRow:
    code: str
    name: str
    cooperatives: int
    figures: dict[str, Any]
    warnings: int = 0


def child_rows(region: Region | None) -> list[ChildRow]:
    """The regions one level down that hold cooperatives, each with its totals and warnings: two queries. A
    village has none (its cooperatives are listed instead)."""
    level = region.level if region is not None else 0
    if level >= RegionLevel.VILLAGE:
        return []
    found = RegionRollup.objects.filter(level=level + 1, parent_code=_code(region), cooperatives__gt=0)
    rows = {
        r.code: ChildRow(r.code, r.code, r.cooperatives, _figures(r), sum(_counted(r, "warning:").values()))
        for r in found
    }
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
    """The trend's months, oldest first: the region's month rows (or one cooperative's): one query."""
    months = window_at().months
    if cooperative_id is not None:
        rows: QuerySet[Any] = CooperativeMonthRollup.objects.filter(cooperative_id=cooperative_id)
    else:
        rows = RegionMonthRollup.objects.filter(code=_code(region))
    found = {r["month"]: r for r in rows.filter(month__gte=months[0]).values("month", *MONTH_SUMS)}
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
    """Each kind of warning with how many cooperatives of the region it holds for: one query."""
    counted = _counted(region_row(region), "warning:")
    return [(key, str(kind.label), counted.get(key, 0)) for key, kind in warnings.kinds().items()]


def warning_rows(region: Region | None, *, kind: str = "", limit: int = WARNINGS_SHOWN) -> list[WarningRow]:
    rows = in_region(RollupWarning, region)
    if kind:
        rows = rows.filter(kind=kind)
    found = rows.values_list(
        "cooperative_id", "cooperative__name", "cooperative__slug", "kind", "since", "village_code"
    ).order_by("since", "cooperative_id", "kind")[:limit]
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


def published_heads(region: Region | None, *, name: str = "", page: object = 1) -> LookaheadPage:
    """One page of the region's cooperatives (all but the dissolved, as the public directory) by name, each with
    the latest published head of its books (the day, entries, the last hash); `name`: only those whose name holds
    these words. One query a page, walking the cooperatives' name indexes, so the country's page reads a page of
    cooperatives rather than sorting all of them."""
    latest = PublishedHead.objects.filter(cooperative_id=OuterRef("pk")).order_by("-day", "-entries")
    rows = (
        public_cooperatives()
        .filter(cooperatives_in_region(_code(region)), cooperatives_named(name))
        .annotate(
            head_day=Subquery(latest.values("day")[:1]),
            head_entries=Subquery(latest.values("entries")[:1]),
            head_hash=Subquery(latest.values("entries_hash")[:1]),
        )
        .values("pk", "name", "slug", "head_day", "head_entries", "head_hash")
        .order_by("search_name", "pk")
    )
    return LookaheadPaginator(rows, HEADS_PER_PAGE).page(page)
