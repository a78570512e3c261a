"""Reads of the RAT reports: the state of each cooperative's RAT for a fiscal year (for the Dinas and the other
apps), the Dinas's expected-versus-received figures by child region, a cooperative's reports, and its accepted ones
for the members."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from simpul.coops.models import Cooperative, CooperativeStatus
from simpul.coops.selectors.public import cooperatives_in_region, region_column
from simpul.rat import deadlines
from simpul.rat.models import RatEvent, RatReport, RatStatus
from simpul.regions.models import Region, RegionLevel

CHILD_COLUMN = {
    None: "province_code",
    "province_code": "regency_code",
    "regency_code": "district_code",
    "district_code": "village_id",
}


@dataclass(frozen=True)
class RatState:
    """Where a cooperative's RAT of a fiscal year stands on `today`."""

    cooperative_id: int
    fiscal_year: int
    year_end: dt.date
    meeting_due: dt.date
    report_due: dt.date
    status: str  # "" when nothing is recorded
    report_id: int | None
    meeting_date: dt.date | None
    reported_on: dt.date | None  # the day it first reached the Dinas
    submitted: bool  # received by the Dinas: submitted or accepted
    accepted: bool
    returned: bool
    on_time: bool  # held within 6 months of the year end and reported within a month after
    late: bool  # received, but not on time
    overdue: bool  # not received, and a deadline has passed

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _
        from django.utils.translation import pgettext

        # "rat": words of the RAT's compliance, kept apart from the same English words of goods and needs.
        if self.accepted:
            return str(pgettext("rat", "accepted"))
        if self.submitted:
            return str(pgettext("rat", "received"))
        if self.returned:
            return str(_("returned"))
        if self.overdue:
            return str(pgettext("rat", "overdue"))
        if self.status == RatStatus.DRAFT:
            return str(_("draft"))
        return str(_("not yet due"))


def state_of(cooperative: Cooperative, fiscal_year: int, report: RatReport | None, today: dt.date) -> RatState:
    _start, year_end = deadlines.fiscal_year_bounds(fiscal_year, cooperative.fiscal_year_start_month)
    meeting = report.meeting_date if report is not None else None
    received = report is not None and report.status in (RatStatus.SUBMITTED, RatStatus.ACCEPTED)
    reported_on = report.first_submitted_on if report is not None and received else None
    on_time = bool(meeting and reported_on and deadlines.on_time(year_end, meeting, reported_on))
    return RatState(
        cooperative_id=cooperative.pk,
        fiscal_year=fiscal_year,
        year_end=year_end,
        meeting_due=deadlines.meeting_due(year_end),
        report_due=deadlines.report_due(year_end, meeting),
        status=report.status if report is not None else "",
        report_id=report.pk if report is not None else None,
        meeting_date=meeting,
        reported_on=reported_on,
        submitted=received,
        accepted=report is not None and report.status == RatStatus.ACCEPTED,
        returned=report is not None and report.status == RatStatus.RETURNED,
        on_time=on_time,
        late=received and not on_time,
        overdue=deadlines.overdue(year_end, meeting, reported_on, today) if not received else False,
    )


def rat_states(cooperative_ids: Iterable[int], fiscal_year: int, today: dt.date) -> dict[int, RatState]:
    """{cooperative id: RatState} of each cooperative's RAT for `fiscal_year`, in two queries."""
    cooperatives = Cooperative.objects.filter(pk__in=list(cooperative_ids)).only("pk", "fiscal_year_start_month")
    reports = {
        r.cooperative_id: r
        for r in RatReport.objects.filter(cooperative_id__in=[c.pk for c in cooperatives], fiscal_year=fiscal_year)
    }
    return {c.pk: state_of(c, fiscal_year, reports.get(c.pk), today) for c in cooperatives}


def expected_cooperatives(region_code: str) -> QuerySet[Cooperative]:
    """The cooperatives expected to report: the active ones of the region."""
    return Cooperative.objects.filter(cooperatives_in_region(region_code), status=CooperativeStatus.ACTIVE)


@dataclass
class Compliance:
    code: str = ""
    name: str = ""
    expected: int = 0
    received: int = 0
    accepted: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    returned: int = 0

    def add(self, state: RatState) -> None:
        self.expected += 1
        self.received += state.submitted
        self.accepted += state.accepted
        self.on_time += state.on_time
        self.late += state.late
        self.overdue += state.overdue
        self.returned += state.returned

    @property
    def received_percent(self) -> int:
        return round(100 * self.received / self.expected) if self.expected else 0


