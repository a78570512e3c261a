"""Reads for a Dinas officer: a region's cooperatives broken down by the next level down and by type,
the paginated list of them, and the region's audit trail. Access is the view's check
(`access_office_by_region`); these functions trust the region code they are given."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops.hooks import cooperative_figures
from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType
from simpul.coops.selectors.paging import LookaheadPaginator
from simpul.coops.selectors.public import (
    COUNTRY_CODE,
    DIRECTORY_LIST_FIELDS,
    cooperatives_in_region,
    cooperatives_named,
    region_column,
)
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.regions.models import Region, RegionLevel, within

# The cooperative column that names the next level down, keyed by the column of the region itself.
_CHILD_COLUMN = {
    None: "province_code",
    "province_code": "regency_code",
    "regency_code": "district_code",
    "district_code": "village_id",
}


@dataclass
class BreakdownRow:
    """Cooperatives of one child region: by type (dissolved ones left out) and by status."""

    code: str
    name: str
    level: int
    by_type: dict[str, int] = field(default_factory=dict)
    active: int = 0
    dormant: int = 0
    dissolved: int = 0
    # by_type laid out in the table's column order; see `breakdown_columns`.
    type_counts: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Cooperatives that still exist (active or dormant)."""
        return self.active + self.dormant

    def add(self, type: str, status: str, count: int) -> None:
        if status == CooperativeStatus.DISSOLVED:
            self.dissolved += count
            return
        self.by_type[type] = self.by_type.get(type, 0) + count
        if status == CooperativeStatus.ACTIVE:
            self.active += count
        else:
            self.dormant += count


def _child_regions(region_code: str, column: str | None) -> QuerySet[Region]:
    if column is None:
        return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")
    return Region.objects.filter(parent_id=region_code).order_by("name", "code")


