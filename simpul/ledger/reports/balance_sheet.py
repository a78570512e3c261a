"""Statement of financial position (neraca) at the end of a period, beside the position on the same day a year
before: one sums query for both dates (and one for the closing entries: each column leaves out the closing of its
own fiscal year, so SHU Tahun Berjalan is that year's result and last year's closed SHU stands as SHU Belum
Dibagi). Dana syirkah temporer stands between liabilities and equity."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from simpul.coops.models import Cooperative
from simpul.ledger.reports.common import accounts_in_order
from simpul.ledger.reports.dates import ReportPeriod
from simpul.ledger.selectors import BalanceSheet, BalanceSheetLine, balance_sheet_sums, build_balance_sheet


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
    def syirkah(self) -> list[SheetRow]:
        return _rows(self.current.syirkah, self.previous.syirkah)

    @property
    def equity(self) -> list[SheetRow]:
        return _rows(self.current.equity, self.previous.equity)


def comparative_balance_sheet(*, cooperative: Cooperative, period: ReportPeriod) -> ComparativeBalanceSheet:
    sums = balance_sheet_sums(cooperative, {"current": period.end, "previous": period.previous_end})
    ordered = accounts_in_order(cooperative)

    def column(name: str, as_of: dt.date) -> BalanceSheet:
        nets = {k: v[name] for k, v in sums.items() if name in v}
        earlier = {k: v[f"{name}_earlier"] for k, v in sums.items() if f"{name}_earlier" in v}
        return build_balance_sheet(ordered, nets, as_of, earlier)

    current, previous = column("current", period.end), column("previous", period.previous_end)
    return ComparativeBalanceSheet(period, current, previous)
