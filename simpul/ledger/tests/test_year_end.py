"""Periods close in order, a year's close posts its closing entry, and reopening takes a reason and two people.

Dates are in 2025 and early 2026, before every clock the calendar runs use; the books use only accounts no
subledger controls (cash, grants, sales, expenses), so the entries post through journal_post directly."""

import datetime as dt
from decimal import Decimal

import pytest

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.core.exceptions import ApplicationError
from simpul.core.models import AuditLog
from simpul.ledger import chart
from simpul.ledger.integrity import verify_chain
from simpul.ledger.models import BooksEvent, BooksEventKind, JournalEntry, Period, PeriodReopenRequest, ReopenStatus
from simpul.ledger.reports.business_results import business_results
from simpul.ledger.reports.dates import make_period
from simpul.ledger.reports.trial_balance import comparative_trial_balance
from simpul.ledger.selectors import balance_sheet
from simpul.ledger.services import journal_post, period_close
from simpul.ledger.services.periods import period_reopen_approve, period_reopen_reject, period_reopen_request

D = Decimal
Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def sale(cooperative, actor, amount: str, on: dt.date, revenue: str = chart.SALES_TO_MEMBERS):
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=on,
        description="Penjualan",
        lines=[(chart.CASH, D(amount), D(0)), (revenue, D(0), D(amount))],
    )


def expense(cooperative, actor, amount: str, on: dt.date):
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=on,
        description="Beban",
        lines=[(chart.OPERATING_EXPENSES, D(amount), D(0)), (chart.CASH, D(0), D(amount))],
    )


def close_month(cooperative, actor, year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return period_close(cooperative=cooperative, actor=actor, start=start, end=end, kind="month")


def close_year(cooperative, actor, year: int = 2025) -> Period:
    return period_close(
        cooperative=cooperative, actor=actor, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), kind="year"
    )


@pytest.fixture
def supervisor(cooperative):
    return person_with_role(RoleKind.SUPERVISOR, cooperative)


@pytest.fixture
def year_2025(cooperative, manager):
    """FY2025: sales 500,000, expenses 150,000 → SHU 350,000; 2026: sales 100,000 → SHU 100,000."""
    sale(cooperative, manager, "400000", dt.date(2025, 3, 10))
    sale(cooperative, manager, "100000", dt.date(2025, 12, 31), chart.SALES_TO_NON_MEMBERS)
    expense(cooperative, manager, "150000", dt.date(2025, 6, 30))
    sale(cooperative, manager, "100000", dt.date(2026, 2, 2))
    return cooperative


def test_months_close_in_order_from_the_first_month_of_the_books(cooperative, manager):
    sale(cooperative, manager, "1000", dt.date(2025, 3, 10))
    with pytest.raises(ApplicationError) as refused:
        close_month(cooperative, manager, 2025, 4)
    assert refused.value.code == "period_order" and "Maret 2025" in refused.value.message
    close_month(cooperative, manager, 2025, 3)  # months before the first entry need no closing
    close_month(cooperative, manager, 2025, 4)
    assert Period.objects.filter(cooperative=cooperative, closed_at__isnull=False).count() == 2


def test_a_month_inside_a_closed_year_is_already_closed(year_2025, manager):
    close_year(year_2025, manager)
    with pytest.raises(ApplicationError) as refused:
        close_month(year_2025, manager, 2025, 5)
    assert refused.value.code == "period_already_closed"


def test_years_close_in_order(cooperative, manager):
    sale(cooperative, manager, "1000", dt.date(2024, 5, 10))
    sale(cooperative, manager, "1000", dt.date(2025, 5, 10))
    with pytest.raises(ApplicationError) as refused:
        close_year(cooperative, manager, 2025)
    assert refused.value.code == "period_order" and "2024" in refused.value.message
    close_year(cooperative, manager, 2024)
    close_year(cooperative, manager, 2025)


def test_closing_a_year_closes_its_months_and_posts_the_closing_entry(year_2025, manager):
    close_month(year_2025, manager, 2025, 3)
    close_year(year_2025, manager)
    months = Period.objects.filter(cooperative=year_2025, kind="month", closed_at__isnull=False)
    assert months.count() == 12  # March closed before, the other eleven with the year
    closing = JournalEntry.objects.get(cooperative=year_2025, source="closing")
    assert closing.date == dt.date(2025, 12, 31)
    lines = {
        (code, debit, credit) for code, debit, credit in closing.lines.values_list("account__code", "debit", "credit")
    }
    assert lines == {
        (chart.SALES_TO_MEMBERS, D("400000"), D(0)),
        (chart.SALES_TO_NON_MEMBERS, D("100000"), D(0)),
        (chart.OPERATING_EXPENSES, D(0), D("150000")),
        (chart.CURRENT_YEAR_SHU, D(0), D("350000")),
        (chart.CURRENT_YEAR_SHU, D("350000"), D(0)),
        (chart.UNDISTRIBUTED_SHU, D(0), D("350000")),
    }
    closed_events = BooksEvent.objects.filter(cooperative=year_2025, kind=BooksEventKind.PERIOD_CLOSED).count()
    assert closed_events == 13  # March, the eleven others, the year
    assert verify_chain(year_2025).intact


