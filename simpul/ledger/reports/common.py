"""What every report shares: sums of journal lines in the database, grouped by account and cut into date buckets
(whole months from the month totals, the days around them from the lines), and the chart walked as a tree.

A report never loops over accounts with a query each: it reads the chart once and the sums once (conditional
aggregates, one FILTER per bucket), whatever the number of accounts or lines.
"""

import datetime as dt
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round

from simpul.coops.models import Cooperative
from simpul.core.money import CENT
from simpul.ledger import month_totals
from simpul.ledger.models import Account, AccountMonth, JournalEntry, JournalLine

ZERO = Decimal("0.00")


def sum_of(column: str, condition: Q | None = None) -> Coalesce:
    """SUM(column) [FILTER (WHERE condition)], never NULL."""
    if connection.vendor == "sqlite":
        # SQLite keeps decimals as floating point and SUM() would drift by fractions of a cent: sum whole cents.
        cents = Cast(Round(F(column) * 100), BigIntegerField())
        return Coalesce(Sum(cents, filter=condition), Value(0), output_field=BigIntegerField())
    return Coalesce(
        Sum(column, filter=condition), Value(ZERO), output_field=DecimalField(max_digits=20, decimal_places=2)
    )


def money(value: int | Decimal | None) -> Decimal:
    """A sum from `sum_of` as Rupiah: SQLite's whole cents or PostgreSQL's exact numeric."""
    if value is None:
        return ZERO
    if isinstance(value, int):
        return (Decimal(value) / 100).quantize(CENT)
    return Decimal(value).quantize(CENT)


@dataclass(frozen=True)
class Sides:
    """Debits and credits of one account (or of all) within one bucket."""

    debit: Decimal = ZERO
    credit: Decimal = ZERO

    @property
    def net(self) -> Decimal:
        """Debit minus credit."""
        return self.debit - self.credit

    def __add__(self, other: "Sides") -> "Sides":
        return Sides(self.debit + other.debit, self.credit + other.credit)

    def __sub__(self, other: "Sides") -> "Sides":
        return Sides(self.debit - other.debit, self.credit - other.credit)


EMPTY = Sides()
AccountSums = dict[int, dict[str, Sides]]


