"""A cooperative's year by hand (issue 10 §6): every statement checked to the rupiah against figures worked out
on paper and written here, on the page, in the Excel workbook and in the API.

Koperasi (KSU, fiscal year = calendar year) moving from paper books on 31 December 2024:

  Opening balances 31-12-2024   Kas 5,000,000  Bank 10,000,000  Persediaan 3,000,000  Aset tetap 12,000,000
                                Akum. penyusutan 2,000,000  Utang usaha 1,000,000  Cadangan 20,000,000
                                Hibah 7,000,000                               (assets 28,000,000 = L + E)
  FY2025
   15-01  A and B pay simpanan pokok 100,000 each (savings module, cash)
   10-02  A pays wajib 50,000 (two months), B 25,000
   05-03  A deposits sukarela 200,000;  20-04 A withdraws 50,000
   10-05  cash sale to members 1,000,000 with its cost 700,000 (one entry: HPP anggota against stock)
   15-06  sale to non-members through the bank 300,000; its cost 200,000 in an entry of its own (no cash)
   01-07  stock bought on credit 500,000;  01-08 supplier paid 700,000 from the bank
   30-09  electricity 150,000 cash;  10-10 an expense of 80,000 posted by mistake, reversed on 12-10
   15-11  a freezer 1,000,000 from the bank;  20-12 other income 30,000 cash;  31-12 depreciation 200,000
   FY2025 closed: revenue 1,330,000 − HPP 900,000 − expenses 350,000 = SHU 80,000 → SHU belum dibagi
  2026
   10-01  A pays wajib 25,000;  05-02 cash sale to members 400,000 with its cost 250,000;  01-03 expense 50,000
   → the 2026 SHU so far is 100,000; the neraca on 31-03-2026 shows SHU tahun berjalan 100,000 and
     SHU belum dibagi 80,000.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from simpul.coops.models import RoleKind
from simpul.coops.tests.factories import person_with_role
from simpul.ledger import chart
from simpul.ledger.integrity import verify_chain
from simpul.ledger.reports.balance_sheet import comparative_balance_sheet
from simpul.ledger.reports.business_results import business_results
from simpul.ledger.reports.cash_flow import cash_flow
from simpul.ledger.reports.dates import make_period
from simpul.ledger.reports.equity_changes import equity_changes
from simpul.ledger.reports.trial_balance import comparative_trial_balance
from simpul.ledger.services import journal_post, journal_reverse, opening_balances_post, period_close
from simpul.members.models import SavingsKind
from simpul.members.savings.services import savings_deposit, savings_products_setup, savings_withdraw
from simpul.members.tests.factories import MemberFactory

D = Decimal
FY2025 = make_period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
Q1_2026 = make_period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
JSON = "application/json"


def _entry(cooperative, actor, day, description, *lines):
    return journal_post(
        cooperative=cooperative,
        actor=actor,
        date=day,
        description=description,
        lines=[(code, D(debit), D(credit)) for code, debit, credit in lines],
    )


@pytest.fixture
def books(cooperative, manager):
    d = dt.date
    opening_balances_post(
        cooperative=cooperative,
        actor=manager,
        as_of=d(2024, 12, 31),
        amounts={
            chart.CASH: D(5000000),
            chart.BANK: D(10000000),
            chart.INVENTORY: D(3000000),
            chart.FIXED_ASSETS: D(12000000),
            chart.ACCUMULATED_DEPRECIATION: D(2000000),
            chart.TRADE_PAYABLES: D(1000000),
            chart.RESERVE: D(20000000),
            chart.GRANTS: D(7000000),
        },
    )
    savings_products_setup(
        cooperative=cooperative, actor=manager, pokok_amount=100000, wajib_amount=25000, effective_from=d(2025, 1, 1)
    )
    a, b = MemberFactory.create(cooperative=cooperative), MemberFactory.create(cooperative=cooperative)

    def save(member, kind, amount, day, withdraw=False):
        move = savings_withdraw if withdraw else savings_deposit
        move(cooperative=cooperative, actor=manager, member_id=member.pk, kind=kind, amount=D(amount), date=day)

    save(a, SavingsKind.POKOK, 100000, d(2025, 1, 15))
    save(b, SavingsKind.POKOK, 100000, d(2025, 1, 15))
    save(a, SavingsKind.WAJIB, 50000, d(2025, 2, 10))
    save(b, SavingsKind.WAJIB, 25000, d(2025, 2, 10))
    save(a, SavingsKind.SUKARELA, 200000, d(2025, 3, 5))
    save(a, SavingsKind.SUKARELA, 50000, d(2025, 4, 20), withdraw=True)
    cash, bank = chart.CASH, chart.BANK
    _entry(
        cooperative, manager, d(2025, 5, 10), "Penjualan tunai kepada anggota",
        (cash, 1000000, 0), (chart.SALES_TO_MEMBERS, 0, 1000000),
        (chart.COST_OF_GOODS_SOLD_MEMBERS, 700000, 0), (chart.INVENTORY, 0, 700000),
    )  # fmt: skip
    _entry(cooperative, manager, d(2025, 6, 15), "Penjualan non-anggota", (bank, 300000, 0),
           (chart.SALES_TO_NON_MEMBERS, 0, 300000))  # fmt: skip
    _entry(cooperative, manager, d(2025, 6, 15), "HPP non-anggota", (chart.COST_OF_GOODS_SOLD_NON_MEMBERS, 200000, 0),
           (chart.INVENTORY, 0, 200000))  # fmt: skip
    _entry(cooperative, manager, d(2025, 7, 1), "Beli stok kredit", (chart.INVENTORY, 500000, 0),
           (chart.TRADE_PAYABLES, 0, 500000))  # fmt: skip
    _entry(cooperative, manager, d(2025, 8, 1), "Bayar pemasok", (chart.TRADE_PAYABLES, 700000, 0), (bank, 0, 700000))
    _entry(cooperative, manager, d(2025, 9, 30), "Listrik", (chart.OPERATING_EXPENSES, 150000, 0), (cash, 0, 150000))
    mistake = _entry(cooperative, manager, d(2025, 10, 10), "Salah catat", (chart.OPERATING_EXPENSES, 80000, 0),
                     (cash, 0, 80000))  # fmt: skip
    journal_reverse(cooperative=cooperative, actor=manager, entry_id=mistake.pk, date=d(2025, 10, 12), reason="Dobel")
    _entry(cooperative, manager, d(2025, 11, 15), "Freezer", (chart.FIXED_ASSETS, 1000000, 0), (bank, 0, 1000000))
    _entry(cooperative, manager, d(2025, 12, 20), "Sewa tempat", (cash, 30000, 0), (chart.OTHER_INCOME, 0, 30000))
    _entry(cooperative, manager, d(2025, 12, 31), "Penyusutan", (chart.OPERATING_EXPENSES, 200000, 0),
           (chart.ACCUMULATED_DEPRECIATION, 0, 200000))  # fmt: skip
    period_close(cooperative=cooperative, actor=manager, start=d(2025, 1, 1), end=d(2025, 12, 31), kind="year")
    save(a, SavingsKind.WAJIB, 25000, d(2026, 1, 10))
    _entry(
        cooperative, manager, d(2026, 2, 5), "Penjualan tunai kepada anggota",
        (cash, 400000, 0), (chart.SALES_TO_MEMBERS, 0, 400000),
        (chart.COST_OF_GOODS_SOLD_MEMBERS, 250000, 0), (chart.INVENTORY, 0, 250000),
    )  # fmt: skip
    _entry(cooperative, manager, d(2026, 3, 1), "Beban", (chart.OPERATING_EXPENSES, 50000, 0), (cash, 0, 50000))
    return cooperative


def _rows(lines) -> dict[str, tuple[Decimal, Decimal]]:
    return {row.account_code: (row.current, row.previous) for row in lines if row.current or row.previous}


def test_the_year_closes_into_shu_belum_dibagi_and_the_books_verify(books):
    assert verify_chain(books).intact


def test_business_results(books):
    report = business_results(cooperative=books, period=FY2025)
    assert report.member_revenue.total.current == D(1000000)
    assert report.non_member_revenue.total.current == D(300000)
    assert report.cost_of_goods_sold.total.current == D(900000)
    costs = {line.account.code: line.amount.current for line in report.cost_of_goods_sold.lines if line.amount.current}
    assert costs == {chart.COST_OF_GOODS_SOLD_MEMBERS: D(700000), chart.COST_OF_GOODS_SOLD_NON_MEMBERS: D(200000)}
    assert report.gross_result.current == D(400000)
    assert report.operating_expenses.total.current == D(350000)  # 150,000 + 200,000; the mistake reversed
    assert report.operating_result.current == D(50000)
    assert report.other_income.total.current == D(30000)
    assert report.shu.current == D(80000) and report.shu.previous == 0
    q1 = business_results(cooperative=books, period=Q1_2026)
    assert q1.shu == make_pair(100000, 0) and q1.member_revenue.total.current == D(400000)


def make_pair(current: int, previous: int):
    from simpul.ledger.reports.common import Pair

    return Pair(D(current), D(previous))


def test_trial_balances(books):
    year = comparative_trial_balance(cooperative=books, period=FY2025).current
    rows = {row.account.code: row for row in year.rows}
    assert year.total_debit == year.total_credit == D(5465000)
    assert rows[chart.SALES_TO_MEMBERS].credit == D(1000000) and rows[chart.CURRENT_YEAR_SHU].credit == 0
    assert rows[chart.CASH].opening == D(5000000) and rows[chart.CASH].closing == D(6305000)
    assert rows[chart.UNDISTRIBUTED_SHU].closing == 0 and year.is_balanced
    q1 = comparative_trial_balance(cooperative=books, period=Q1_2026)
    rows = {row.account.code: row for row in q1.current.rows}
    assert q1.current.total_debit == D(725000)
    assert rows[chart.SALES_TO_MEMBERS].opening == 0 and rows[chart.SALES_TO_MEMBERS].credit == D(400000)
    assert rows[chart.UNDISTRIBUTED_SHU].opening == D(-80000)
    assert rows[chart.CASH].closing == D(6680000)
    assert (q1.previous.start, q1.previous.end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert q1.previous.total_debit == D(475000)  # the savings of Q1 2025 (pokok, wajib, sukarela)


def test_the_neraca_on_31_march_2026_beside_31_march_2025(books):
    report = comparative_balance_sheet(cooperative=books, period=make_period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    now, then = report.current, report.previous
    assert then.as_of == dt.date(2025, 3, 31)
    assert _rows(report.assets) == {
        chart.CASH: (D(6680000), D(5475000)),
        chart.BANK: (D(8600000), D(10000000)),
        chart.INVENTORY: (D(2350000), D(3000000)),
        chart.FIXED_ASSETS: (D(13000000), D(12000000)),
        chart.ACCUMULATED_DEPRECIATION: (D(-2200000), D(-2000000)),
    }
    assert _rows(report.liabilities) == {
        chart.TRADE_PAYABLES: (D(800000), D(1000000)),
        chart.SIMPANAN_SUKARELA: (D(150000), D(200000)),
    }
    assert _rows(report.equity) == {
        chart.SIMPANAN_POKOK: (D(200000), D(200000)),
        chart.SIMPANAN_WAJIB: (D(100000), D(75000)),
        chart.RESERVE: (D(20000000), D(20000000)),
        chart.GRANTS: (D(7000000), D(7000000)),
        chart.CURRENT_YEAR_SHU: (D(100000), 0),  # this year's SHU only
        chart.UNDISTRIBUTED_SHU: (D(80000), 0),  # FY2025's, waiting for the RAT
    }
    assert (now.total_assets, then.total_assets) == (D(28430000), D(28475000))
    assert (now.total_liabilities, now.total_equity) == (D(950000), D(27480000))
    assert now.is_balanced and then.is_balanced and now.earlier_result == 0


def test_the_neraca_at_the_year_end_shows_the_years_shu(books):
    report = comparative_balance_sheet(cooperative=books, period=FY2025)
    equity = _rows(report.equity)
    assert equity[chart.CURRENT_YEAR_SHU] == (D(80000), 0)  # the closing entry is not what the year-end shows
    assert chart.UNDISTRIBUTED_SHU not in equity
    assert report.current.total_assets == D(28305000) and report.current.total_equity == D(27355000)
    assert report.previous.total_assets == D(28000000)  # 31-12-2024: the opening balances


def test_changes_in_equity(books):
    report = equity_changes(cooperative=books, period=FY2025)
    rows = {row.account.code: row for row in report.current.rows if row.account}
    assert (rows[chart.RESERVE].opening, rows[chart.RESERVE].increases) == (D(20000000), 0)
    assert (rows[chart.SIMPANAN_POKOK].opening, rows[chart.SIMPANAN_POKOK].increases) == (0, D(200000))
    assert rows[chart.SIMPANAN_WAJIB].increases == D(75000)
    assert rows[chart.UNDISTRIBUTED_SHU].increases == 0  # the closing is not a change of the year
    assert report.current.shu == D(80000) and report.current.result.closing == D(80000)
    assert report.current.total_opening == D(27000000) and report.current.total_closing == D(27355000)
    # 2024 beside it: the opening entry (31-12-2024) is the opening position, not an addition.
    reserve_2024 = next(row for row in report.previous.rows if row.account and row.account.code == chart.RESERVE)
    assert (reserve_2024.opening, reserve_2024.increases) == (D(20000000), 0)
    assert report.previous.total_increases == 0 and report.previous.total_closing == D(27000000)
    q1 = equity_changes(cooperative=books, period=Q1_2026).current
    rows = {row.account.code: row for row in q1.rows if row.account}
    assert rows[chart.UNDISTRIBUTED_SHU].opening == D(80000) and rows[chart.CURRENT_YEAR_SHU].opening == 0
    assert rows[chart.SIMPANAN_WAJIB].increases == D(25000)
    assert q1.result.opening == 0 and q1.shu == D(100000) and q1.total_closing == D(27480000)


def test_cash_flow(books):
    report = cash_flow(cooperative=books, period=FY2025)
    assert report.opening == make_pair(15000000, 15000000)  # 2024: the opening entry is opening cash, not a flow
    operating = {line.account.code: (line.receipts.current, line.payments.current) for line in report.operating.lines}
    assert operating == {
        chart.TRADE_PAYABLES: (0, D(700000)),
        chart.SALES_TO_MEMBERS: (D(1000000), 0),  # the cost of goods sold in the same entry is no flow
        chart.SALES_TO_NON_MEMBERS: (D(300000), 0),
        chart.OTHER_INCOME: (D(30000), 0),
        chart.OPERATING_EXPENSES: (D(80000), D(230000)),  # the mistake and its reversal
    }
    assert report.operating.net.current == D(480000)
    assert [(line.account.code, line.net.current) for line in report.investing.lines] == [
        (chart.FIXED_ASSETS, D(-1000000))
    ]
    financing = {line.account.code: line.net.current for line in report.financing.lines}
    assert financing == {chart.SIMPANAN_SUKARELA: D(150000), chart.SIMPANAN_POKOK: D(200000),
                         chart.SIMPANAN_WAJIB: D(75000)}  # fmt: skip
    assert report.net_change == make_pair(-95000, 0)
    assert report.closing == make_pair(14905000, 15000000) and report.reconciles
    q1 = cash_flow(cooperative=books, period=Q1_2026)
    assert q1.opening == make_pair(14905000, 15000000)
    assert q1.operating.net == make_pair(350000, 0) and q1.financing.net == make_pair(25000, 475000)
    assert q1.closing == make_pair(15280000, 15475000) and q1.reconciles


# --- the same figures on the page, in Excel and in the API


@pytest.fixture
def reader(client, books):
    client.force_login(person_with_role(RoleKind.SUPERVISOR, books))
    return client


def _page(client, name, coop, **query):
    url = reverse(name, args=[coop.slug]) + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


def _numbers(response) -> set[Decimal]:
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        Decimal(str(cell.value))
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float)
    }


def test_pages_and_workbooks(reader, books):
    q1 = {"dari": "2026-01-01", "sampai": "2026-03-31"}
    sheet = _page(reader, "ledger:balance_sheet", books, per="2026-03-31")
    body = sheet.content.decode().replace("\xa0", "")
    assert "Rp28.430.000" in body and "Rp80.000" in body and "Rp100.000" in body
    assert sheet.context["report"].total_equity == D(27480000)
    numbers = _numbers(_page(reader, "ledger:balance_sheet", books, per="2026-03-31", format="xlsx"))
    assert {D(28430000), D(27480000), D(100000), D(80000), D(28475000)} <= numbers
    results = _page(reader, "ledger:business_results", books, dari="2025-01-01", sampai="2025-12-31")
    assert "Rp80.000" in results.content.decode().replace("\xa0", "")
    numbers = _numbers(
        _page(reader, "ledger:business_results", books, dari="2025-01-01", sampai="2025-12-31", format="xlsx")
    )
    assert {D(1000000), D(300000), D(900000), D(350000), D(80000)} <= numbers
    flow = _numbers(_page(reader, "ledger:cash_flow", books, format="xlsx", **q1))
    assert {D(14905000), D(15280000), D(350000), D(25000)} <= flow
    equity = _numbers(_page(reader, "ledger:equity_changes", books, format="xlsx", **q1))
    assert {D(27480000), D(100000), D(80000)} <= equity
    trial = _numbers(_page(reader, "ledger:trial_balance", books, format="xlsx", **q1))
    assert {D(725000), D(6680000)} <= trial


def test_the_api(reader, books):
    base = f"/api/v1/cooperatives/{books.slug}/reports"
    sheet = reader.get(f"{base}/balance-sheet?end=2026-03-31").json()
    assert sheet["period"]["previous_end"] == "2025-03-31"
    assert D(sheet["total_assets"]["current"]) == D(28430000)
    assert D(sheet["current_result"]["current"]) == D(100000) and D(sheet["earlier_result"]["current"]) == 0
    equity = {row["account_code"]: D(row["current"]) for row in sheet["equity"]}
    assert equity[chart.CURRENT_YEAR_SHU] == D(100000) and equity[chart.UNDISTRIBUTED_SHU] == D(80000)
    results = reader.get(f"{base}/business-results?start=2025-01-01&end=2025-12-31").json()
    assert D(results["shu"]["current"]) == D(80000)
    assert D(results["member_revenue"]["total"]["current"]) == D(1000000)
    assert D(results["non_member_revenue"]["total"]["current"]) == D(300000)
    flow = reader.get(f"{base}/cash-flow?start=2025-01-01&end=2025-12-31").json()
    assert D(flow["opening_cash"]["current"]) == D(15000000) and D(flow["closing_cash"]["current"]) == D(14905000)
    changes = reader.get(f"{base}/equity-changes?start=2025-01-01&end=2025-12-31").json()
    assert D(changes["current"]["total_closing"]) == D(27355000) and D(changes["current"]["shu"]) == D(80000)
    trial = reader.get(f"{base}/trial-balance?start=2026-01-01&end=2026-03-31").json()
    assert D(trial["total_debit"]["current"]) == D(725000) and trial["is_balanced"]
