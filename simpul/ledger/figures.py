"""The books' figures on the home pages: cash and bank today, this fiscal year's result so far beside the same span
of the year before, savings and results month by month, the last postings, and per cooperative (network and Dinas
homes) assets, whether it keeps books and when it last posted.

Each figure is one function reading a fixed number of queries, whatever the number of entries: sums come from the
month totals (AccountMonth), and only the days of a month a range cuts from the journal lines (reports.common).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Q, Subquery, Sum

from simpul.coops.models import Cooperative
from simpul.ledger.forms import fiscal_year
from simpul.ledger.models import (
    Account,
    AccountKind,
    AccountMonth,
    JournalEntry,
    JournalLine,
    JournalSequence,
    Subledger,
)
from simpul.ledger.month_totals import month_start, next_month
from simpul.ledger.reports.cash_flow import CASH, effective_classes
from simpul.ledger.reports.common import (
    EMPTY,
    ZERO,
    Span,
    account_sums,
    accounts_in_order,
    closing_entry_ids,
    money,
    sides,
    sum_of,
    without_closing,
)
from simpul.ledger.reports.dates import previous_period

INCOME_STATEMENT = (AccountKind.REVENUE, AccountKind.EXPENSE)
LAST_POSTINGS = 5


# --- cash and bank ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountBalance:
    account: Account
    balance: Decimal


@dataclass(frozen=True)
class CashPosition:
    day: dt.date
    accounts: list[AccountBalance]

    @property
    def total(self) -> Decimal:
        return sum((line.balance for line in self.accounts), ZERO)


def cash_position(cooperative: Cooperative, day: dt.date) -> CashPosition:
    """The balance of every cash and bank account (cash-flow class "cash", a sub-account taking its parent's) at
    the end of `day`: the chart, then the month totals and the days of `day`'s month (three queries)."""
    ordered = accounts_in_order(cooperative)
    classes = effective_classes(ordered)
    cash = [account for account, _depth in ordered if classes[account.pk] == CASH]
    if not cash:
        return CashPosition(day, [])
    sums = account_sums(cooperative, buckets={"balance": Span(None, day)}, until=day, account_ids=[a.pk for a in cash])
    return CashPosition(day, [AccountBalance(a, sides(sums, a.pk, "balance").net) for a in cash])


# --- this fiscal year's result so far -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultSoFar:
    """Revenue less expenses (the SHU before its division) from the fiscal year's first day to `end`, and over the
    same span of the year before."""

    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    current: Decimal
    previous: Decimal

    @property
    def change(self) -> Decimal:
        return self.current - self.previous


def result_so_far(cooperative: Cooperative, day: dt.date) -> ResultSoFar:
    """This fiscal year's result up to `day` against the same span a year before. The year's closing entries are
    left out (they would bring a closed year to zero): the chart, the sums, and the closing entries' lines when a
    fiscal year's last day lies in a span."""
    start, _end = fiscal_year(day, cooperative.fiscal_year_start_month)
    previous_start, previous_end = previous_period(start, day)
    ids = list(Account.objects.filter(cooperative=cooperative, kind__in=INCOME_STATEMENT).values_list("pk", flat=True))
    buckets = {"current": Span(start, day), "previous": Span(previous_start, previous_end)}
    totals = {"current": ZERO, "previous": ZERO}
    if ids:
        sums = account_sums(cooperative, buckets=buckets, since=previous_start, until=day, account_ids=ids)
        sums = without_closing(cooperative, sums, buckets, ids)
        for found in sums.values():
            for name in totals:
                totals[name] -= found.get(name, EMPTY).net  # revenue is a credit: credit less debit
    return ResultSoFar(start, day, previous_start, previous_end, totals["current"], totals["previous"])


# --- month by month -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthFigures:
    month: dt.date  # its first day
    savings: Decimal  # the members' savings at the month's end (the savings control accounts)
    result: Decimal  # revenue less expenses in the month, closing entries left out


def months_back(last: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` calendar months ending with `last`'s month, oldest first."""
    months = [month_start(last)]
    while len(months) < count:
        months.append(month_start(months[-1] - dt.timedelta(days=1)))
    return months[::-1]


def monthly_figures(cooperative: Cooperative, last: dt.date, count: int = 12) -> list[MonthFigures]:
    """Savings at each month's end and each month's result, for the `count` months ending with `last`'s month.

    Read from the month totals only: one query grouped by month (every month before the window too, for the
    savings brought forward), and the lines of the year's closing entries in the window (two small queries)."""
    months = months_back(last, count)
    first, after = months[0], next_month(months[-1])
    accounts = Account.objects.filter(cooperative=cooperative)
    savings = accounts.filter(subledger=Subledger.SAVINGS).values("pk")
    income = accounts.filter(kind__in=INCOME_STATEMENT).values("pk")
    in_savings, in_income = Q(account_id__in=savings), Q(account_id__in=income)
    rows = (
        AccountMonth.objects.filter(cooperative=cooperative, month__lt=after)
        .filter(in_savings | (in_income & Q(month__gte=first)))
        .values("month")
        .annotate(
            savings_debit=sum_of("debit", in_savings),
            savings_credit=sum_of("credit", in_savings),
            income_debit=sum_of("debit", in_income),
            income_credit=sum_of("credit", in_income),
        )
        .order_by("month")
    )
    brought_forward = ZERO
    savings_moves: dict[dt.date, Decimal] = {}
    results: dict[dt.date, Decimal] = {}
    for row in rows:
        moved = money(row["savings_credit"]) - money(row["savings_debit"])
        if row["month"] < first:
            brought_forward += moved
            continue
        savings_moves[row["month"]] = moved
        results[row["month"]] = money(row["income_credit"]) - money(row["income_debit"])
    closing = closing_entry_ids(cooperative, [Span(first, after - dt.timedelta(days=1))])
    if closing:
        lines = (
            JournalLine.objects.filter(cooperative=cooperative, entry_id__in=closing)
            .filter(in_income)
            .values("date")
            .annotate(debit=sum_of("debit"), credit=sum_of("credit"))
            .order_by()
        )
        for line in lines:
            key = month_start(line["date"])
            results[key] = results.get(key, ZERO) - (money(line["credit"]) - money(line["debit"]))
    figures, balance = [], brought_forward
    for month in months:
        balance += savings_moves.get(month, ZERO)
        figures.append(MonthFigures(month, balance, results.get(month, ZERO)))
    return figures


# --- the last postings --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    entry: JournalEntry
    amount: Decimal  # the sum of its debits


def last_postings(cooperative: Cooperative, count: int = LAST_POSTINGS) -> list[Posting]:
    """The latest entries by number (the order they were posted in), each with the sum of its debits. One query."""
    debits = (
        JournalLine.objects.filter(cooperative=cooperative, entry=OuterRef("pk"))
        .order_by()
        .values("entry")
        .annotate(total=Sum("debit"))
        .values("total")
    )
    entries = (
        JournalEntry.objects.filter(cooperative=cooperative)
        .annotate(amount=Subquery(debits))
        .only("pk", "number", "date", "description", "source", "created_at")
        .order_by("-number")[:count]
    )
    return [Posting(entry, Decimal(entry.amount or 0).quantize(ZERO)) for entry in entries]


# --- per cooperative, for the network and Dinas homes --------------------------------------------------------------


def books_figures(*, cooperative_ids: Iterable[int] | Any) -> dict[int, dict[str, Any]]:
    """{cooperative id: {"has_books", "last_posted_at", "last_posted_on", "assets"}} for the cooperatives given (a
    list of ids or a query of them). Two queries, whatever the number of cooperatives or entries:

    - the latest entry of each (by number, through the sequence row every posting moves: no scan of the journal);
      a cooperative with no entry yet has no books;
    - total assets (debit less credit of the asset accounts) from the month totals."""
    ids = cooperative_ids if hasattr(cooperative_ids, "query") else list(cooperative_ids)
    figures: dict[int, dict[str, Any]] = {}
    latest = JournalEntry.objects.filter(cooperative_id=OuterRef("cooperative_id"), number=OuterRef("last_number"))
    sequences = (
        JournalSequence.objects.filter(cooperative_id__in=ids, last_number__gt=0)
        .annotate(
            posted_at=Subquery(latest.values("created_at")[:1]),
            posted_on=Subquery(latest.values("date")[:1]),
        )
        .values_list("cooperative_id", "posted_at", "posted_on")
    )
    for cooperative_id, posted_at, posted_on in sequences:
        figures[cooperative_id] = {
            "has_books": True,
            "last_posted_at": posted_at,
            "last_posted_on": posted_on,
            "assets": ZERO,
        }
    assets = (
        AccountMonth.objects.filter(cooperative_id__in=ids)
        .filter(account__kind=AccountKind.ASSET)
        .values("cooperative_id")
        .annotate(debit=sum_of("debit"), credit=sum_of("credit"))
        .order_by()
    )
    for row in assets:
        entry = figures.setdefault(
            row["cooperative_id"],
            {"has_books": False, "last_posted_at": None, "last_posted_on": None, "assets": ZERO},
        )
        entry["assets"] = money(row["debit"]) - money(row["credit"])
    return figures
