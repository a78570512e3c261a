"""The RAT pack: the fiscal year's statements taken from the ledger's own reports (simpul/ledger/reports) — neraca,
perhitungan hasil usaha with the members' SHU shares, changes in equity, cash flow — as plain stored figures, and
their PDF. Nothing is recomputed here: each figure is what the ledger's report gives for the year.

`pack_figures` is called at each submission; the figures and the PDF's SHA-256 are stored on the report, so what
the Dinas received stays what it was whatever is posted afterwards."""

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exports import pdf_bytes
from simpul.ledger.reports.balance_sheet import comparative_balance_sheet
from simpul.ledger.reports.business_results import business_results
from simpul.ledger.reports.cash_flow import cash_flow
from simpul.ledger.reports.dates import make_period
from simpul.ledger.reports.equity_changes import equity_changes
from simpul.rat.models import RatReport

CENT = Decimal("0.01")
PACK_TEMPLATE = "rat/pack_print.html"


def _m(value: Any) -> str:
    return str(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def _rows(rows: Any) -> list[dict[str, Any]]:
    return [
        {"code": row.account_code, "name": row.account_name, "depth": row.depth, "amount": _m(row.current)}
        for row in rows
    ]


def _section(section: Any) -> dict[str, Any]:
    return {
        "rows": [
            {
                "code": line.account.code,
                "name": line.account.name,
                "depth": line.depth,
                "amount": _m(line.amount.current),
            }
            for line in section.lines
        ],
        "total": _m(section.total.current),
    }


def shu_shares(shu: Decimal, capital_percent: Decimal, business_percent: Decimal) -> dict[str, str]:
    """The members' part of the year's SHU as the meeting set it: jasa modal and jasa usaha (none of a loss)."""
    base = max(shu, Decimal(0))
    capital = (base * capital_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    business = (base * business_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return {
        "shu": _m(shu),
        "capital_percent": _m(capital_percent),
        "business_percent": _m(business_percent),
        "capital": _m(capital),
        "business": _m(business),
        "members_total": _m(capital + business),
        "other": _m(base - capital - business),
    }


def pack_figures(
    *, cooperative: Cooperative, year_start: dt.date, year_end: dt.date, shu_capital: Decimal, shu_business: Decimal
) -> dict[str, Any]:
    """The year's statements from the ledger, as JSON-ready figures (amounts as strings of rupiah)."""
    period = make_period(year_start, year_end)
    sheet = comparative_balance_sheet(cooperative=cooperative, period=period)
    now = sheet.current
    results = business_results(cooperative=cooperative, period=period)
    equity = equity_changes(cooperative=cooperative, period=period).current
    flows = cash_flow(cooperative=cooperative, period=period)
    return {
        "start": year_start.isoformat(),
        "end": year_end.isoformat(),
        "made_at": timezone.now().isoformat(),
        "balance_sheet": {
            "assets": _rows(sheet.assets),
            "liabilities": _rows(sheet.liabilities),
            "syirkah": _rows(sheet.syirkah),
            "equity": _rows(sheet.equity),
            "total_assets": _m(now.total_assets),
            "total_liabilities": _m(now.total_liabilities),
            "total_equity": _m(now.total_equity),
            "total_liabilities_and_equity": _m(now.total_liabilities_and_equity),
            "is_balanced": bool(now.is_balanced),
        },
        "business_results": {
            "member_revenue": _section(results.member_revenue),
            "non_member_revenue": _section(results.non_member_revenue),
            "business_revenue": _m(results.business_revenue.current),
            "cost_of_goods_sold": _section(results.cost_of_goods_sold),
            "gross_result": _m(results.gross_result.current),
            "operating_expenses": _section(results.operating_expenses),
            "operating_result": _m(results.operating_result.current),
            "other_income": _section(results.other_income),
            "shu": _m(results.shu.current),
        },
        "shu_shares": shu_shares(results.shu.current, shu_capital, shu_business),
        "equity_changes": {
            "rows": [
                {
                    "code": row.account.code if row.account else "",
                    "name": row.account.name if row.account else _("SHU not yet closed into equity"),
                    "opening": _m(row.opening),
                    "increases": _m(row.increases),
                    "decreases": _m(row.decreases),
                    "closing": _m(row.closing),
                }
                for row in equity.all_rows
            ],
            "total_opening": _m(equity.total_opening),
            "total_closing": _m(equity.total_closing),
        },
        "cash_flow": {
            "opening": _m(flows.opening.current),
            "sections": [
                {
                    "activity": section.key,
                    "receipts": _m(section.receipts.current),
                    "payments": _m(section.payments.current),
                    "net": _m(section.net.current),
                }
                for section in flows.sections
            ],
            "net_change": _m(flows.net_change.current),
            "closing": _m(flows.closing.current),
        },
    }


def pack_pdf(report: RatReport) -> tuple[bytes, str]:
    """The pack's PDF, rendered from the stored figures, and its SHA-256."""
    content = pdf_bytes(PACK_TEMPLATE, {"report": report, "cooperative": report.cooperative, "f": report.figures})
    return content, hashlib.sha256(content).hexdigest()
