"""The ZIS fund report of a sharia cooperative: page (with PDF and Excel, through the reports' own machinery in
report_views) and API under /api/v1/cooperatives/{slug}/reports/zis. Same access as the other reports; a
cooperative that is not sharia has no ZIS funds: 404."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from ninja import Query, Router, Schema

from simpul.coops.access import READ_ROLES, access_cooperative
from simpul.coops.models import Cooperative
from simpul.core.exceptions import NotFoundError
from simpul.core.exports import Sheet
from simpul.core.models import User
from simpul.ledger.reports import views as report_views
from simpul.ledger.reports.dates import ReportPeriod, resolve_period
from simpul.ledger.reports.zis import ZisReport, zis_report

ZIS = report_views.Report(
    "laporan-zis",
    gettext_lazy("ZIS fund report"),
    "ledger/reports/zis.html",
    "ledger/reports/print/zis.html",
    signatures=True,
)


def _sheets(heading: list[str], report: ZisReport) -> list[Sheet]:
    rows: list[list[object]] = [
        [fund.account.code, fund.account.name, fund.opening, fund.receipts, fund.disbursements, fund.closing]
        for fund in report.funds
    ]
    totals = report.totals
    rows.append(["", _("Total"), totals["opening"], totals["receipts"], totals["disbursements"], totals["closing"]])
    return [
        Sheet(
            title=str(ZIS.title)[:31],
            header=[
                _("Code"),
                _("Fund"),
                _("Balance at the start"),
                _("Received"),
                _("Disbursed"),
                _("Balance at the end"),
            ],
            rows=rows,
            heading=heading,
            total_rows={len(rows) - 1},
            column_widths=[10, 32, 18, 18, 18, 18],
        )
    ]


@login_required
@require_GET
def zis_report_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(cooperative: Cooperative, period: ReportPeriod) -> report_views.Built:
        if not cooperative.is_sharia:
            raise Http404
        report = zis_report(cooperative=cooperative, start=period.start, end=period.end)
        return {"report": report}, lambda heading: _sheets(heading, report)

    # The reports' one path for access, dates, page, PDF and workbook.
    return report_views._show(request, slug, ZIS, build)


urlpatterns: list[URLPattern] = [
    path("k/<slug:slug>/buku/laporan/zis/", zis_report_view, name="zis_report"),
]


# --- API

router = Router(tags=["reports"])
START = Query(None, description="First day (YYYY-MM-DD); default: the start of the fiscal year")
END = Query(None, description="Last day (YYYY-MM-DD); default: the end of the fiscal year")


class ZisFundOut(Schema):
    code: str
    name: str
    opening: Decimal
    receipts: Decimal
    disbursements: Decimal
    closing: Decimal


class ZisReportOut(Schema):
    start: dt.date
    end: dt.date
    funds: list[ZisFundOut]
    opening: Decimal
    receipts: Decimal
    disbursements: Decimal
    closing: Decimal


@router.get(
    "/cooperatives/{slug}/reports/zis",
    response=ZisReportOut,
    summary="ZIS fund report",
    description="A sharia cooperative's zakat, infak and sedekah funds over a period: balance at the start, "
    "receipts, disbursements and balance at the end, per fund. For the cooperative's managers and supervisors; "
    "cashiers and members get 403, anyone else 404 (also a cooperative that is not sharia).",
)
def zis_report_api(
    request: HttpRequest,
    slug: str,
    start: dt.date | None = START,
    end: dt.date | None = END,
) -> ZisReportOut:
    user: User = request.auth  # type: ignore[attr-defined]
    cooperative, _role = access_cooperative(user, slug, READ_ROLES)
    if not cooperative.is_sharia:
        raise NotFoundError(_("This cooperative keeps no ZIS funds."), code="not_found")
    period = resolve_period(cooperative, start, end)
    report = zis_report(cooperative=cooperative, start=period.start, end=period.end)
    return ZisReportOut(
        start=report.start,
        end=report.end,
        funds=[
            ZisFundOut(
                code=fund.account.code,
                name=fund.account.name,
                opening=fund.opening,
                receipts=fund.receipts,
                disbursements=fund.disbursements,
                closing=fund.closing,
            )
            for fund in report.funds
        ],
        **report.totals,
    )
