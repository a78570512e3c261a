"""Statement of changes in equity for a period and the same period of the previous year: each equity account's
opening balance, increases, decreases and closing balance, and the period's SHU (revenue minus expenses not yet
closed into an equity account). The closing total equals the neraca's total equity at the end of the period.

The opening balances (the opening entry, when it is dated inside the period) are the opening position, not
increases; a year's closing entry inside the period is left out (the SHU shows as the period's result, not as a
move between SHU accounts), while the closings of earlier years are in the opening position. One sums query, and
one each for the opening and closing entries of the period."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from simpul.coops.models import Cooperative
from simpul.ledger.models import Account, AccountKind
from simpul.ledger.reports.common import (
    ZERO,
    AccountSums,
    Sides,
    account_sums,
    accounts_in_order,
    before,
    entries_sums,
    in_range,
    opening_entry_ids,
    without_closing,
)
from simpul.ledger.reports.dates import ReportPeriod


@dataclass(frozen=True)
class EquityRow:
    account: Account | None  # None: the SHU not yet closed into an equity account
    depth: int
    opening: Decimal
    increases: Decimal
    decreases: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.increases - self.decreases


@dataclass(frozen=True)
class EquityStatement:
    start: dt.date
    end: dt.date
    rows: list[EquityRow]
    result: EquityRow  # opening: SHU of earlier periods not yet closed; the period's SHU as increase or decrease
    shu: Decimal  # the SHU of the period (revenue minus expenses)

    @property
    def all_rows(self) -> list[EquityRow]:
        return [*self.rows, self.result]

    def _total(self, attribute: str) -> Decimal:
        return sum((getattr(row, attribute) for row in self.all_rows), ZERO)

    @property
    def total_opening(self) -> Decimal:
        return self._total("opening")

    @property
    def total_increases(self) -> Decimal:
        return self._total("increases")

    @property
    def total_decreases(self) -> Decimal:
        return self._total("decreases")

    @property
    def total_closing(self) -> Decimal:
        return self._total("closing")


@dataclass(frozen=True)
class EquityChanges:
    period: ReportPeriod
    current: EquityStatement
    previous: EquityStatement


def _statement(
    ordered: list[tuple[Account, int]], sums: AccountSums, start: dt.date, end: dt.date, opening: str, within: str
) -> EquityStatement:
    rows = []
    result_before, result_within = Sides(), Sides()
    for account, depth in ordered:
        found = sums.get(account.pk, {})
        before_start, moved = found.get(opening, Sides()), found.get(within, Sides())
        if account.kind == AccountKind.EQUITY:
            rows.append(EquityRow(account, depth, -before_start.net, moved.credit, moved.debit))
        else:
            result_before, result_within = result_before + before_start, result_within + moved
    shu = -result_within.net
    result = EquityRow(None, 0, -result_before.net, max(shu, ZERO), max(-shu, ZERO))
    return EquityStatement(start, end, rows, result, shu)


def equity_changes(*, cooperative: Cooperative, period: ReportPeriod) -> EquityChanges:
    kinds = (AccountKind.EQUITY, AccountKind.REVENUE, AccountKind.EXPENSE)
    ordered = [(a, d) for a, d in accounts_in_order(cooperative) if a.kind in kinds]
    ids = [a.pk for a, _d in ordered]
    within = {
        "previous": in_range(period.previous_start, period.previous_end),
        "current": in_range(period.start, period.end),
    }
    buckets = {"before_previous": before(period.previous_start), "before_current": before(period.start), **within}
    sums = without_closing(cooperative, account_sums(cooperative, buckets=buckets, until=period.end, account_ids=ids),
                           within, ids)  # fmt: skip
    # The opening entry inside a period is its opening position: moved from the period's changes to its opening.
    opening = entries_sums(cooperative, opening_entry_ids(cooperative, within.values()), within, ids)
    for account_id, found in opening.items():
        mine = sums.setdefault(account_id, {})
        for name, opening_name in (("previous", "before_previous"), ("current", "before_current")):
            moved = found.get(name, Sides())
            mine[name] = mine.get(name, Sides()) - moved
            mine[opening_name] = mine.get(opening_name, Sides()) + moved
    return EquityChanges(
        period=period,
        current=_statement(ordered, sums, period.start, period.end, "before_current", "current"),
        previous=_statement(ordered, sums, period.previous_start, period.previous_end, "before_previous", "previous"),
    )
