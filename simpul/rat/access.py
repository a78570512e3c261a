"""Who reaches a RAT report, by side; each gives the same 404 for a report that does not exist and for one the side
may not see (DESIGN.md, convention 2).

- The cooperative's managers and supervisors: its own reports, by fiscal year.
- A Dinas office whose region holds the cooperative (and the URL's region): every report but drafts.
- A member: the accepted reports of their own cooperative."""

from typing import Any

from simpul.coops.models import Cooperative, GovernmentOffice
from simpul.core.exceptions import NotFoundError
from simpul.rat.models import RatReport, RatStatus
from simpul.regions.models import within


def report_of_cooperative(cooperative: Cooperative, fiscal_year: Any) -> RatReport | None:
    return RatReport.objects.filter(cooperative=cooperative, fiscal_year=int(fiscal_year)).first()


def report_of_office(office: GovernmentOffice, report_id: Any, *, region_code: str) -> RatReport:
    try:
        key = int(report_id)
    except (TypeError, ValueError):
        raise NotFoundError.plain() from None
    report = (
        RatReport.objects.exclude(status=RatStatus.DRAFT)
        .select_related("cooperative", "cooperative__village", "decided_by")
        .filter(pk=key)
        .first()
    )
    if (
        report is None
        or not office.covers(report.village_code)
        or (region_code not in ("", "id") and not within(report.village_code, region_code))
    ):
        raise NotFoundError.plain()
    return report


def accepted_report(cooperative: Cooperative, fiscal_year: Any) -> RatReport:
    report = RatReport.objects.filter(
        cooperative=cooperative, fiscal_year=int(fiscal_year), status=RatStatus.ACCEPTED
    ).first()
    if report is None:
        raise NotFoundError.plain()
    return report
