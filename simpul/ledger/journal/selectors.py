"""Reads behind the journal operations: one entry with its lines, entries by date, the periods of a fiscal year."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from simpul.coops.models import Cooperative
from simpul.core.exceptions import NotFoundError
from simpul.core.models import User
from simpul.ledger.models import Account, JournalEntry, JournalLine, Period, PeriodKind


def _not_found(what: str) -> NotFoundError:
    return NotFoundError(what, code="not_found")


def entry_list(cooperative: Cooperative, *, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet:
    """Entries in date order (then number), optionally within [start, end]."""
    entries = JournalEntry.objects.filter(cooperative=cooperative)
    if start is not None:
        entries = entries.filter(date__gte=start)
    if end is not None:
        entries = entries.filter(date__lte=end)
    lines = JournalLine.objects.select_related("account").order_by("id")
    return (
        entries.select_related("cooperative", "posted_by", "reverses")
        .prefetch_related(Prefetch("lines", queryset=lines), "reversals")
        .order_by("date", "number")
    )


def entry_get(cooperative: Cooperative, entry_id: int) -> JournalEntry:
    """One entry of this cooperative with its lines; another cooperative's is the same 404 as a missing one."""
    entry = entry_list(cooperative).filter(pk=entry_id).first()
    if entry is None:
        raise _not_found(_("Journal entry not found."))
    return entry


def entry_reversed_by(entry: JournalEntry) -> JournalEntry | None:
    """The entry that reversed this one (at most one, by constraint)."""
    reversals = list(entry.reversals.all())
    return reversals[0] if reversals else None


def account_get(cooperative: Cooperative, account_id: int) -> Account:
    account = Account.objects.filter(cooperative=cooperative, pk=account_id).select_related("parent").first()
    if account is None:
        raise _not_found(_("Account not found."))
    return account


@dataclass(frozen=True)
class PeriodRow:
    kind: str
    start: dt.date
    end: dt.date
    closed_at: dt.datetime | None
    closed_by: User | None
    closed_with_year: bool  # a month inside a closed year (closing the year closes its open months)
    can_close: bool  # ended and still open

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or self.closed_with_year


@dataclass(frozen=True)
class FiscalYearPeriods:
    start: dt.date
    end: dt.date
    year: PeriodRow
    months: list[PeriodRow]


def fiscal_year_periods(cooperative: Cooperative, *, start: dt.date, today: dt.date) -> FiscalYearPeriods:
    """The twelve months of the fiscal year starting on `start`, and the year itself, with who closed each when."""
    end = start.replace(year=start.year + 1) - dt.timedelta(days=1)
    closed = {
        (p.kind, p.start): p
        for p in Period.objects.filter(
            cooperative=cooperative, closed_at__isnull=False, start__gte=start, start__lte=end
        ).select_related("closed_by")
    }
    year_period = closed.get((PeriodKind.YEAR, start))
    year = PeriodRow(
        kind=PeriodKind.YEAR,
        start=start,
        end=end,
        closed_at=year_period.closed_at if year_period else None,
        closed_by=year_period.closed_by if year_period else None,
        closed_with_year=False,
        can_close=year_period is None and end < today,
    )
    months = []
    month_start = start
    while month_start <= end:
        month_end = month_start.replace(day=calendar.monthrange(month_start.year, month_start.month)[1])
        period = closed.get((PeriodKind.MONTH, month_start))
        months.append(
            PeriodRow(
                kind=PeriodKind.MONTH,
                start=month_start,
                end=month_end,
                closed_at=period.closed_at if period else None,
                closed_by=period.closed_by if period else None,
                closed_with_year=year_period is not None,
                can_close=period is None and year_period is None and month_end < today,
            )
        )
        month_start = month_end + dt.timedelta(days=1)
    return FiscalYearPeriods(start=start, end=end, year=year, months=months)
