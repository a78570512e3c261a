"""General journal (jurnal umum): every entry of a period with its lines, in date and number order.

The page shows one page of entries (two queries: entries, their lines); downloads read every line of the period in
one streamed query. Beside the period: how many entries and how much was posted in the previous period."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from simpul.coops.models import Cooperative
from simpul.coops.selectors.paging import LookaheadPage, LookaheadPaginator
from simpul.ledger.models import Account, JournalEntry, JournalLine
from simpul.ledger.reports.common import Pair, in_range, total_sums
from simpul.ledger.reports.dates import ReportPeriod

ENTRIES_PER_PAGE = 50


@dataclass(frozen=True)
class JournalSummary:
    entries: tuple[int, int]  # (period, previous period)
    posted: Pair  # total debits (= total credits) posted


def journal_summary(*, cooperative: Cooperative, period: ReportPeriod) -> JournalSummary:
    current = in_range(period.start, period.end)
    previous = in_range(period.previous_start, period.previous_end)
    counts = JournalEntry.objects.filter(
        cooperative=cooperative, date__gte=period.previous_start, date__lte=period.end
    ).aggregate(current=Count("id", filter=current.q()), previous=Count("id", filter=previous.q()))
    sums = total_sums(
        cooperative,
        buckets={"current": current, "previous": previous},
        since=period.previous_start,
        until=period.end,
    )
    return JournalSummary(
        entries=(counts["current"] or 0, counts["previous"] or 0),
        posted=Pair(sums["current"].debit, sums["previous"].debit),
    )


def lines_in_period(*, cooperative: Cooperative, period: ReportPeriod, account: Account | None = None) -> int:
    """How many journal lines the period has (of one account, when given): what a download would print."""
    lines = JournalLine.objects.filter(cooperative=cooperative, date__gte=period.start, date__lte=period.end)
    return (lines if account is None else lines.filter(account=account)).count()


def _entries(cooperative: Cooperative, period: ReportPeriod) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(cooperative=cooperative, date__gte=period.start, date__lte=period.end).order_by(
        "date", "number"
    )


def general_journal_page(
    *, cooperative: Cooperative, period: ReportPeriod, page: object, per_page: int = ENTRIES_PER_PAGE
) -> LookaheadPage:
    """One page of the period's entries, each with its lines (and their accounts) loaded: two queries."""
    lines = JournalLine.objects.select_related("account").only(
        "entry_id", "debit", "credit", "account__code", "account__name"
    )
    entries = (
        _entries(cooperative, period)
        .only("id", "number", "date", "description", "source", "reverses_id")
        .prefetch_related(Prefetch("lines", queryset=lines.order_by("id")))
    )
    return LookaheadPaginator(entries, per_page, count_cap=10_000).page(page)


@dataclass(frozen=True)
class JournalRow:
    """One line of the journal, with its entry's details (shown on the entry's first line)."""

    entry_id: int
    number: int
    date: dt.date
    description: str
    source: str
    account_code: str
    account_name: str
    debit: Decimal
    credit: Decimal
    first: bool


def general_journal_rows(*, cooperative: Cooperative, period: ReportPeriod) -> Iterator[JournalRow]:
    """Every line of the period in order, streamed from one query (the whole book for a PDF or a workbook)."""
    lines = (
        JournalLine.objects.filter(cooperative=cooperative, date__gte=period.start, date__lte=period.end)
        .order_by("date", "entry__number", "id")
        .values_list(
            "entry_id",
            "entry__number",
            "date",
            "entry__description",
            "entry__source",
            "account__code",
            "account__name",
            "debit",
            "credit",
        )
    )
    last_entry = None
    for entry_id, number, date, description, source, code, name, debit, credit in lines.iterator(chunk_size=2000):
        yield JournalRow(
            entry_id, number, date, description, source, code, name, debit, credit, first=entry_id != last_entry
        )
        last_entry = entry_id
