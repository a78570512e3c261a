"""The monitoring figures over the API: an officer's region (same scope as the dashboard: 404 outside it) and the
public figures of any region (the transparency page's: no person's data). `id` is the whole country."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema

from simpul.api_public import public
from simpul.coops.access import access_office_by_region, region_named
from simpul.core.models import User
from simpul.core.money import CENT
from simpul.monitoring import selectors
from simpul.regions.models import Region

router = Router(tags=["monitoring"])
REGION_CODE = Path(..., max_length=13)


class FiguresOut(Schema):
    members: int
    savings: str
    assets: str
    mart_sales_member: str
    mart_sales_nonmember: str
    jointbuy_savings: str
    needs_open: int
    needs_overdue: int
    rat_expected: int  # active cooperatives, expected to report the RAT of their last ended fiscal year
    rat_received: int
    rat_on_time: int
    rat_overdue: int
    recommendations_overdue: int  # mentoring recommendations past their deadline


class ChildOut(Schema):
    code: str
    name: str
    cooperatives: int
    warnings: int
    figures: FiguresOut


class MonthOut(Schema):
    month: str
    members: int
    mart_sales_member: str
    mart_sales_nonmember: str
    needs_submitted: int


class WarningCountOut(Schema):
    kind: str
    label: str
    count: int


class MonitoringOut(Schema):
    region: str
    name: str
    cooperatives: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    figures: FiguresOut
    regions: list[ChildOut]
    months: list[MonthOut]
    warnings: list[WarningCountOut]


def _value(name: str, value: Any) -> Any:
    if name in selectors.COUNTS:
        return int(value or 0)
    return str(Decimal(value or 0).quantize(CENT))


def _figures(found: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(k, v) for k, v in found.items() if k in selectors.SUMS}


def _out(region: Region | None, region_code: str) -> dict[str, Any]:
    summary = selectors.summary(region)
    return {
        "region": region_code,
        "name": region.name if region else "Indonesia",
        "cooperatives": summary.cooperatives,
        "by_type": dict(summary.by_type),
        "by_status": dict(summary.by_status),
        "figures": _figures(summary.figures),
        "regions": [
            {
                "code": c.code,
                "name": c.name,
                "cooperatives": c.cooperatives,
                "warnings": c.warnings,
                "figures": _figures(c.figures),
            }
            for c in selectors.child_rows(region)
        ],
        "months": [
            {
                "month": t.month.strftime("%Y-%m"),
                **{k: _value(k, v) for k, v in t.figures.items()},
            }
            for t in selectors.trend(region)
        ],
        "warnings": [
            {"kind": key, "label": label, "count": count} for key, label, count in selectors.warning_counts(region)
        ],
    }


@router.get(
    "/dinas/{region_code}/monitoring",
    response=MonitoringOut,
    summary="Monitoring figures of your region",
    description="For an officer whose office covers the region: totals, per region one level down, twelve months "
    "and the early warnings, from the roll-ups (fresh within a minute of each write).",
)
def dinas_monitoring(request: HttpRequest, region_code: str = REGION_CODE) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    access_office_by_region(user, region_code)
    return _out(region_named(region_code), region_code)


@router.get(
    "/monitoring/{region_code}",
    response=MonitoringOut,
    auth=public,
    summary="Open figures of a region's cooperatives",
    description="The transparency page's figures: no person's data. `id` is the whole country.",
)
def public_monitoring(request: HttpRequest, region_code: str = REGION_CODE) -> dict[str, Any]:
    return _out(region_named(region_code), region_code)
