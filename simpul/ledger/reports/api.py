"""The ledger's reports as JSON under /api/v1/cooperatives/{slug}/reports/…: the same reports, dates and access
as the pages (managers and supervisors read; cashiers and members 403; anyone else 404).

Every report takes `start` and `end` (YYYY-MM-DD; the fiscal year by default) and answers with the period and the
same period of the previous year beside it. Amounts are exact decimal strings ("1250000.00")."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from simpul.api_public import MAX_ID
from simpul.coops.access import READ_ROLES, access_cooperative
from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.core.models import User
from simpul.ledger.models import Account
from simpul.ledger.periods.api import router as period_router
from simpul.ledger.reports.balance_sheet import SheetRow, comparative_balance_sheet
from simpul.ledger.reports.business_results import ResultSection, business_results
from simpul.ledger.reports.cash_flow import cash_flow
from simpul.ledger.reports.common import Pair
from simpul.ledger.reports.dates import ReportPeriod, resolve_period
from simpul.ledger.reports.equity_changes import EquityStatement, equity_changes
from simpul.ledger.reports.general_journal import general_journal_page, journal_summary
from simpul.ledger.reports.general_ledger import general_ledger
from simpul.ledger.reports.trial_balance import comparative_trial_balance
from simpul.ledger.reports.zis_views import router as zis_router
from simpul.ledger.selectors import TrialBalance

router = Router(tags=["reports"])
# Reopening periods (periods/api.py) rides on this router, so simpul/api.py registers nothing more.
router.add_router("", period_router)
router.add_router("", zis_router)  # the ZIS fund report of a sharia cooperative (reports/zis_views.py)
BASE = "/cooperatives/{slug}/reports"
ACCESS = " For the cooperative's managers and supervisors; cashiers and members get 403, anyone else 404."
MAX_PAGE = 100


# --- schemas


class ReportPeriodOut(Schema):
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date


class PairOut(Schema):
    current: Decimal
    previous: Decimal


class JournalLineOut(Schema):
    account_code: str
    account_name: str
    debit: Decimal
    credit: Decimal


class JournalEntryOut(Schema):
    id: int
    number: int
    date: dt.date
    description: str
    source: str
    lines: list[JournalLineOut]


class GeneralJournalOut(Schema):
    period: ReportPeriodOut
    entries_count: list[int] = Field(description="Entries in the period and in the previous period")
    posted: PairOut
    items: list[JournalEntryOut]
    has_more: bool


class LedgerLineOut(Schema):
    entry_id: int
    number: int
    date: dt.date
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


class GeneralLedgerOut(Schema):
    period: ReportPeriodOut
    account_code: str
    account_name: str
    opening: PairOut
    debit: PairOut
    credit: PairOut
    closing: PairOut
    items: list[LedgerLineOut]
    has_more: bool


class TrialBalanceRowOut(Schema):
    account_code: str
    account_name: str
    depth: int
    opening: Decimal = Field(description="Debit minus credit before the start")
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal
    previous_closing_debit: Decimal
    previous_closing_credit: Decimal


class TrialBalanceOut(Schema):
    period: ReportPeriodOut
    rows: list[TrialBalanceRowOut]
    total_debit: PairOut
    total_credit: PairOut
    total_closing_debit: PairOut
    total_closing_credit: PairOut
    is_balanced: bool


class AmountRowOut(Schema):
    account_code: str
    account_name: str
    depth: int
    current: Decimal
    previous: Decimal


class BalanceSheetOut(Schema):
    period: ReportPeriodOut
    as_of: dt.date
    previous_as_of: dt.date
    assets: list[AmountRowOut]
    liabilities: list[AmountRowOut]
    syirkah: list[AmountRowOut] = Field(description="Dana syirkah temporer, between liabilities and equity")
    equity: list[AmountRowOut]
    current_result: PairOut = Field(
        description="The running fiscal year's SHU (included in the SHU Tahun Berjalan row when the chart has it)"
    )
    earlier_result: PairOut = Field(description="Revenue minus expenses of earlier fiscal years not yet closed")
    total_assets: PairOut
    total_liabilities: PairOut
    total_syirkah: PairOut
    total_equity: PairOut
    total_liabilities_and_equity: PairOut
    is_balanced: bool


class ResultSectionOut(Schema):
    rows: list[AmountRowOut]
    total: PairOut


class BusinessResultsOut(Schema):
    period: ReportPeriodOut
    member_revenue: ResultSectionOut
    non_member_revenue: ResultSectionOut
    business_revenue: PairOut
    cost_of_goods_sold: ResultSectionOut
    gross_result: PairOut
    operating_expenses: ResultSectionOut
    operating_result: PairOut
    other_income: ResultSectionOut
    shu: PairOut


class EquityRowOut(Schema):
    account_code: str | None = Field(description="None for the SHU not yet closed into an equity account")
    account_name: str
    opening: Decimal
    increases: Decimal
    decreases: Decimal
    closing: Decimal


class EquityStatementOut(Schema):
    start: dt.date
    end: dt.date
    rows: list[EquityRowOut]
    shu: Decimal
    total_opening: Decimal
    total_closing: Decimal


class EquityChangesOut(Schema):
    period: ReportPeriodOut
    current: EquityStatementOut
    previous: EquityStatementOut


class CashFlowLineOut(Schema):
    account_code: str
    account_name: str
    receipts: PairOut
    payments: PairOut


class CashFlowSectionOut(Schema):
    activity: str
    lines: list[CashFlowLineOut]
    net: PairOut


class CashFlowOut(Schema):
    period: ReportPeriodOut
    opening_cash: PairOut
    sections: list[CashFlowSectionOut]
    net_change: PairOut
    closing_cash: PairOut


# --- helpers


def _reader(request: HttpRequest, slug: str) -> Cooperative:
    user: User = request.auth  # type: ignore[attr-defined]
    cooperative, _role = access_cooperative(user, slug, READ_ROLES)
    return cooperative


def _period(cooperative: Cooperative, start: dt.date | None, end: dt.date | None) -> ReportPeriod:
    return resolve_period(cooperative, start, end)


def _period_out(period: ReportPeriod) -> ReportPeriodOut:
    return ReportPeriodOut(
        start=period.start, end=period.end, previous_start=period.previous_start, previous_end=period.previous_end
    )


def _pair(pair: Pair) -> PairOut:
    return PairOut(current=pair.current, previous=pair.previous)


def _both(current: Decimal, previous: Decimal) -> PairOut:
    return PairOut(current=current, previous=previous)


START = Query(None, description="First day (YYYY-MM-DD); default: the start of the fiscal year")
END = Query(None, description="Last day (YYYY-MM-DD); default: the end of the fiscal year")
AS_OF = Query(None, description="The day of the position (YYYY-MM-DD); default: today")
LIMIT = Query(50, ge=1, le=MAX_PAGE, description="How many items (at most 100)")
OFFSET = Query(0, ge=0, le=MAX_ID, description="How many items to skip")


def _page_number(limit: int, offset: int) -> int:
    """The API pages by limit/offset; the selectors by page number. An offset must be a multiple of the limit."""
    if offset % limit:
        raise ApplicationError(
            _("The offset must be a multiple of the limit."), code="invalid_offset", extra={"field": "offset"}
        )
    return offset // limit + 1


# --- endpoints


@router.get(
    f"{BASE}/general-journal",
    response=GeneralJournalOut,
    summary="General journal (jurnal umum)",
    description="The period's entries with their lines, in date and number order, a page at a time." + ACCESS,
)
def general_journal_report(
    request: HttpRequest,
    slug: str,
    start: dt.date | None = START,
    end: dt.date | None = END,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> GeneralJournalOut:
    cooperative = _reader(request, slug)
    period = _period(cooperative, start, end)
    number = _page_number(limit, offset)
    page = general_journal_page(cooperative=cooperative, period=period, page=number, per_page=limit)
    summary = journal_summary(cooperative=cooperative, period=period)
    items = [
        JournalEntryOut(
            id=entry.pk,
            number=entry.number,
            date=entry.date,
            description=entry.description,
            source=entry.source,
            lines=[
                JournalLineOut(
                    account_code=line.account.code,
                    account_name=line.account.name,
                    debit=line.debit,
                    credit=line.credit,
                )
                for line in entry.lines.all()
            ],
        )
        for entry in page.object_list
    ]
    return GeneralJournalOut(
        period=_period_out(period),
        entries_count=list(summary.entries),
        posted=_pair(summary.posted),
        items=items,
        has_more=page.has_next(),
    )


@router.get(
    f"{BASE}/general-ledger",
    response=GeneralLedgerOut,
    summary="General ledger of one account (buku besar)",
    description="Opening balance, the period's lines with the running balance, closing balance; balances on the "
    "account's normal side." + ACCESS,
)
def general_ledger_report(
    request: HttpRequest,
    slug: str,
    account: str = Query(..., min_length=1, max_length=20, description="Account code, e.g. 1101"),
    start: dt.date | None = START,
    end: dt.date | None = END,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> GeneralLedgerOut:
    cooperative = _reader(request, slug)
    period = _period(cooperative, start, end)
    number = _page_number(limit, offset)
    found = Account.objects.filter(cooperative=cooperative, code=account.strip()).first()
    if found is None:
        raise ApplicationError(
            _("There is no account with code “%(code)s” in this cooperative's chart.") % {"code": account},
            code="unknown_account",
            extra={"field": "account"},
        )
    ledger = general_ledger(cooperative=cooperative, account=found, period=period, page=number, per_page=limit)
    return GeneralLedgerOut(
        period=_period_out(period),
        account_code=found.code,
        account_name=found.name,
        opening=_pair(ledger.opening),
        debit=_pair(ledger.debit),
        credit=_pair(ledger.credit),
        closing=_pair(ledger.closing),
        items=[
            LedgerLineOut(
                entry_id=line.entry_id,
                number=line.number,
                date=line.date,
                description=line.description,
                debit=line.debit,
                credit=line.credit,
                balance=line.balance,
            )
            for line in ledger.lines
        ],
        has_more=bool(ledger.page and ledger.page.has_next()),
    )


def _totals(current: TrialBalance, previous: TrialBalance, name: str) -> PairOut:
    return _both(getattr(current, name), getattr(previous, name))


@router.get(
    f"{BASE}/trial-balance",
    response=TrialBalanceOut,
    summary="Trial balance (neraca saldo)",
    description="Every account's opening balance, postings and closing balance, with the previous period's "
    "closing balances." + ACCESS,
)
def trial_balance_report(
    request: HttpRequest, slug: str, start: dt.date | None = START, end: dt.date | None = END
) -> TrialBalanceOut:
    cooperative = _reader(request, slug)
    period = _period(cooperative, start, end)
    report = comparative_trial_balance(cooperative=cooperative, period=period)
    rows = [
        TrialBalanceRowOut(
            account_code=now.account.code,
            account_name=now.account.name,
            depth=now.depth,
            opening=now.opening,
            debit=now.debit,
            credit=now.credit,
            closing_debit=now.closing_debit,
            closing_credit=now.closing_credit,
            previous_closing_debit=then.closing_debit,
            previous_closing_credit=then.closing_credit,
        )
        for now, then in report.pairs
    ]
    current, previous = report.current, report.previous
    return TrialBalanceOut(
        period=_period_out(period),
        rows=rows,
        total_debit=_totals(current, previous, "total_debit"),
        total_credit=_totals(current, previous, "total_credit"),
        total_closing_debit=_totals(current, previous, "total_closing_debit"),
        total_closing_credit=_totals(current, previous, "total_closing_credit"),
        is_balanced=current.is_balanced and previous.is_balanced,
    )


def _amount_rows(rows: list[SheetRow]) -> list[AmountRowOut]:
    return [
        AmountRowOut(
            account_code=row.account_code,
            account_name=row.account_name,
            depth=row.depth,
            current=row.current,
            previous=row.previous,
        )
        for row in rows
    ]


@router.get(
    f"{BASE}/balance-sheet",
    response=BalanceSheetOut,
    summary="Statement of financial position (neraca)",
    description="The position at the end of `end` (default: today), beside the position on the same day a year "
    "before. SHU Tahun Berjalan is the running fiscal year's result; earlier years' closed SHU stands as SHU Belum "
    "Dibagi; temporary syirkah funds (sharia) sit between liabilities and equity." + ACCESS,
)
def balance_sheet_report(
    request: HttpRequest,
    slug: str,
    start: dt.date | None = START,
    end: dt.date | None = AS_OF,
) -> BalanceSheetOut:
    cooperative = _reader(request, slug)
    period = _period(cooperative, start, end if end is not None else cooperative.today())
    report = comparative_balance_sheet(cooperative=cooperative, period=period)
    now, then = report.current, report.previous
    return BalanceSheetOut(
        period=_period_out(period),
        as_of=now.as_of,
        previous_as_of=then.as_of,
        assets=_amount_rows(report.assets),
        liabilities=_amount_rows(report.liabilities),
        syirkah=_amount_rows(report.syirkah),
        equity=_amount_rows(report.equity),
        current_result=_both(now.current_result, then.current_result),
        earlier_result=_both(now.earlier_result, then.earlier_result),
        total_assets=_both(now.total_assets, then.total_assets),
        total_liabilities=_both(now.total_liabilities, then.total_liabilities),
        total_syirkah=_both(now.total_syirkah, then.total_syirkah),
        total_equity=_both(now.total_equity, then.total_equity),
        total_liabilities_and_equity=_both(now.total_liabilities_and_equity, then.total_liabilities_and_equity),
        is_balanced=now.is_balanced and then.is_balanced,
    )


def _section(section: ResultSection) -> ResultSectionOut:
    return ResultSectionOut(
        rows=[
            AmountRowOut(
                account_code=line.account.code,
                account_name=line.account.name,
                depth=line.depth,
                current=line.amount.current,
                previous=line.amount.previous,
            )
            for line in section.lines
        ],
        total=_pair(section.total),
    )


@router.get(
    f"{BASE}/business-results",
    response=BusinessResultsOut,
    summary="Statement of business results (perhitungan hasil usaha)",
    description="Revenue from members and from non-members apart, cost of goods sold, gross result, operating "
    "expenses, other income and the SHU of the period." + ACCESS,
)
def business_results_report(
    request: HttpRequest, slug: str, start: dt.date | None = START, end: dt.date | None = END
) -> BusinessResultsOut:
    cooperative = _reader(request, slug)
    report = business_results(cooperative=cooperative, period=_period(cooperative, start, end))
    return BusinessResultsOut(
        period=_period_out(report.period),
        member_revenue=_section(report.member_revenue),
        non_member_revenue=_section(report.non_member_revenue),
        business_revenue=_pair(report.business_revenue),
        cost_of_goods_sold=_section(report.cost_of_goods_sold),
        gross_result=_pair(report.gross_result),
        operating_expenses=_section(report.operating_expenses),
        operating_result=_pair(report.operating_result),
        other_income=_section(report.other_income),
        shu=_pair(report.shu),
    )


def _statement(statement: EquityStatement) -> EquityStatementOut:
    return EquityStatementOut(
        start=statement.start,
        end=statement.end,
        rows=[
            EquityRowOut(
                account_code=row.account.code if row.account else None,
                account_name=row.account.name if row.account else _("SHU not yet closed into equity"),
                opening=row.opening,
                increases=row.increases,
                decreases=row.decreases,
                closing=row.closing,
            )
            for row in statement.all_rows
        ],
        shu=statement.shu,
        total_opening=statement.total_opening,
        total_closing=statement.total_closing,
    )


@router.get(
    f"{BASE}/equity-changes",
    response=EquityChangesOut,
    summary="Statement of changes in equity",
    description="Each equity account's opening balance, increases, decreases and closing balance, and the "
    "period's SHU, for the period and the previous one." + ACCESS,
)
def equity_changes_report(
    request: HttpRequest, slug: str, start: dt.date | None = START, end: dt.date | None = END
) -> EquityChangesOut:
    cooperative = _reader(request, slug)
    report = equity_changes(cooperative=cooperative, period=_period(cooperative, start, end))
    return EquityChangesOut(
        period=_period_out(report.period), current=_statement(report.current), previous=_statement(report.previous)
    )


@router.get(
    f"{BASE}/cash-flow",
    response=CashFlowOut,
    summary="Cash flow statement (arus kas), direct method",
    description="Direct method: the cash legs (accounts of cash-flow class `cash`) classified by their "
    "counter-accounts' class (operating, investing, financing; a multi-line entry's cash split over its non-cash "
    "lines in proportion); the opening balances are opening cash, not a flow; opening cash + net change = "
    "closing cash." + ACCESS,
)
def cash_flow_report(
    request: HttpRequest, slug: str, start: dt.date | None = START, end: dt.date | None = END
) -> CashFlowOut:
    cooperative = _reader(request, slug)
    report = cash_flow(cooperative=cooperative, period=_period(cooperative, start, end))
    return CashFlowOut(
        period=_period_out(report.period),
        opening_cash=_pair(report.opening),
        sections=[
            CashFlowSectionOut(
                activity=section.key,
                lines=[
                    CashFlowLineOut(
                        account_code=line.account.code,
                        account_name=line.account.name,
                        receipts=_pair(line.receipts),
                        payments=_pair(line.payments),
                    )
                    for line in section.lines
                ],
                net=_pair(section.net),
            )
            for section in report.sections
        ],
        net_change=_pair(report.net_change),
        closing_cash=_pair(report.closing),
    )