def test_the_statements_of_each_year_show_that_year_only(year_2025, manager):
    """The issue's worked example: FY2025 SHU 350,000 closed, 2026 SHU 100,000."""
    close_year(year_2025, manager)
    sheet_2026 = balance_sheet(cooperative=year_2025, as_of=dt.date(2026, 3, 31))
    equity = {line.account.code: line.amount for line in sheet_2026.equity}
    assert equity[chart.CURRENT_YEAR_SHU] == D("100000") and sheet_2026.current_result == D("100000")
    assert equity[chart.UNDISTRIBUTED_SHU] == D("350000")
    assert sheet_2026.earlier_result == 0 and sheet_2026.is_balanced
    # The neraca at the year end shows the year's SHU as SHU Tahun Berjalan, not the zero the closing leaves.
    sheet_2025 = balance_sheet(cooperative=year_2025, as_of=dt.date(2025, 12, 31))
    equity = {line.account.code: line.amount for line in sheet_2025.equity}
    assert equity[chart.CURRENT_YEAR_SHU] == D("350000") and equity[chart.UNDISTRIBUTED_SHU] == 0
    results = business_results(cooperative=year_2025, period=make_period(*Y2025))
    assert results.shu.current == D("350000")
    assert results.member_revenue.total.current == D("400000")
    trial = comparative_trial_balance(
        cooperative=year_2025, period=make_period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    )
    rows = {row.account.code: row for row in trial.current.rows}
    assert rows[chart.SALES_TO_MEMBERS].opening == 0 and rows[chart.SALES_TO_MEMBERS].credit == D("100000")
    assert rows[chart.UNDISTRIBUTED_SHU].opening == D("-350000")
    year_rows = {row.account.code: row for row in trial.previous.rows}  # FY2025 beside it: the year's own figures
    assert year_rows[chart.SALES_TO_MEMBERS].credit == D("400000") and year_rows[chart.CURRENT_YEAR_SHU].debit == 0
    assert trial.current.is_balanced and trial.previous.is_balanced


def test_before_the_fix_the_2026_neraca_added_every_year(year_2025, manager):
    """Without the closing entry (the year only blocked postings) 2026 showed two years of results as one."""
    sheet = balance_sheet(cooperative=year_2025, as_of=dt.date(2026, 3, 31))
    # Not closed: the 2025 result is shown apart as earlier years' result, not added to SHU Tahun Berjalan.
    assert sheet.current_result == D("100000") and sheet.earlier_result == D("350000") and sheet.is_balanced


def test_reopening_takes_a_reason_and_the_other_role(year_2025, manager, supervisor):
    year = close_year(year_2025, manager)
    with pytest.raises(ApplicationError) as refused:
        period_reopen_request(cooperative=year_2025, actor=manager, period_id=year.pk, reason="  ")
    assert refused.value.code == "required"
    request = period_reopen_request(cooperative=year_2025, actor=manager, period_id=year.pk, reason="Salah catat")
    with pytest.raises(ApplicationError) as refused:
        period_reopen_request(cooperative=year_2025, actor=supervisor, period_id=year.pk, reason="Lagi")
    assert refused.value.code == "reopen_pending"
    other_manager = person_with_role(RoleKind.MANAGER, year_2025)
    for wrong in (manager, other_manager):  # the asker, or another of the same role
        with pytest.raises(ApplicationError) as refused:
            period_reopen_approve(cooperative=year_2025, actor=wrong, request_id=request.pk)
        assert refused.value.code == "reopen_second_person"
    year.refresh_from_db()
    assert year.closed_at is not None  # still closed until the second signature
    period_reopen_approve(cooperative=year_2025, actor=supervisor, request_id=request.pk, note="Setuju")
    year.refresh_from_db()
    request.refresh_from_db()
    assert year.closed_at is None and request.status == ReopenStatus.APPROVED and request.decided_by == supervisor
    reversal = JournalEntry.objects.get(cooperative=year_2025, source="reversal")
    assert reversal.date == dt.date(2025, 12, 31) and reversal.reverses.source == "closing"
    event = BooksEvent.objects.filter(cooperative=year_2025).order_by("-number").first()
    assert event.kind == BooksEventKind.PERIOD_REOPENED
    assert event.payload == {"kind": "year", "start": "2025-01-01", "end": "2025-12-31"}
    assert AuditLog.objects.filter(event="ledger.period_reopened").count() == 1
    assert verify_chain(year_2025).intact
    # The books show the year as if never closed; closing again posts the closing entry again.
    assert balance_sheet(cooperative=year_2025, as_of=dt.date(2026, 3, 31)).earlier_result == D("350000")
    close_year(year_2025, manager)
    assert JournalEntry.objects.filter(cooperative=year_2025, source="closing").count() == 2
    sheet = balance_sheet(cooperative=year_2025, as_of=dt.date(2026, 3, 31))
    assert {line.account.code: line.amount for line in sheet.equity}[chart.UNDISTRIBUTED_SHU] == D("350000")
    assert sheet.earlier_result == 0


