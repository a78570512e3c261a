"""Reads of needs: the lists of each side, one need's timeline and pledges, the service levels and the public
summary. Access is the caller's (simpul/needs/access.py gives the query of what a side may see)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from simpul.coops.selectors.paging import LookaheadPaginator
from simpul.needs import lifecycle
from simpul.needs.models import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    Need,
    NeedCategory,
    NeedEvent,
    NeedPriority,
    NeedStatus,
    Pledge,
)
from simpul.regions.models import Region, RegionLevel

LIST_FIELDS = (
    "id",
    "cooperative_id",
    "cooperative__name",
    "cooperative__slug",
    "number",
    "category",
    "item",
    "quantity",
    "unit",
    "needed_by",
    "priority",
    "status",
    "committed_quantity",
    "received_quantity",
    "submitted_at",
    "first_response_at",
    "village_code",
    "officer__full_name",
)

STATUS_GROUPS = {
    "terbuka": OPEN_STATUSES,
    "selesai": FINAL_STATUSES,
    "draf": (NeedStatus.DRAFT,),
}


def response_overdue_q(now: datetime.datetime) -> Q:
    """Open needs with no answer from outside, past their priority's service level."""
    late = Q()
    for priority, days in lifecycle.RESPONSE_DAYS.items():
        late |= Q(priority=priority, submitted_at__lt=now - datetime.timedelta(days=days))
    return Q(status__in=OPEN_STATUSES, first_response_at__isnull=True) & late


def fulfilment_overdue_q(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, needed_by__lt=today)


def overdue_q(now: datetime.datetime) -> Q:
    return response_overdue_q(now) | fulfilment_overdue_q(now.date())


@dataclass
class NeedFilters:
    group: str = ""  # a key of STATUS_GROUPS, or "" for all
    category: str = ""
    overdue: bool = False
    officer_id: int | None = None


def filtered(needs: QuerySet[Need], filters: NeedFilters, *, now: datetime.datetime | None = None) -> QuerySet[Need]:
    moment = now or timezone.now()
    if filters.group in STATUS_GROUPS:
        needs = needs.filter(status__in=STATUS_GROUPS[filters.group])
    if filters.category in NeedCategory.values:
        needs = needs.filter(category=filters.category)
    if filters.overdue:
        needs = needs.filter(overdue_q(moment))
    if filters.officer_id:
        needs = needs.filter(officer_id=filters.officer_id)
    return needs


def needs_page(needs: QuerySet[Need], *, page: int = 1, per_page: int = 30) -> Page:
    """A page of needs, the most urgent first: open before ended, then by needed-by date."""
    ordered = needs.select_related("cooperative", "officer").only(*LIST_FIELDS).order_by("needed_by", "-id")
    return LookaheadPaginator(ordered, per_page, count_cap=10_000).page(page)


def need_timeline(need: Need) -> list[NeedEvent]:
    return list(NeedEvent.objects.filter(need=need).select_related("actor").order_by("at", "id"))


def need_pledges(need: Need) -> list[Pledge]:
    return list(Pledge.objects.filter(need=need).select_related("supplier", "from_cooperative").order_by("id"))


def pledges_of(*, supplier_id: int | None = None, cooperative_id: int | None = None) -> QuerySet[Pledge]:
    """A giver's own pledges, newest first."""
    pledges = Pledge.objects.select_related("need", "need__cooperative")
    if supplier_id is not None:
        pledges = pledges.filter(supplier_id=supplier_id)
    else:
        pledges = pledges.filter(from_cooperative_id=cooperative_id)
    return pledges.order_by("-created_at", "-id")


@dataclass
class ServiceLevels:
    """How a set of needs is answered: counts, overdue ones, and how fast the first answer came."""

    open: int = 0
    response_overdue: int = 0
    fulfilment_overdue: int = 0
    fulfilled: int = 0
    fulfilled_on_time: int = 0
    answered: int = 0
    median_response_hours: Decimal | None = None

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.fulfilled_on_time / self.fulfilled) if self.fulfilled else None


