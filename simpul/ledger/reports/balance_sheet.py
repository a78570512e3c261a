"""Statement of financial position (neraca) at the end of a period, beside the position at the end of the
previous period (the day before the period starts): one sums query for both dates."""

from dataclasses import dataclass
from decimal import Decimal

from simpul.coops.models import Cooperative
from simpul.ledger.periods_query import ReportPeriod
from simpul.ledger.reports.common import Span, account_sums, accounts_in_order
from simpul.ledger.selectors import BalanceSheet, BalanceSheetLine, build_balance_sheet


@dataclass(frozen=True)
class SheetRow:
    account_code: str
    account_name: str
    depth: int
    current: Decimal
    previous: Decimal


def _rows(current: list[BalanceSheetLine], previous: list[BalanceSheetLine]) -> list[SheetRow]:
    return [
        SheetRow(now.account.code, now.account.name, now.depth, now.amount, then.amount)
        for now, then in zip(current, previous, strict=True)
    ]


@dataclass(frozen=True)
class ComparativeBalanceSheet:
    period: ReportPeriod
    current: BalanceSheet
    previous: BalanceSheet

    @property
    def assets(self) -> list[SheetRow]:
        return _rows(self.current.assets, self.previous.assets)

    @property
    def liabilities(self) -> list[SheetRow]:
        return _rows(self.current.liabilities, self.previous.liabilities)

    @property
    def equity(self) -> list[SheetRow]:
        return _rows(self.current.equity, self.previous.equity)


def comparative_balance_sheet(*, cooperative: Cooperative, period: ReportPeriod) -> ComparativeBalanceSheet:
    sums = account_sums(
        cooperative,
        buckets={"current": Span(end=period.end), "previous": Span(end=period.previous_end)},
        until=period.end,
    )
    ordered = accounts_in_order(cooperative)
    current = build_balance_sheet(ordered, {k: v["current"] for k, v in sums.items()}, period.end)
    previous = build_balance_sheet(ordered, {k: v["previous"] for k, v in sums.items()}, period.previous_end)
    return ComparativeBalanceSheet(period, current, previous)
