"""Each account's debits and credits per calendar month (AccountMonth), so reports need not read every line.

`journal_post` adds each entry to its accounts' months in the same transaction (one upsert, under the sequence
lock it already holds, so two postings never race on a month row). A date range is cut into whole months, read
from here, and the days of a month it cuts, read from the lines (`split`). `mismatches` checks the months
against the lines (manage.py verify_books); `rebuild` recomputes them from the lines (the migration, bulk loads).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from functools import cache

from django.db import connection

from simpul.core import lean_sql
from simpul.ledger.models import AccountMonth, JournalLine

ONE_DAY = dt.timedelta(days=1)
Days = tuple[dt.date | None, dt.date]  # first and last day, both included; None: from the beginning


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def split(start: dt.date | None, end: dt.date) -> tuple[Days | None, list[Days]]:
    """Cut [start, end] into whole months (the first days of the first and last one) and the days left over.

    Together they cover every day of the range exactly once."""
    if start is not None and start > end:
        return None, []
    first = None if start is None else (start if start.day == 1 else next_month(start))
    after_last = next_month(end) if next_month(end) - ONE_DAY == end else month_start(end)
    if first is not None and first >= after_last:
        return None, [(start, end)]  # no whole month inside
    last = month_start(after_last - ONE_DAY)
    edges: list[Days] = []
    if start is not None and first is not None and start < first:
        edges.append((start, first - ONE_DAY))
    if after_last <= end:
        edges.append((after_last, end))
    return (first, last), edges


def entry_write(cooperative_id: int, day: dt.date, lines: Sequence[tuple[int, Decimal, Decimal]]) -> lean_sql.Write:
    """Add one entry's lines (account id, debit, credit) to their accounts' month: one upsert."""
    totals: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for account_id, debit, credit in lines:  # one row per account: an upsert may touch a row only once
        totals[account_id][0] += debit
        totals[account_id][1] += credit
    month = month_start(day)
    params = [value for account_id, (d, c) in totals.items() for value in (cooperative_id, account_id, month, d, c)]
    return lean_sql.Write("months", _upsert_sql(len(totals)), params)


def entries_write(cooperative_id: int, lines: Sequence[tuple[dt.date, int, Decimal, Decimal]]) -> lean_sql.Write:
    """Add many entries' lines (date, account id, debit, credit) to their accounts' months: one upsert of fixed text
    (PostgreSQL; journal_post_many)."""
    totals: dict[tuple[int, dt.date], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for day, account_id, debit, credit in lines:  # one row per account and month: an upsert may touch a row only once
        total = totals[(account_id, month_start(day))]
        total[0] += debit
        total[1] += credit
    keys = list(totals)
    params = [
        [cooperative_id] * len(keys),
        [account_id for account_id, _month in keys],
        [month for _account_id, month in keys],
        [totals[key][0] for key in keys],
        [totals[key][1] for key in keys],
    ]
    return lean_sql.Write("months", _upsert_many_sql(), params)  # type: ignore[arg-type]


@cache
def _upsert_many_sql() -> str:
    table = connection.ops.quote_name(AccountMonth._meta.db_table)
    return (
        f"INSERT INTO {table} (cooperative_id, account_id, month, debit, credit) "  # noqa: S608
        "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::numeric[], %s::numeric[]) "
        "ON CONFLICT (cooperative_id, account_id, month) DO UPDATE SET "
        f"debit = ROUND({table}.debit + excluded.debit, 2), credit = ROUND({table}.credit + excluded.credit, 2)"
    )


@cache
def _upsert_sql(rows: int) -> str:
    table = connection.ops.quote_name(AccountMonth._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * rows)
    # ROUND keeps SQLite's floating-point column on whole cents as it adds; on PostgreSQL it changes nothing.
    return (
        f"INSERT INTO {table} (cooperative_id, account_id, month, debit, credit) VALUES {values} "  # noqa: S608
        "ON CONFLICT (cooperative_id, account_id, month) DO UPDATE SET "
        f"debit = ROUND({table}.debit + excluded.debit, 2), credit = ROUND({table}.credit + excluded.credit, 2)"
    )


def _month_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"date_trunc('month', {column})::date"
    return f"date({column}, 'start of month')"


def _sum(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"SUM({column})"
    return f"ROUND(SUM(ROUND({column} * 100)) / 100.0, 2)"  # whole cents: SQLite's floats would drift


def rebuild(cooperative_id: int | None = None) -> None:
    """Recompute the month totals of one cooperative (or all) from their journal lines."""
    months, lines = AccountMonth._meta.db_table, JournalLine._meta.db_table
    where = "" if cooperative_id is None else "WHERE cooperative_id = %s"
    params = [] if cooperative_id is None else [cooperative_id]
    with lean_sql.cursor() as cursor:
        cursor.execute(f"DELETE FROM {months} {where}", params)  # noqa: S608
        cursor.execute(
            f"INSERT INTO {months} (cooperative_id, account_id, month, debit, credit) "  # noqa: S608
            f"SELECT cooperative_id, account_id, {_month_of('date')}, {_sum('debit')}, {_sum('credit')} "
            f"FROM {lines} {where} GROUP BY cooperative_id, account_id, {_month_of('date')}",
            params,
        )


def mismatches(cooperative_id: int) -> list[tuple[int, dt.date]]:
    """(account id, month) of every month total that differs from the sum of its lines, in month order."""
    from simpul.ledger.reports.common import money, sum_of

    stored = {
        (row.account_id, row.month): (money(row.debit), money(row.credit))
        for row in AccountMonth.objects.filter(cooperative_id=cooperative_id)
    }
    computed: dict[tuple[int, dt.date], tuple[Decimal, Decimal]] = {}
    sums = (
        JournalLine.objects.filter(cooperative_id=cooperative_id)
        .values("account_id", "date")
        .annotate(d=sum_of("debit"), c=sum_of("credit"))
        .order_by()
    )
    for row in sums:
        key = (row["account_id"], month_start(row["date"]))
        debit, credit = computed.get(key, (Decimal(0), Decimal(0)))
        computed[key] = (debit + money(row["d"]), credit + money(row["c"]))
    zero = (money(0), money(0))
    keys = set(stored) | set(computed)
    return sorted(
        (key for key in keys if stored.get(key, zero) != computed.get(key, zero)), key=lambda key: (key[1], key[0])
    )