@dataclass(frozen=True)
class Span:
    """The lines dated from `start` to `end`, both included; None leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def clipped(self, since: dt.date | None, until: dt.date) -> "Span":
        start = self.start if since is None or (self.start is not None and self.start > since) else since
        return Span(start, until if self.end is None or self.end > until else self.end)

    def q(self, field: str = "date") -> Q:
        bounds = {f"{field}__gte": self.start, f"{field}__lte": self.end}
        return Q(**{key: value for key, value in bounds.items() if value is not None})


# A bucket of a report: a Span (read from the month totals wherever whole months allow), any other condition
# on the lines (a Q), or None for every line the query reads.
Bucket = Span | Q | None


def _annotations(buckets: Mapping[str, Q | None]) -> dict[str, Any]:
    annotations: dict[str, Any] = {}
    for name, condition in buckets.items():
        annotations[f"{name}__d"] = sum_of("debit", condition)
        annotations[f"{name}__c"] = sum_of("credit", condition)
    return annotations


def _sides(row: Mapping[str, Any], buckets: Iterable[str]) -> dict[str, Sides]:
    return {name: Sides(money(row[f"{name}__d"]), money(row[f"{name}__c"])) for name in buckets}


def _grouped(rows: QuerySet[Any], buckets: Mapping[str, Q | None]) -> AccountSums:
    rows = rows.values("account_id").annotate(**_annotations(buckets)).order_by()
    return {row["account_id"]: _sides(row, buckets) for row in rows}


def _add(into: AccountSums, more: AccountSums) -> AccountSums:
    for account_id, buckets in more.items():
        mine = into.setdefault(account_id, {})
        for name, found in buckets.items():
            mine[name] = mine.get(name, EMPTY) + found
    return into


def _any_of(conditions: Iterable[Q]) -> Q:
    return reduce(operator.or_, conditions)


def _by_months(cooperative: Cooperative, spans: Mapping[str, Span], account_ids: list[int] | None) -> AccountSums:
    """The month totals for the whole months of each span, plus the lines of the days around them: two queries."""
    month_buckets: dict[str, Q | None] = {}
    edge_buckets: dict[str, Q | None] = {}
    for name, span in spans.items():
        if span.end is None:
            continue
        months, edges = month_totals.split(span.start, span.end)
        if months is not None:
            month_buckets[name] = Span(*months).q("month")
        if edges:
            edge_buckets[name] = _any_of(Span(*edge).q() for edge in edges)
    sums: AccountSums = {}
    if month_buckets:
        rows = AccountMonth.objects.filter(Q(cooperative=cooperative) & _any_of(c for c in month_buckets.values() if c))
        if account_ids is not None:
            rows = rows.filter(account_id__in=account_ids)
        _add(sums, _grouped(rows, month_buckets))
    if edge_buckets:
        # Only the edge days are read: the OR of the buckets' conditions keeps the (cooperative, date) index in use.
        lines = JournalLine.objects.filter(Q(cooperative=cooperative) & _any_of(c for c in edge_buckets.values() if c))
        if account_ids is not None:
            lines = lines.filter(account_id__in=account_ids)
        _add(sums, _grouped(lines, edge_buckets))
    return sums


def account_sums(
    cooperative: Cooperative,
    *,
    buckets: Mapping[str, Bucket],
    until: dt.date,
    since: dt.date | None = None,
    account_ids: Iterable[int] | None = None,
    entry_ids: Any = None,
) -> AccountSums:
    """{account id: {bucket: Sides}} for lines dated up to `until` (and from `since`).

    When every bucket is a date span (or None), whole months come from the month totals and only the days around
    them from the lines: two queries reading a few rows per account and month. Otherwise (a Q bucket, or only the
    lines of some entries) one query over the lines."""
    ids = list(account_ids) if account_ids is not None else None
    if entry_ids is None and all(not isinstance(bucket, Q) for bucket in buckets.values()):
        spans = {name: (bucket or Span()).clipped(since, until) for name, bucket in buckets.items()}  # type: ignore[union-attr]
        sums = _by_months(cooperative, spans, ids)
        for found in sums.values():  # an account may have moved in some buckets only
            for name in buckets:
                found.setdefault(name, EMPTY)
        return sums
    lines = JournalLine.objects.filter(cooperative=cooperative, date__lte=until)
    if since is not None:
        lines = lines.filter(date__gte=since)
    if ids is not None:
        lines = lines.filter(account_id__in=ids)
    if entry_ids is not None:  # a subquery of entry ids: only the lines of those entries
        lines = lines.filter(entry_id__in=entry_ids)
    return _grouped(lines, {name: b.q() if isinstance(b, Span) else b for name, b in buckets.items()})


def total_sums(
    cooperative: Cooperative,
    *,
    buckets: Mapping[str, Bucket],
    until: dt.date,
    since: dt.date | None = None,
    account_ids: Iterable[int] | None = None,
) -> dict[str, Sides]:
    """The same sums over a set of accounts (or all) taken together."""
    totals = dict.fromkeys(buckets, EMPTY)
    for found in account_sums(cooperative, buckets=buckets, until=until, since=since, account_ids=account_ids).values():
        for name, amount in found.items():
            totals[name] = totals[name] + amount
    return totals


def sides(sums: AccountSums, account_id: int, bucket: str) -> Sides:
    return sums.get(account_id, {}).get(bucket, EMPTY)


def in_range(start: dt.date, end: dt.date) -> Span:
    return Span(start, end)


def before(day: dt.date) -> Span:
    return Span(None, day - dt.timedelta(days=1))


def accounts_in_order(cooperative: Cooperative) -> list[tuple[Account, int]]:
    """Accounts as a tree walked in code order: each parent, then its sub-accounts, with their depth."""
    accounts = list(Account.objects.filter(cooperative=cooperative).order_by("code"))
    children: dict[int | None, list[Account]] = {}
    for account in accounts:
        children.setdefault(account.parent_id, []).append(account)
    ordered: list[tuple[Account, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for account in children.get(parent_id, []):
            ordered.append((account, depth))
            walk(account.pk, depth + 1)

    walk(None, 0)
    return ordered


def root_codes(ordered: list[tuple[Account, int]]) -> dict[int, str]:
    """{account id: code of its top-level account}: a sub-account is classified like the account it hangs under."""
    by_id = {account.pk: account for account, _depth in ordered}
    roots: dict[int, str] = {}
    for account, _depth in ordered:  # parents come before their children
        parent = by_id.get(account.parent_id) if account.parent_id else None
        roots[account.pk] = roots.get(parent.pk, parent.code) if parent is not None else account.code
    return roots


@dataclass(frozen=True)
class Pair:
    """An amount for the period and for the previous period beside it."""

    current: Decimal = ZERO
    previous: Decimal = ZERO

    def __add__(self, other: "Pair") -> "Pair":
        return Pair(self.current + other.current, self.previous + other.previous)

    def __sub__(self, other: "Pair") -> "Pair":
        return Pair(self.current - other.current, self.previous - other.previous)

    def __neg__(self) -> "Pair":
        return Pair(-self.current, -self.previous)


PAIR_ZERO = Pair()


def pair_sum(pairs: Iterable[Pair]) -> Pair:
    return sum(pairs, PAIR_ZERO)


# --- entries a statement reads apart: the year's closing entries and the opening balances

CLOSING_SOURCE = "closing"  # services/year_end.py
OPENING_SOURCE = "opening"  # services/opening.py


def fiscal_year_start(day: dt.date, start_month: int) -> dt.date:
    year = day.year if day.month >= start_month else day.year - 1
    return dt.date(year, start_month, 1)


def _year_ends(spans: Iterable[Span], start_month: int) -> list[dt.date]:
    """The fiscal years' last days inside the spans (each span bounded on both sides)."""
    ends = set()
    for span in spans:
        assert span.start is not None and span.end is not None
        for year in range(span.start.year - 1, span.end.year + 2):
            end = dt.date(year, start_month, 1) - dt.timedelta(days=1)
            if span.start <= end <= span.end:
                ends.add(end)
    return sorted(ends)


