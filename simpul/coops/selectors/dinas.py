"""Reads for a Dinas officer: a region's cooperatives broken down by the next level down and by type,
the paginated list of them, and the region's audit trail. Access is the view's check
(`access_office_by_region`); these functions trust the region code they are given."""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.coops.models import Cooperative, CooperativeStatus, CooperativeType
from simpul.coops.selectors.paging import LookaheadPaginator
from simpul.coops.selectors.public import COUNTRY_CODE, DIRECTORY_LIST_FIELDS, cooperatives_in_region, region_column
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
    *, region_code: str, type: str = "", status: str = "", page: int = 1, per_page: int = 50
) -> Page:
    """One page of the cooperatives in a region (every status unless `status` names one), ordered by name."""
    qs = Cooperative.objects.filter(cooperatives_in_region(region_code))
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