def test_a_supervisor_asks_and_a_manager_approves(cooperative, manager, supervisor):
    sale(cooperative, manager, "1000", dt.date(2025, 3, 10))
    march = close_month(cooperative, manager, 2025, 3)
    request = period_reopen_request(cooperative=cooperative, actor=supervisor, period_id=march.pk, reason="Koreksi")
    period_reopen_approve(cooperative=cooperative, actor=manager, request_id=request.pk)
    march.refresh_from_db()
    assert march.closed_at is None
    sale(cooperative, manager, "500", dt.date(2025, 3, 20))  # the month takes postings again


def test_reject_and_withdraw(cooperative, manager, supervisor):
    sale(cooperative, manager, "1000", dt.date(2025, 3, 10))
    march = close_month(cooperative, manager, 2025, 3)
    first = period_reopen_request(cooperative=cooperative, actor=manager, period_id=march.pk, reason="Koreksi")
    period_reopen_reject(cooperative=cooperative, actor=supervisor, request_id=first.pk, note="Tidak perlu")
    second = period_reopen_request(cooperative=cooperative, actor=manager, period_id=march.pk, reason="Koreksi lagi")
    period_reopen_reject(cooperative=cooperative, actor=manager, request_id=second.pk)
    statuses = list(PeriodReopenRequest.objects.order_by("requested_at").values_list("status", flat=True))
    assert statuses == [ReopenStatus.REJECTED, ReopenStatus.WITHDRAWN]
    march.refresh_from_db()
    assert march.closed_at is not None
    with pytest.raises(ApplicationError) as refused:
        period_reopen_approve(cooperative=cooperative, actor=supervisor, request_id=first.pk)
    assert refused.value.code == "reopen_decided"


def test_reopening_goes_latest_first_and_never_inside_a_closed_year(cooperative, manager, supervisor):
    sale(cooperative, manager, "1000", dt.date(2025, 10, 10))
    october, november = close_month(cooperative, manager, 2025, 10), close_month(cooperative, manager, 2025, 11)
    with pytest.raises(ApplicationError) as refused:
        period_reopen_request(cooperative=cooperative, actor=manager, period_id=october.pk, reason="Koreksi")
    assert refused.value.code == "period_order"
    close_year(cooperative, manager)
    with pytest.raises(ApplicationError) as refused:
        period_reopen_request(cooperative=cooperative, actor=manager, period_id=november.pk, reason="Koreksi")
    assert refused.value.code == "period_order" and "tahun" in refused.value.message


def test_a_period_locked_by_the_rat_is_not_reopened(year_2025, manager, supervisor):
    year = close_year(year_2025, manager)
    request = period_reopen_request(cooperative=year_2025, actor=manager, period_id=year.pk, reason="Koreksi")
    Period.objects.filter(pk=year.pk).update(locked_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))  # the RAT pack
    with pytest.raises(ApplicationError) as refused:
        period_reopen_approve(cooperative=year_2025, actor=supervisor, request_id=request.pk)
    assert refused.value.code == "period_locked"
    with pytest.raises(ApplicationError):
        period_reopen_request(cooperative=year_2025, actor=supervisor, period_id=year.pk, reason="Lagi")


def test_another_cooperatives_period_is_not_found(cooperative, manager):
    from simpul.coops.tests.factories import CooperativeFactory
    from simpul.core.exceptions import NotFoundError
    from simpul.ledger.services import chart_of_accounts_create

    other = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=other)
    other_manager = person_with_role(RoleKind.MANAGER, other)
    sale(other, other_manager, "1000", dt.date(2025, 3, 10))
    march = close_month(other, other_manager, 2025, 3)
    with pytest.raises(NotFoundError):
        period_reopen_request(cooperative=cooperative, actor=manager, period_id=march.pk, reason="Koreksi")
