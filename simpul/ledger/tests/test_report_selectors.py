"""The ledger's reports on hand-built books: every figure of 2026 and of 2025 beside it, checked by hand."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from simpul.coops.models import Cooperative
from simpul.core.exceptions import ApplicationError
from simpul.ledger.models import Account
from simpul.ledger.reports.balance_sheet import comparative_balance_sheet
from simpul.ledger.reports.business_results import business_results
from simpul.ledger.reports.cash_flow import cash_flow
from simpul.ledger.reports.common import Pair
from simpul.ledger.reports.dates import make_period, previous_period
from simpul.ledger.reports.equity_changes import equity_changes
from simpul.ledger.reports.general_journal import general_journal_page, general_journal_rows, journal_summary
from simpul.ledger.reports.general_ledger import general_ledger
from simpul.ledger.reports.trial_balance import comparative_trial_balance
from simpul.ledger.services import account_create, journal_post

D = Decimal


def P(current: Decimal | int, previous: Decimal | int) -> Pair:
    return Pair(D(current), D(previous))


YEAR = make_period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


# Members' savings accounts take postings only from the savings module (it passes subledger="savings").
SAVINGS_CONTROLS = {"3101", "3102", "2201"}


def _post(coop: Cooperative, actor, on: dt.date, debit: str, credit: str, amount: str, text: str = "x") -> None:  # type: ignore[no-untyped-def]
    journal_post(
        cooperative=coop,
        actor=actor,
        date=on,
        description=text,
        lines=[(debit, D(amount), D(0)), (credit, D(0), D(amount))],
        subledger="savings" if {debit, credit} & SAVINGS_CONTROLS else "",
    )


@pytest.fixture
def books(cooperative, manager):  # type: ignore[no-untyped-def]
    return build_books(cooperative, manager)


def build_books(cooperative, manager):  # type: ignore[no-untyped-def]
    """2025: pokok paid in, a sale to members, its cost, stock bought for cash.
    2026: a grant, sales to members (one partly on credit) and non-members, a fixed asset, stock on credit and its
    cost, expenses, other income, sukarela in and out, a cash transfer to petty cash; one entry after 2026."""
    account_create(cooperative=cooperative, actor=manager, parent_code="1101", code="1101.01", name="Kas Kecil")
    account_create(cooperative=cooperative, actor=manager, parent_code="4101", code="4101.01", name="Sembako Anggota")
    d = dt.date
    _post(cooperative, manager, d(2025, 3, 1), "1101", "3101", "1000000", "Simpanan pokok")
    _post(cooperative, manager, d(2025, 6, 1), "1101", "4101", "500000", "Penjualan anggota")
    _post(cooperative, manager, d(2025, 7, 1), "5101", "1301", "300000", "HPP")
    _post(cooperative, manager, d(2025, 8, 1), "1301", "1101", "300000", "Beli stok tunai")
    _post(cooperative, manager, d(2026, 1, 10), "1102", "3301", "2000000", "Hibah pemerintah")
    _post(cooperative, manager, d(2026, 2, 1), "1101", "4101", "400000", "Penjualan anggota")
    _post(cooperative, manager, d(2026, 2, 2), "1102", "4102", "250000", "Penjualan non-anggota")
    _post(cooperative, manager, d(2026, 3, 1), "1501", "1102", "1200000", "Beli freezer")
    _post(cooperative, manager, d(2026, 3, 4), "1301", "2101", "200000", "Beli stok kredit")
    _post(cooperative, manager, d(2026, 3, 5), "5101", "1301", "200000", "HPP")
    _post(cooperative, manager, d(2026, 4, 1), "5201", "1101", "150000", "Listrik")
    _post(cooperative, manager, d(2026, 4, 2), "1101", "4901", "75000", "Sewa tempat")
    _post(cooperative, manager, d(2026, 5, 1), "1101", "2201", "300000", "Setoran sukarela")
    _post(cooperative, manager, d(2026, 5, 2), "2201", "1101", "100000", "Tarik sukarela")
    _post(cooperative, manager, d(2026, 6, 1), "1101.01", "1101", "50000", "Isi kas kecil")
    journal_post(
        cooperative=cooperative,
        actor=manager,
        date=d(2026, 6, 15),
        description="Penjualan anggota sebagian kredit",
        lines=[("1101", D(100000), D(0)), ("1201", D(50000), D(0)), ("4101", D(0), D(150000))],
    )
    _post(cooperative, manager, d(2026, 7, 1), "1101", "4101.01", "20000", "Sembako")
    # Posted on its own day: the books refuse an entry dated more than a month ahead of the cooperative's today.
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC)):
        _post(cooperative, manager, d(2027, 1, 5), "1101", "4101", "999", "Tahun depan")
    return cooperative


def test_the_previous_period_is_the_same_period_of_the_previous_year():
    d = dt.date
    assert previous_period(d(2026, 1, 1), d(2026, 12, 31)) == (d(2025, 1, 1), d(2025, 12, 31))
    assert previous_period(d(2026, 1, 1), d(2026, 11, 30)) == (d(2025, 1, 1), d(2025, 11, 30))  # Jan–Nov
    assert previous_period(d(2026, 3, 1), d(2026, 3, 31)) == (d(2025, 3, 1), d(2025, 3, 31))
    assert previous_period(d(2025, 7, 1), d(2026, 6, 30)) == (d(2024, 7, 1), d(2025, 6, 30))
    assert previous_period(d(2026, 3, 11), d(2026, 3, 20)) == (d(2025, 3, 11), d(2025, 3, 20))
    # 29 February: February 2028 beside February 2027, February 2029 beside the whole of February 2028.
    assert previous_period(d(2028, 2, 1), d(2028, 2, 29)) == (d(2027, 2, 1), d(2027, 2, 28))
    assert previous_period(d(2029, 2, 1), d(2029, 2, 28)) == (d(2028, 2, 1), d(2028, 2, 29))
    assert previous_period(d(2028, 2, 29), d(2028, 2, 29)) == (d(2027, 2, 28), d(2027, 2, 28))
    assert previous_period(d(2028, 1, 10), d(2028, 2, 20)) == (d(2027, 1, 10), d(2027, 2, 20))


def test_a_reversed_or_far_away_range_is_refused():
    with pytest.raises(ApplicationError) as refused:
        make_period(dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    assert refused.value.code == "invalid_range"
    with pytest.raises(ApplicationError):
        make_period(dt.date(1, 1, 1), dt.date(2026, 2, 1))


def test_trial_balance_with_the_previous_period(books, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # and one for the year's closing entries
        report = comparative_trial_balance(cooperative=books, period=YEAR)
    rows = {now.account.code: (now, then) for now, then in report.pairs}
    cash, cash_before = rows["1101"]
    assert (cash.opening, cash.debit, cash.credit, cash.closing) == (D(1200000), D(895000), D(300000), D(1795000))
    assert (cash_before.opening, cash_before.debit, cash_before.credit) == (0, D(1500000), D(300000))
    assert cash_before.closing_debit == D(1200000)
    assert rows["4101.01"][0].closing_credit == D(20000) and rows["4101.01"][0].depth == 1
    assert rows["4101"][0].closing_credit == D(500000 + 400000 + 150000)  # 2027 is not counted
    assert report.current.total_debit == report.current.total_credit == D(5095000)
    assert report.previous.total_debit == report.previous.total_credit == D(2100000)
    assert report.current.is_balanced and report.previous.is_balanced


def test_balance_sheet_at_the_end_and_at_the_end_of_the_previous_period(books, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # and one for the year's closing entries
        report = comparative_balance_sheet(cooperative=books, period=YEAR)
    now, then = report.current, report.previous
    assert (now.as_of, then.as_of) == (dt.date(2026, 12, 31), dt.date(2025, 12, 31))
    assets = {row.account_code: (row.current, row.previous) for row in report.assets}
    assert assets["1101"] == (D(1795000), D(1200000))
    assert assets["1101.01"] == (D(50000), 0) and assets["1102"] == (D(1050000), 0)
    assert assets["1201"] == (D(50000), 0) and assets["1301"] == (0, 0) and assets["1501"] == (D(1200000), 0)
    assert (now.total_assets, then.total_assets) == (D(4145000), D(1200000))
    assert (now.total_liabilities, then.total_liabilities) == (D(400000), 0)
    # SHU Tahun Berjalan is 2026's own result; 2025's, never closed, stands apart as an earlier year's result.
    assert (now.current_result, then.current_result) == (D(545000), D(200000))
    assert (now.earlier_result, then.earlier_result) == (D(200000), 0)
    equity = {row.account_code: (row.current, row.previous) for row in report.equity}
    assert equity["3401"] == (D(545000), D(200000)) and now.result_in_line
    assert (now.total_equity, then.total_equity) == (D(3745000), D(1200000))
    assert now.is_balanced and then.is_balanced


def test_business_results_show_member_and_non_member_revenue_apart(books, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # and one for the year's closing entries
        report = business_results(cooperative=books, period=YEAR)
    members = {line.account.code: line.amount for line in report.member_revenue.lines if line.amount != Pair()}
    assert members == {"4101": P(D(550000), D(500000)), "4101.01": P(D(20000), 0)}
    assert report.member_revenue.total == P(D(570000), D(500000))
    assert [line.account.code for line in report.non_member_revenue.lines] == ["4102"]
    assert report.non_member_revenue.total == P(D(250000), 0)
    assert report.business_revenue == P(D(820000), D(500000))
    assert report.cost_of_goods_sold.total == P(D(200000), D(300000))
    assert report.gross_result == P(D(620000), D(200000))
    assert report.operating_expenses.total == P(D(150000), 0)
    assert report.operating_result == P(D(470000), D(200000))
    assert [line.account.code for line in report.other_income.lines] == ["4901"]
    assert report.other_income.total == P(D(75000), 0)
    assert report.shu == P(D(545000), D(200000))


def test_changes_in_equity_close_at_the_neraca_equity(books, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # and one for the year's closing entries
        report = equity_changes(cooperative=books, period=YEAR)
    rows = {row.account.code: row for row in report.current.rows if row.account}
    pokok, grant = rows["3101"], rows["3301"]
    assert (pokok.opening, pokok.increases, pokok.decreases, pokok.closing) == (D(1000000), 0, 0, D(1000000))
    assert (grant.opening, grant.increases, grant.closing) == (0, D(2000000), D(2000000))
    result = report.current.result
    assert (result.opening, result.increases, result.decreases, result.closing) == (D(200000), D(545000), 0, D(745000))
    assert report.current.shu == D(545000) and report.previous.shu == D(200000)
    assert report.current.total_closing == D(3745000)
    assert report.current.total_opening == report.previous.total_closing == D(1200000)
    previous_pokok = next(row for row in report.previous.rows if row.account and row.account.code == "3101")
    assert (previous_pokok.opening, previous_pokok.increases) == (0, D(1000000))
    sheet = comparative_balance_sheet(cooperative=books, period=YEAR)
    assert report.current.total_closing == sheet.current.total_equity
    assert report.previous.total_closing == sheet.previous.total_equity


def test_a_loss_is_a_decrease_of_equity(cooperative, manager):
    _post(cooperative, manager, dt.date(2026, 2, 1), "5201", "1101", "80000")
    report = equity_changes(cooperative=cooperative, period=YEAR)
    assert (report.current.result.increases, report.current.result.decreases) == (0, D(80000))
    assert report.current.shu == D(-80000) and report.current.total_closing == D(-80000)


def test_cash_flow_direct_method_reconciles(books, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # and one for the year's closing entries
        report = cash_flow(cooperative=books, period=YEAR)
    assert report.opening == P(D(1200000), 0)
    assert report.closing == P(D(2895000), D(1200000))
    operating = {line.account.code: (line.receipts, line.payments) for line in report.operating.lines}
    # The sale partly on credit: only its cash part (100,000 of 150,000) is a receipt; the receivable is no payment.
    assert operating["4101"] == (P(D(500000), D(500000)), P(0, 0)) and "1201" not in operating
    assert operating["4101.01"][0] == P(D(20000), 0) and operating["4102"][0] == P(D(250000), 0)
    assert operating["4901"][0] == P(D(75000), 0)
    assert operating["5201"][1] == P(D(150000), 0)
    assert operating["1301"][1] == P(0, D(300000))  # stock bought for cash in 2025
    assert "5101" not in operating and "2101" not in operating  # no cash moved against them
    assert report.operating.net == P(D(695000), D(200000))
    assert [line.account.code for line in report.investing.lines] == ["1501"]
    assert report.investing.net == P(D(-1200000), 0)
    financing = {line.account.code: line.net for line in report.financing.lines}
    assert financing == {"2201": P(D(200000), 0), "3101": P(0, D(1000000)), "3301": P(D(2000000), 0)}
    assert report.financing.net == P(D(2200000), D(1000000))
    assert report.net_change == P(D(1695000), D(1200000))
    assert report.opening + report.net_change == report.closing
    assert report.reconciles
    sheet = comparative_balance_sheet(cooperative=books, period=YEAR)
    cash_on_sheet = sum(r.current for r in sheet.assets if r.account_code.startswith(("1101", "1102")))
    assert cash_on_sheet == report.closing.current


def test_general_journal_pages_and_rows(books, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        page = general_journal_page(cooperative=books, period=YEAR, page=1, per_page=5)
        numbers = [(entry.date, len(entry.lines.all())) for entry in page.object_list]
    assert len(numbers) == 5 and page.has_next() and numbers[0] == (dt.date(2026, 1, 10), 2)
    last = general_journal_page(cooperative=books, period=YEAR, page=3, per_page=5)
    assert len(last.object_list) == 3 and not last.has_next()
    mixed = last.object_list[1]
    assert [(line.account.code, line.debit, line.credit) for line in mixed.lines.all()] == [
        ("1101", D(100000), 0),
        ("1201", D(50000), 0),
        ("4101", 0, D(150000)),
    ]
    with django_assert_max_num_queries(1):
        rows = list(general_journal_rows(cooperative=books, period=YEAR))
    assert len(rows) == 27 and sum(1 for row in rows if row.first) == 13
    assert sum(row.debit for row in rows) == sum(row.credit for row in rows) == D(5095000)
    summary = journal_summary(cooperative=books, period=YEAR)
    assert summary.entries == (13, 4) and summary.posted == P(D(5095000), D(2100000))


def test_general_ledger_running_balance_across_pages(books, django_assert_max_num_queries):
    cash = Account.objects.get(cooperative=books, code="1101")
    whole = general_ledger(cooperative=books, account=cash, period=YEAR, all_lines=True)
    assert whole.opening == P(D(1200000), 0)
    assert [line.balance for line in whole.lines] == [
        D(v) for v in (1600000, 1450000, 1525000, 1825000, 1725000, 1675000, 1775000, 1795000)
    ]
    assert whole.closing == P(D(1795000), D(1200000))
    assert whole.debit == P(D(895000), D(1500000)) and whole.credit == P(D(300000), D(300000))
    with django_assert_max_num_queries(4):
        second = general_ledger(cooperative=books, account=cash, period=YEAR, page=2, per_page=3)
    assert [line.balance for line in second.lines] == [D(1825000), D(1725000), D(1675000)]
    assert second.page is not None and second.page.has_next()
    savings = Account.objects.get(cooperative=books, code="2201")
    sukarela = general_ledger(cooperative=books, account=savings, period=YEAR, page=1)
    assert [line.balance for line in sukarela.lines] == [D(300000), D(200000)]  # credit-normal: positive
    assert sukarela.closing.current == D(200000)


def test_split_in_proportion_is_exact_with_the_largest_remainders():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from simpul.ledger.reports.cash_flow import split_in_proportion

    assert split_in_proportion(100, [1, 1, 1]) == [34, 33, 33]
    assert split_in_proportion(10, [1, 2]) == [3, 7]  # 3.33 and 6.67: the larger remainder takes the sen

    @settings(deadline=None)  # a busy test machine is no failure
    @given(st.integers(0, 10**12), st.lists(st.integers(1, 10**12), min_size=1, max_size=8))
    def parts_add_up(total, weights):
        total = min(total, sum(weights))
        shares = split_in_proportion(total, weights)
        assert sum(shares) == total and all(0 <= s <= w for s, w in zip(shares, weights, strict=True))

    parts_add_up()


def test_a_multi_line_cash_entry_is_split_over_its_other_side(cooperative, manager):
    journal_post(
        cooperative=cooperative,
        actor=manager,
        date=dt.date(2026, 2, 1),
        description="Tiga penjualan, sebagian kredit",
        lines=[
            ("1101", D(100000), D(0)),
            ("1201", D(50000), D(0)),
            ("4101", D(0), D(50000)),
            ("4102", D(0), D(50000)),
            ("4901", D(0), D(50000)),
        ],
    )
    report = cash_flow(cooperative=cooperative, period=YEAR)
    receipts = {line.account.code: line.receipts.current for line in report.operating.lines}
    assert receipts == {"4101": D("33333.34"), "4102": D("33333.33"), "4901": D("33333.33")}
    assert report.operating.net.current == D(100000) and report.reconciles