@dataclass
class RegionCompliance:
    total: Compliance
    children: list[Compliance] = field(default_factory=list)
    rows: list[tuple[Cooperative, RatState]] = field(default_factory=list)


def region_compliance(*, region_code: str, fiscal_year: int, today: dt.date, status: str = "") -> RegionCompliance:
    """Expected versus received in the region for the year, per child region, and its cooperatives with their
    state (filtered by `status`: received, accepted, on_time, late, overdue, returned, missing)."""
    column = region_column(region_code)
    child_column = CHILD_COLUMN.get(column)
    cooperatives = list(
        expected_cooperatives(region_code)
        .select_related("village")
        .only(
            "pk",
            "name",
            "slug",
            "fiscal_year_start_month",
            "province_code",
            "regency_code",
            "district_code",
            "village__code",
            "village__name",
        )
        .order_by("name", "pk")
    )
    reports = {
        r.cooperative_id: r
        for r in RatReport.objects.filter(cooperative_id__in=[c.pk for c in cooperatives], fiscal_year=fiscal_year)
    }
    children: dict[str, Compliance] = {}
    if child_column is not None:
        regions = (
            Region.objects.filter(level=RegionLevel.PROVINCE)
            if column is None
            else Region.objects.filter(parent_id=region_code)
        )
        children = {r.code: Compliance(code=r.code, name=r.name) for r in regions.order_by("name", "code")}
    total = Compliance(code=region_code)
    rows = []
    for cooperative in cooperatives:
        state = state_of(cooperative, fiscal_year, reports.get(cooperative.pk), today)
        total.add(state)
        if child_column is not None:
            child = children.get(getattr(cooperative, child_column))
            if child is not None:
                child.add(state)
        if _matches(state, status):
            rows.append((cooperative, state))
    return RegionCompliance(total=total, children=[c for c in children.values() if c.expected], rows=rows)


STATUS_FILTERS = ("", "received", "accepted", "on_time", "late", "overdue", "returned", "missing")


def _matches(state: RatState, status: str) -> bool:
    if status == "received":
        return state.submitted
    if status == "missing":
        return not state.submitted
    if status in ("accepted", "on_time", "late", "overdue", "returned"):
        return bool(getattr(state, status))
    return True


def reports_in_region(region_code: str) -> QuerySet[RatReport]:
    column = region_column(region_code)
    reports = RatReport.objects.exclude(status=RatStatus.DRAFT)
    if column is None:
        return reports
    return reports.filter(**{"village_code" if column == "village_id" else column: region_code})


def cooperative_reports(cooperative: Cooperative) -> QuerySet[RatReport]:
    return RatReport.objects.filter(cooperative=cooperative).order_by("-fiscal_year")


def accepted_reports(cooperative: Cooperative) -> QuerySet[RatReport]:
    return RatReport.objects.filter(cooperative=cooperative, status=RatStatus.ACCEPTED).order_by("-fiscal_year")


def report_events(report: RatReport) -> QuerySet[RatEvent]:
    return RatEvent.objects.filter(cooperative_id=report.cooperative_id, report=report).select_related("actor")


def compliance_share(region_code: str, child_level: int, fiscal_year_of: Any, today: dt.date) -> dict[str, Any]:
    """{child region code: (expected, received)} for the choropleth, `fiscal_year_of(cooperative)` naming each
    cooperative's last ended fiscal year."""
    column = {1: "province_code", 2: "regency_code", 3: "district_code"}.get(child_level, "village_id")
    cooperatives = list(expected_cooperatives(region_code or "id").only("pk", "fiscal_year_start_month", column))
    years = {c.pk: fiscal_year_of(c, today) for c in cooperatives}
    received = set(
        RatReport.objects.filter(
            Q(status__in=(RatStatus.SUBMITTED, RatStatus.ACCEPTED)), cooperative_id__in=list(years)
        ).values_list("cooperative_id", "fiscal_year")
    )
    out: dict[str, list[int]] = {}
    for c in cooperatives:
        pair = out.setdefault(getattr(c, column), [0, 0])
        pair[0] += 1
        pair[1] += (c.pk, years[c.pk]) in received
    return out
