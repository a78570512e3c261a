"""The home pages' figures from the books (simpul/ledger/figures.py), checked to the rupiah on the worked example of
test_worked_example.py (its paper figures are in that module's docstring), and their query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simpul.coops.tests.factories import CooperativeFactory
from simpul.ledger import chart
from simpul.ledger.figures import books_figures, cash_position, last_postings, monthly_figures, result_so_far
from simpul.ledger.services import chart_of_accounts_create
from simpul.ledger.tests.conftest import post
from simpul.ledger.tests.test_worked_example import books  # noqa: F401 - the worked example's fixture

D = Decimal
pytestmark = pytest.mark.django_db


def test_cash_and_bank_at_the_end_of_a_day(books):  # noqa: F811
    on_31_march_2026 = cash_position(books, dt.date(2026, 3, 31))
    assert [(line.account.code, line.balance) for line in on_31_march_2026.accounts] == [
        (chart.CASH, D(6680000)),
        (chart.BANK, D(8600000)),
        (chart.QRIS_CLEARING, D(0)),  # the mart's QRIS money on its way to the bank is cash too
    ]
    assert on_31_march_2026.total == D(15280000)
    # A day inside a month: the month's days are read from the lines (the sale of 5 February is in, 1 March is not).
    assert cash_position(books, dt.date(2026, 2, 28)).total == D(6730000 + 8600000)
    assert cash_position(books, dt.date(2025, 3, 31)).total == D(5475000 + 10000000)
    assert cash_position(books, dt.date(2024, 12, 30)).total == 0  # before the opening balances


def test_the_result_so_far_beside_the_same_span_a_year_before(books):  # noqa: F811
    march = result_so_far(books, dt.date(2026, 3, 31))
    assert (march.start, march.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert (march.previous_start, march.previous_end) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert (march.current, march.previous, march.change) == (D(100000), 0, D(100000))
    june = result_so_far(books, dt.date(2026, 6, 30))
    # 1 January – 30 June 2025: sales 1,300,000 less their cost 900,000
    assert (june.current, june.previous) == (D(100000), D(400000))
    # The whole of 2025 holds its closing entry (31 December): left out, or the year would show zero.
    december = result_so_far(books, dt.date(2026, 12, 31))
    assert (december.current, december.previous, december.change) == (D(100000), D(80000), D(20000))


def test_savings_and_results_month_by_month(books):  # noqa: F811
    months = monthly_figures(books, dt.date(2026, 3, 31))
    assert [m.month for m in months] == [
        *(dt.date(2025, n, 1) for n in range(4, 13)),
        *(dt.date(2026, n, 1) for n in range(1, 4)),
    ]
    # Brought forward from January–March 2025: pokok 200,000 + wajib 75,000 + sukarela 200,000.
    assert [m.savings for m in months] == [D(425000)] * 9 + [D(450000)] * 3
    assert [m.result for m in months] == [
        0,  # April
        D(300000),  # May: the cash sale less its cost
        D(100000),  # June: the bank sale less its cost
        0,
        0,
        D(-150000),  # September: electricity
        0,  # October: the mistake and its reversal
        0,
        D(-170000),  # December: rent received 30,000, depreciation 200,000; the closing entry left out
        0,
        D(150000),  # February 2026
        D(-50000),  # March 2026
    ]
    assert sum(m.result for m in months[:9]) == D(80000)  # the SHU of 2025 (its first quarter had no result)


def test_the_last_postings_with_their_amounts(books):  # noqa: F811
    entries = last_postings(books)
    assert len(entries) == 5
    numbers = [posting.entry.number for posting in entries]
    assert numbers == sorted(numbers, reverse=True)
    assert (entries[0].entry.description, entries[0].amount) == ("Beban", D(50000))
    assert (entries[1].entry.description, entries[1].amount) == ("Penjualan tunai kepada anggota", D(650000))
    assert entries[2].amount == D(25000)  # A's wajib of 10 January 2026


def test_books_figures_per_cooperative(books):  # noqa: F811
    idle = CooperativeFactory.create()
    chart_of_accounts_create(cooperative=idle)  # a chart, nothing posted: no books yet
    figures = books_figures(cooperative_ids=[books.pk, idle.pk])
    mine = figures[books.pk]
    assert mine["has_books"] is True
    assert mine["assets"] == D(28430000)  # the neraca's total assets on 31 March 2026
    assert mine["last_posted_on"] == dt.date(2026, 3, 1)
    assert mine["last_posted_at"] is not None
    assert idle.pk not in figures or figures[idle.pk]["has_books"] is False


def test_each_figure_reads_a_fixed_number_of_queries(cooperative, manager):
    def read() -> int:
        with CaptureQueriesContext(connection) as queries:
            cash_position(cooperative, dt.date(2026, 3, 20))
            result_so_far(cooperative, dt.date(2026, 3, 20))
            monthly_figures(cooperative, dt.date(2026, 3, 20))
            last_postings(cooperative)
            books_figures(cooperative_ids=[cooperative.pk])
        return len(queries)

    post(cooperative, manager, on=dt.date(2026, 3, 10))
    few = read()
    for month in range(1, 13):
        for day in (3, 17, 28):
            post(cooperative, manager, "250000", on=dt.date(2025, month, day))
            post(cooperative, manager, "1000", on=dt.date(2026, 3, min(day, 19)), debit="5101", credit="1101")
    assert read() == few