def service_levels(needs: QuerySet[Need], *, now: datetime.datetime | None = None) -> ServiceLevels:
    """Counts in one grouped query; the median time to a first answer over the last 500 answered needs."""
    moment = now or timezone.now()
    counts = needs.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        response_overdue=Count("id", filter=response_overdue_q(moment)),
        fulfilment_overdue=Count("id", filter=fulfilment_overdue_q(moment.date())),
        fulfilled=Count("id", filter=Q(status=NeedStatus.FULFILLED)),
        fulfilled_on_time=Count("id", filter=Q(status=NeedStatus.FULFILLED, fulfilled_at__date__lte=F("needed_by"))),
        answered=Count("id", filter=Q(first_response_at__isnull=False)),
    )
    levels = ServiceLevels(**counts)
    pairs = list(
        needs.filter(first_response_at__isnull=False, submitted_at__isnull=False)
        .order_by("-first_response_at")
        .values_list("submitted_at", "first_response_at")[:500]
    )
    if pairs:
        hours = sorted(max((answered - submitted).total_seconds(), 0) / 3600 for submitted, answered in pairs)  # type: ignore[operator]
        middle = hours[len(hours) // 2] if len(hours) % 2 else (hours[len(hours) // 2 - 1] + hours[len(hours) // 2]) / 2
        levels.median_response_hours = Decimal(str(round(middle, 1)))
    return levels


@dataclass
class OfficerLoad:
    officer_id: int | None
    name: str
    open: int
    overdue: int


def overdue_by_officer(needs: QuerySet[Need], *, now: datetime.datetime | None = None) -> list[OfficerLoad]:
    """Open and overdue needs per assigned officer (unassigned as one row), most overdue first: one query."""
    moment = now or timezone.now()
    rows = (
        needs.filter(status__in=OPEN_STATUSES)
        .values("officer_id", "officer__full_name")
        .annotate(open=Count("id"), overdue=Count("id", filter=overdue_q(moment)))
        .order_by()
    )
    loads = [OfficerLoad(r["officer_id"], r["officer__full_name"] or "", r["open"], r["overdue"]) for r in rows]
    return sorted(loads, key=lambda load: (-load.overdue, -load.open, load.name))


# The copied need column of each region level, and of the level below it.
_COLUMN = {
    RegionLevel.PROVINCE: "province_code",
    RegionLevel.REGENCY: "regency_code",
    RegionLevel.DISTRICT: "district_code",
}
_CHILD_COLUMN = {
    0: "province_code",
    RegionLevel.PROVINCE: "regency_code",
    RegionLevel.REGENCY: "district_code",
    RegionLevel.DISTRICT: "village_code",
}


@dataclass
class RegionRow:
    code: str
    name: str
    open: int = 0
    overdue: int = 0
    fulfilled: int = 0
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)


def by_child_region(
    needs: QuerySet[Need], *, region: Region | None, now: datetime.datetime | None = None
) -> list[RegionRow]:
    """Needs per region one level down (only regions that have any), with open, overdue, fulfilled and open by
    category: two queries, whatever the number of needs. A village has no level below: empty."""
    level = region.level if region is not None else 0
    column = _CHILD_COLUMN.get(level)
    if column is None:
        return []
    moment = now or timezone.now()
    rows: dict[str, RegionRow] = {}
    grouped = (
        needs.values(column, "category")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=overdue_q(moment)),
            fulfilled=Count("id", filter=Q(status=NeedStatus.FULFILLED)),
        )
        .order_by()
    )
    for found in grouped:
        row = rows.setdefault(found[column], RegionRow(found[column], found[column]))
        row.total += found["total"]
        row.open += found["open"]
        row.overdue += found["overdue"]
        row.fulfilled += found["fulfilled"]
        if found["open"]:
            row.by_category[found["category"]] = row.by_category.get(found["category"], 0) + found["open"]
    for code, name in Region.objects.filter(code__in=list(rows)).values_list("code", "name"):
        rows[code].name = name
    return sorted(rows.values(), key=lambda row: (row.name, row.code))


def region_column(region: Region | None) -> str | None:
    return _COLUMN.get(region.level) if region is not None else None  # type: ignore[call-overload]


PRIORITY_ORDER = {value: rank for rank, value in enumerate(reversed(NeedPriority.values))}


def public_needs(region: Region | None) -> QuerySet[Need]:
    """Every need but drafts in the region (the country when None), for the public summary: counts only."""
    needs = Need.objects.exclude(status=NeedStatus.DRAFT)
    if region is None:
        return needs
    column = region_column(region) or "village_code"
    return needs.filter(**{column: region.code})


def category_counts(needs: QuerySet[Need], *, now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """Per category: open, overdue and fulfilled, in the order of NeedCategory; one grouped query."""
    moment = now or timezone.now()
    found = {
        row["category"]: row
        for row in needs.values("category")
        .annotate(
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            overdue=Count("id", filter=overdue_q(moment)),
            fulfilled=Count("id", filter=Q(status=NeedStatus.FULFILLED)),
        )
        .order_by()
    }
    return [
        {
            "category": value,
            "label": label,
            "open": found.get(value, {}).get("open", 0),  # type: ignore[call-overload]
            "overdue": found.get(value, {}).get("overdue", 0),  # type: ignore[call-overload]
            "fulfilled": found.get(value, {}).get("fulfilled", 0),  # type: ignore[call-overload]
        }
        for value, label in NeedCategory.choices
    ]
