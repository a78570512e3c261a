"""General ledger (buku besar) of one account: its opening balance, each line of the period with the running
balance, and its closing balance; the previous period's figures beside the totals.

Balances are on the account's normal side (a cash account's debit balance, a savings account's credit balance
are positive). A page of lines starts from the balance carried to it, summed in the database from the lines
before it, so page 200 costs as little as page 1."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPage, LookaheadPaginator
from simpul.ledger.models import Account, JournalLine, NormalBalance
from simpul.ledger.reports.common import Pair, Sides, before, in_range, total_sums
from simpul.ledger.reports.dates import ReportPeriod

LINES_PER_PAGE = 100


@dataclass(frozen=True)
class LedgerLine:
    entry_id: int
    number: int
    date: dt.date
    description: str
    source: str
    debit: Decimal
    credit: Decimal
    balance: Decimal  # after this line, on the account's normal side


@dataclass(frozen=True)
class GeneralLedger:
    account: Account
    period: ReportPeriod
    opening: Pair  # at the start of the period / of the previous period
    debit: Pair  # posted within each period
    credit: Pair
    closing: Pair
    page: LookaheadPage | None  # the page shown; None when every line is read (downloads)
    lines: list[LedgerLine]


def _sign(account: Account) -> int:
    return 1 if account.normal_balance == NormalBalance.DEBIT else -1


def _lines(cooperative: Cooperative, account: Account, period: ReportPeriod) -> QuerySet[JournalLine]:
    return (
        JournalLine.objects.filter(
            cooperative=cooperative, account=account, date__gte=period.start, date__lte=period.end
        )
        .select_related("entry")
        .only("id", "date", "debit", "credit", "entry_id", "entry__number", "entry__description", "entry__source")
        .order_by("date", "entry_id", "id")  # entries are numbered in the order they are created
    )


def _running(lines: list[JournalLine] | Iterator[JournalLine], start: Decimal, sign: int) -> Iterator[LedgerLine]:
    balance = start
    for line in lines:
        balance += sign * (line.debit - line.credit)
        yield LedgerLine(
            line.entry_id,
            line.entry.number,
            line.date,
            line.entry.description,
            line.entry.source,
            line.debit,
            line.credit,
            balance,
        )


def general_ledger(
    *,
    cooperative: Cooperative,
    account: Account,
    period: ReportPeriod,
    page: object = None,
    per_page: int = LINES_PER_PAGE,
    all_lines: bool = False,
) -> GeneralLedger:
    """One page of the account's lines (or all of them with `all_lines`), with opening and closing balances."""
    sign = _sign(account)
    sums = total_sums(
        cooperative,
        buckets={
            "before_previous": before(period.previous_start),
            "previous": in_range(period.previous_start, period.previous_end),
            "current": in_range(period.start, period.end),
        },
        until=period.end,
        account_ids=[account.pk],
    )
    opening_previous = sums["before_previous"]
    opening_current = opening_previous + sums["previous"]
    closing_current = opening_current + sums["current"]
    report_page: LookaheadPage | None = None
    if all_lines:
        lines = list(
            _running(_lines(cooperative, account, period).iterator(chunk_size=2000), sign * opening_current.net, sign)
        )
    else:
        report_page = LookaheadPaginator(_lines(cooperative, account, period), per_page, count_cap=10_000).page(page)
        rows: list[JournalLine] = list(report_page.object_list)
        carried = opening_current
        if rows and report_page.number > 1:
            carried = carried + _before_line(cooperative, account, period, rows[0])
        lines = list(_running(rows, sign * carried.net, sign))
    return GeneralLedger(
        account=account,
        period=period,
        opening=Pair(sign * opening_current.net, sign * opening_previous.net),
        debit=Pair(sums["current"].debit, sums["previous"].debit),
        credit=Pair(sums["current"].credit, sums["previous"].credit),
        closing=Pair(sign * closing_current.net, sign * opening_current.net),
        page=report_page,
        lines=lines,
    )


def _before_line(cooperative: Cooperative, account: Account, period: ReportPeriod, first: JournalLine) -> Sides:
    """The account's lines of the period that come before `first` (the first line of a page), summed."""
    earlier = (
        Q(date__lt=first.date)
        | Q(date=first.date, entry_id__lt=first.entry_id)
        | Q(date=first.date, entry_id=first.entry_id, id__lt=first.pk)
    )
    return total_sums(
        cooperative,
        buckets={"earlier": earlier},
        since=period.start,
        until=period.end,
        account_ids=[account.pk],
    )["earlier"]