def closing_entry_ids(cooperative: Cooperative, spans: Iterable[Span]) -> list[int]:
    """The closing entries (and the reversals of closing entries, when a year was reopened) dated in the spans.

    They are dated the last day of a fiscal year, so one indexed read of those days finds them."""
    ends = _year_ends(list(spans), cooperative.fiscal_year_start_month)
    if not ends:
        return []
    return list(
        JournalEntry.objects.filter(cooperative=cooperative, date__in=ends)
        .filter(Q(source=CLOSING_SOURCE) | Q(reverses__source=CLOSING_SOURCE))
        .order_by()
        .values_list("pk", flat=True)
    )


def opening_entry_ids(cooperative: Cooperative, spans: Iterable[Span]) -> list[int]:
    """The opening-balance entries (and their reversals) dated in the spans."""
    spans = list(spans)
    if not spans:
        return []
    return list(
        JournalEntry.objects.filter(cooperative=cooperative)
        .filter(_any_of(span.q() for span in spans))
        .filter(Q(source=OPENING_SOURCE) | Q(reverses__source=OPENING_SOURCE))
        .order_by()
        .values_list("pk", flat=True)
    )


def entries_sums(
    cooperative: Cooperative, entry_ids: list[int], spans: Mapping[str, Span], account_ids: Iterable[int] | None = None
) -> AccountSums:
    """The sums of these entries' lines in each span: one query, none when there are no entries."""
    if not entry_ids or not spans:
        return {}
    lines = JournalLine.objects.filter(cooperative=cooperative, entry_id__in=entry_ids)
    if account_ids is not None:
        lines = lines.filter(account_id__in=list(account_ids))
    return _grouped(lines, {name: span.q() for name, span in spans.items()})


def without_closing(
    cooperative: Cooperative, sums: AccountSums, spans: Mapping[str, Span], account_ids: Iterable[int] | None = None
) -> AccountSums:
    """Take the year's closing entries out of these buckets (those where they would zero the year's figures)."""
    closing = entries_sums(cooperative, closing_entry_ids(cooperative, spans.values()), spans, account_ids)
    for account_id, buckets in closing.items():
        mine = sums.setdefault(account_id, {})
        for name, found in buckets.items():
            mine[name] = mine.get(name, EMPTY) - found
    return sums
