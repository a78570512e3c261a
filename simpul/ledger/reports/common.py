"""What every report shares: sums of journal lines in the database, grouped by account and cut into date buckets
in one query, and the chart walked as a tree.

A report never loops over accounts with a query each: it reads the chart once and the sums once (conditional
aggregates, one FILTER per bucket), whatever the number of accounts or lines.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round

from simpul.coops.models import Cooperative
from simpul.core.money import CENT
from simpul.ledger.models import Account, JournalLine

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


EMPTY = Sides()
AccountSums = dict[int, dict[str, Sides]]


def _annotations(buckets: Mapping[str, Q | None]) -> dict[str, Any]:
    annotations: dict[str, Any] = {}
    for name, condition in buckets.items():
        annotations[f"{name}__d"] = sum_of("debit", condition)
        annotations[f"{name}__c"] = sum_of("credit", condition)
    return annotations


def _sides(row: Mapping[str, Any], buckets: Iterable[str]) -> dict[str, Sides]:
    return {name: Sides(money(row[f"{name}__d"]), money(row[f"{name}__c"])) for name in buckets}


def account_sums(
    cooperative: Cooperative,
    *,
    buckets: Mapping[str, Q | None],
    until: dt.date,
    since: dt.date | None = None,
    account_ids: Iterable[int] | None = None,
    entry_ids: Any = None,
) -> AccountSums:
    """{account id: {bucket: Sides}} for lines dated up to `until` (and from `since`): one query. A bucket whose
    condition is None takes every line the query reads (no FILTER clause)."""
    lines = JournalLine.objects.filter(cooperative=cooperative, date__lte=until)
    if since is not None:
        lines = lines.filter(date__gte=since)
    if account_ids is not None:
        lines = lines.filter(account_id__in=list(account_ids))
    if entry_ids is not None:  # a subquery of entry ids: only the lines of those entries
        lines = lines.filter(entry_id__in=entry_ids)
    rows = lines.values("account_id").annotate(**_annotations(buckets)).order_by()
    return {row["account_id"]: _sides(row, buckets) for row in rows}


def total_sums(
    cooperative: Cooperative,
    *,
    buckets: Mapping[str, Q | None],
    until: dt.date,
    since: dt.date | None = None,
    account_ids: Iterable[int] | None = None,
) -> dict[str, Sides]:
    """The same sums over a set of accounts (or all) taken together: one row, one query."""
    lines = JournalLine.objects.filter(cooperative=cooperative, date__lte=until)
    if since is not None:
        lines = lines.filter(date__gte=since)
    if account_ids is not None:
        lines = lines.filter(account_id__in=list(account_ids))
    return _sides(lines.aggregate(**_annotations(buckets)), buckets)


def sides(sums: AccountSums, account_id: int, bucket: str) -> Sides:
    return sums.get(account_id, {}).get(bucket, EMPTY)


def in_range(start: dt.date, end: dt.date) -> Q:
    return Q(date__gte=start, date__lte=end)


def before(day: dt.date) -> Q:
    return Q(date__lt=day)


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