def region_breakdown(*, region_code: str) -> list[BreakdownRow]:
    """One row per region one level down (every child, also those with no cooperative), counted by type and
    status in ONE grouped query. A village has no level below it: the list is empty."""
    column = region_column(region_code)
    child_column = _CHILD_COLUMN.get(column)
    if child_column is None:
        return []
    rows = {
        r.code: BreakdownRow(code=r.code, name=r.name, level=r.level)
        for r in _child_regions(region_code, column).only("code", "name", "level")
    }
    counts = (
        Cooperative.objects.filter(cooperatives_in_region(region_code))
        .values(child_column, "type", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for count in counts:
        row = rows.get(count[child_column])
        if row is not None:
            row.add(count["type"], count["status"], count["n"])
    return list(rows.values())


def breakdown_total(rows: list[BreakdownRow], *, code: str = "", name: str = "") -> BreakdownRow:
    """The sum of the rows: the region's own figures."""
    total = BreakdownRow(code=code, name=name, level=0)
    for row in rows:
        for type, count in row.by_type.items():
            total.by_type[type] = total.by_type.get(type, 0) + count
        total.active += row.active
        total.dormant += row.dormant
        total.dissolved += row.dissolved
    return total


def region_totals(*, region_code: str) -> BreakdownRow:
    """The region's own figures by type and status in one grouped query (for a village, which has no rows)."""
    total = BreakdownRow(code=region_code, name="", level=0)
    counts = (
        Cooperative.objects.filter(cooperatives_in_region(region_code))
        .values("type", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for count in counts:
        total.add(count["type"], count["status"], count["n"])
    return total


# Column headings that fit a phone; the full name is the heading's title.
SHORT_TYPE_LABELS: dict[str, object] = {
    CooperativeType.KUD: "KUD",
    CooperativeType.KSU: "KSU",
    CooperativeType.KSP: "KSP",
    CooperativeType.KSPPS: "KSPPS",
    CooperativeType.KOPONTREN: "Kopontren",
    CooperativeType.MERAH_PUTIH: "Merah Putih",
    CooperativeType.KARYAWAN: gettext_lazy("Employees"),
    CooperativeType.PRODUSEN: gettext_lazy("Producers"),
    CooperativeType.PEMASARAN: gettext_lazy("Marketing"),
    CooperativeType.SEKUNDER: gettext_lazy("Secondary"),
}


@dataclass
class TypeColumn:
    value: str
    label: str
    short_label: str


def breakdown_columns(rows: list[BreakdownRow], total: BreakdownRow) -> list[TypeColumn]:
    """The cooperative types present (in the order of CooperativeType): the table's columns. Lays each row's
    and the total's counts out in that order in `type_counts`."""
    present = {type for type, count in total.by_type.items() if count}
    columns = [
        TypeColumn(value=value, label=str(label), short_label=str(SHORT_TYPE_LABELS.get(value, label)))
        for value, label in CooperativeType.choices
        if value in present
    ]
    for row in [*rows, total]:
        row.type_counts = [row.by_type.get(column.value, 0) for column in columns]
    return columns


def _valid_choice(value: str, allowed: list[str], *, field: str) -> str:
    if value and value not in allowed:
        raise ApplicationError(
            _("“%(value)s” is not one of the allowed choices.") % {"value": value},
            code="invalid_choice",
            extra={"field": field},
        )
    return value


def region_cooperatives(
    *, region_code: str, type: str = "", status: str = "", name: str = "", page: int = 1, per_page: int = 50
) -> Page:
    """One page of the cooperatives in a region (every status unless `status` names one), ordered by name; `name`:
    only those whose name holds these words (as typed, any case)."""
    qs = Cooperative.objects.filter(cooperatives_in_region(region_code), cooperatives_named(name))
    if _valid_choice(type, CooperativeType.values, field="jenis"):
        qs = qs.filter(type=type)
    if _valid_choice(status, CooperativeStatus.values, field="status"):
        qs = qs.filter(status=status)
    qs = qs.select_related("village").only(*DIRECTORY_LIST_FIELDS, "nik_koperasi").order_by("search_name", "id")
    return LookaheadPaginator(qs, per_page, count_cap=10_000).page(page)


def _audit_in_region(region_code: str) -> Q:
    code = region_code.strip()
    region_column(code)  # refuses a malformed code
    if code in ("", COUNTRY_CODE):
        return Q()
    return Q(region_code=code) | Q(region_code__startswith=code + ".")


def region_audit_log(*, region_code: str, page: int = 1, per_page: int = 50) -> Page:
    """Audit rows whose region lies inside the region, newest first."""
    qs = (
        AuditLog.objects.filter(_audit_in_region(region_code))
        .select_related("actor", "cooperative")
        .only(
            "created_at",
            "event",
            "target_type",
            "target_id",
            "target_label",
            "changes",
            "region_code",
            "ip_address",
            "actor__full_name",
            "cooperative__name",
            "cooperative__slug",
        )
        .order_by("-created_at", "-id")
    )
    return LookaheadPaginator(qs, per_page, count_cap=10_000).page(page)


def region_trail(*, scope_code: str, region: Region | None) -> list[tuple[str, str]]:
    """Breadcrumbs (code, name) from the office's own scope down to `region`; never above the scope."""
    crumbs: list[tuple[str, str]] = []
    if not scope_code:
        crumbs.append((COUNTRY_CODE, _("Indonesia")))
    if region is None:
        return crumbs
    codes = [*region.ancestor_codes(), region.code]
    inside = [c for c in codes if within(c, scope_code)]
    names = dict(Region.objects.filter(code__in=inside).values_list("code", "name"))
    crumbs.extend((code, names.get(code, code)) for code in inside)
    return crumbs


# --- the region's figures and map ---------------------------------------------------------------------------------

INACTIVE_DAYS = 60  # a cooperative with no posting for this long is "without activity" on the Dinas home
LIST_LIMIT = 20  # cooperatives named in each list; the count says how many there are in all
QUIET_READ = 500  # the quiet cooperatives read, by name, to fill both lists


@dataclass
class RegionFigures:
    """Members, savings and assets of the region's cooperatives (active and dormant) in total, and those without
    books (nothing ever posted) or without activity (no posting for INACTIVE_DAYS days), the first LIST_LIMIT of
    each by name."""

    members: int = 0
    savings: Decimal = Decimal("0.00")
    assets: Decimal = Decimal("0.00")
    with_books: int = 0
    without_books: list[Cooperative] = field(default_factory=list)
    without_books_count: int = 0
    inactive: list[tuple[Cooperative, datetime.datetime | None]] = field(default_factory=list)
    inactive_count: int = 0


def _existing_in_region(region_code: str) -> QuerySet[Cooperative]:
    return Cooperative.objects.filter(cooperatives_in_region(region_code)).exclude(status=CooperativeStatus.DISSOLVED)


def region_figures(*, region_code: str, now: datetime.datetime | None = None) -> RegionFigures:
    """The region's figures from the apps above coops (coops.hooks.cooperative_figures, given the region's
    cooperatives as a subquery), the two lists and the count of cooperatives: the same number of queries whatever
    the number of cooperatives.

    The providers answer one row per cooperative; a national view reads the monitoring roll-ups instead."""
    cooperatives = _existing_in_region(region_code)
    found = cooperative_figures(cooperative_ids=cooperatives.values("pk"))
    moment = (now or timezone.now()) - datetime.timedelta(days=INACTIVE_DAYS)
    figures = RegionFigures()
    with_books: list[int] = []
    inactive: dict[int, datetime.datetime | None] = {}
    for cooperative_id, mine in found.items():
        figures.members += mine.get("members", 0)
        figures.savings += mine.get("savings", Decimal(0))
        figures.assets += mine.get("assets", Decimal(0))
        if mine.get("has_books"):
            with_books.append(cooperative_id)
            if mine.get("last_posted_at") is None or mine["last_posted_at"] < moment:
                inactive[cooperative_id] = mine.get("last_posted_at")
    figures.with_books = len(with_books)
    # One read for both lists: the cooperatives that did not post lately (without books, or without activity).
    lately = [cooperative_id for cooperative_id in with_books if cooperative_id not in inactive]
    lean = ("id", "name", "slug", "status", "search_name")
    quiet = list(cooperatives.exclude(pk__in=lately).only(*lean).order_by("search_name", "id")[:QUIET_READ])
    books_less = [c for c in quiet if c.pk not in inactive]
    figures.without_books = books_less[:LIST_LIMIT]
    figures.without_books_count = cooperatives.count() - len(with_books)
    idle = sorted((c for c in quiet if c.pk in inactive), key=lambda c: (inactive[c.pk] or moment, c.search_name))
    figures.inactive = [(c, inactive[c.pk]) for c in idle[:LIST_LIMIT]]
    figures.inactive_count = len(inactive)
    return figures


@dataclass(frozen=True)
class MapPoint:
    """A village holding cooperatives of the region, at its centre point."""

    code: str
    name: str
    latitude: float
    longitude: float
    cooperatives: int


@dataclass
class RegionMap:
    points: list[MapPoint]
    labels: list[dict[str, Any]]  # the regions one level down (or the region itself) at their centre points
    unplaced: int  # cooperatives whose village has no centre point

    def data(self) -> dict[str, Any]:
        """What map.js draws (through json_script)."""
        return {
            "points": [
                {"name": p.name, "lat": p.latitude, "lng": p.longitude, "count": p.cooperatives} for p in self.points
            ],
            "labels": self.labels,
        }


def region_map(*, region_code: str) -> RegionMap:
    """The region's existing cooperatives grouped by village, each village at its centre point, and the names of
    the regions one level down at theirs: two queries."""
    rows = (
        _existing_in_region(region_code)
        .values("village_id", "village__name", "village__latitude", "village__longitude")
        .annotate(n=Count("id"))
        .order_by("village_id")
    )
    points, unplaced = [], 0
    for row in rows:
        if row["village__latitude"] is None or row["village__longitude"] is None:
            unplaced += row["n"]
            continue
        points.append(
            MapPoint(
                row["village_id"],
                row["village__name"],
                float(row["village__latitude"]),
                float(row["village__longitude"]),
                row["n"],
            )
        )
    column = region_column(region_code)
    if column == "village_id":
        regions = Region.objects.filter(code=region_code.strip())
    else:
        regions = _child_regions(region_code.strip(), column)
    labels = [
        {"name": name, "lat": float(lat), "lng": float(lng)}
        for name, lat, lng in regions.values_list("name", "latitude", "longitude")
        if lat is not None and lng is not None
    ]
    return RegionMap(points, labels, unplaced)
