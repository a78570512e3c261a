"""Reads of the books: the trial balance (neraca saldo) and the statement of financial position (neraca).

Every report sums in the database, grouped by account: whole months from the month totals, the days of a month
the range cuts from the journal lines (reports/common.py), a few queries whatever the number of accounts or lines.
The other reports live in simpul/ledger/reports/, one module each.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from simpul.coops.models import Cooperative
from simpul.ledger import chart
from simpul.ledger.models import Account, AccountKind, NormalBalance
from simpul.ledger.reports.common import (
    ZERO,
    AccountSums,
    Sides,
    Span,
    account_sums,
    accounts_in_order,
    before,
    fiscal_year_start,
    in_range,
    sides,
    without_closing,
)

# Kept under their old names for callers of this module.
_accounts_in_order = accounts_in_order


@dataclass(frozen=True)
class TrialBalanceRow:
    account: Account
    depth: int
    opening: Decimal  # debit minus credit before the start
    debit: Decimal  # within the range
    credit: Decimal
    closing: Decimal  # debit minus credit at the end

    @property
    def closing_debit(self) -> Decimal:
        return self.closing if self.closing > 0 else ZERO

    @property
    def closing_credit(self) -> Decimal:
        return -self.closing if self.closing < 0 else ZERO

    @property
    def balance(self) -> Decimal:
        """The closing balance on the account's normal side (positive when the account holds what it should)."""
        return self.closing if self.account.normal_balance == NormalBalance.DEBIT else -self.closing


@dataclass(frozen=True)
class TrialBalance:
    start: dt.date
    end: dt.date
    rows: list[TrialBalanceRow]
    total_debit: Decimal  # postings within the range
    total_credit: Decimal
    total_closing_debit: Decimal
    total_closing_credit: Decimal

    @property
    def is_balanced(self) -> bool:
        return self.total_debit == self.total_credit and self.total_closing_debit == self.total_closing_credit


def build_trial_balance(
    ordered: list[tuple[Account, int]], sums: AccountSums, *, start: dt.date, end: dt.date, opening: str, within: str
) -> TrialBalance:
    """A trial balance from bucketed sums: `opening` names the bucket before the start, `within` the range."""
    rows = []
    for account, depth in ordered:
        opening_net = sides(sums, account.pk, opening).net
        moved = sides(sums, account.pk, within)
        rows.append(TrialBalanceRow(account, depth, opening_net, moved.debit, moved.credit, opening_net + moved.net))
    return TrialBalance(
        start=start,
        end=end,
        rows=rows,
        total_debit=sum((r.debit for r in rows), ZERO),
        total_credit=sum((r.credit for r in rows), ZERO),
        total_closing_debit=sum((r.closing_debit for r in rows), ZERO),
        total_closing_credit=sum((r.closing_credit for r in rows), ZERO),
    )


def trial_balance(*, cooperative: Cooperative, start: dt.date, end: dt.date) -> TrialBalance:
    """Opening balance, postings within [start, end] and closing balance of every account (neraca saldo); a year's
    closing entry is left out of the postings of the range that holds it (reports/trial_balance.py)."""
    within = {"within": in_range(start, end)}
    sums = account_sums(cooperative, buckets={"opening": before(start), **within}, until=end)
    sums = without_closing(cooperative, sums, within)
    return build_trial_balance(
        accounts_in_order(cooperative), sums, start=start, end=end, opening="opening", within="within"
    )


@dataclass(frozen=True)
class BalanceSheetLine:
    account: Account
    depth: int
    amount: Decimal  # in the section's direction: a contra account (accumulated depreciation) is negative


@dataclass
class BalanceSheet:
    as_of: dt.date
    assets: list[BalanceSheetLine] = field(default_factory=list)
    liabilities: list[BalanceSheetLine] = field(default_factory=list)
    # Dana syirkah temporer (a sharia cooperative's mudharabah deposits): between liabilities and equity.
    syirkah: list[BalanceSheetLine] = field(default_factory=list)
    equity: list[BalanceSheetLine] = field(default_factory=list)
    # Revenue minus expenses of the fiscal year holding `as_of` (its closing entry left out): the SHU of the running
    # year. Shown on the SHU Tahun Berjalan account's line when the chart has it (`result_in_line`), else apart.
    current_result: Decimal = ZERO
    result_in_line: bool = False
    # Revenue minus expenses of earlier fiscal years that were never closed (zero once every year is closed: the
    # closing entries moved them to SHU Belum Dibagi).
    earlier_result: Decimal = ZERO

    @property
    def total_assets(self) -> Decimal:
        return sum((line.amount for line in self.assets), ZERO)

    @property
    def total_liabilities(self) -> Decimal:
        return sum((line.amount for line in self.liabilities), ZERO)

    @property
    def total_syirkah(self) -> Decimal:
        return sum((line.amount for line in self.syirkah), ZERO)

    @property
    def result_apart(self) -> Decimal:
        """The running year's result when no account line shows it."""
        return ZERO if self.result_in_line else self.current_result

    @property
    def total_equity(self) -> Decimal:
        return sum((line.amount for line in self.equity), ZERO) + self.result_apart + self.earlier_result

    @property
    def total_liabilities_and_equity(self) -> Decimal:
        return self.total_liabilities + self.total_syirkah + self.total_equity

    @property
    def is_balanced(self) -> bool:
        return self.total_assets == self.total_liabilities_and_equity


def build_balance_sheet(
    ordered: list[tuple[Account, int]],
    nets: dict[int, Sides],
    as_of: dt.date,
    earlier: dict[int, Sides] | None = None,
) -> BalanceSheet:
    """A balance sheet from each account's debits and credits up to `as_of` (the year's closing entry left out);
    `earlier` holds them up to the day before the fiscal year holding `as_of` starts, which splits the revenue
    and expenses between the running year's result and earlier years never closed."""
    sheet = BalanceSheet(as_of=as_of)
    result = earlier_result = ZERO
    shu_line: int | None = None
    for account, depth in ordered:
        found = nets.get(account.pk)
        net = found.net if found is not None else ZERO  # debit minus credit
        if account.kind == AccountKind.ASSET:
            sheet.assets.append(BalanceSheetLine(account, depth, net))
        elif account.kind == AccountKind.LIABILITY:
            sheet.liabilities.append(BalanceSheetLine(account, depth, -net))
        elif account.kind == AccountKind.TEMPORARY_SYIRKAH:
            sheet.syirkah.append(BalanceSheetLine(account, depth, -net))
        elif account.kind == AccountKind.EQUITY:
            if account.code == chart.CURRENT_YEAR_SHU:
                shu_line = len(sheet.equity)
            sheet.equity.append(BalanceSheetLine(account, depth, -net))
        else:  # revenue (credit) and expenses (debit) together make the result
            before_year = (earlier or {}).get(account.pk)
            earlier_net = before_year.net if before_year is not None else ZERO
            earlier_result -= earlier_net
            result -= net - earlier_net
    sheet.current_result = result
    sheet.earlier_result = earlier_result
    if shu_line is not None:  # SHU Tahun Berjalan shows the running year's result
        line = sheet.equity[shu_line]
        sheet.equity[shu_line] = BalanceSheetLine(line.account, line.depth, line.amount + result)
        sheet.result_in_line = True
    return sheet


def balance_sheet_sums(cooperative: Cooperative, ends: dict[str, dt.date]) -> AccountSums:
    """Each account's sums up to each day (`{name: day}`), the closing entry of the fiscal year holding that day left
    out, and up to the day before that fiscal year starts (`<name>_earlier`): one sums query, one for closings."""
    start_month = cooperative.fiscal_year_start_month
    buckets: dict[str, Span] = {}
    skip: dict[str, Span] = {}
    for name, day in ends.items():
        year_start = fiscal_year_start(day, start_month)
        buckets[name] = Span(end=day)
        buckets[f"{name}_earlier"] = before(year_start)
        skip[name] = Span(year_start, day)
    sums = account_sums(cooperative, buckets=buckets, until=max(ends.values()))
    return without_closing(cooperative, sums, skip)


def balance_sheet(*, cooperative: Cooperative, as_of: dt.date) -> BalanceSheet:
    """The statement of financial position (neraca) at the end of `as_of`."""
    sums = balance_sheet_sums(cooperative, {"all": as_of})
    nets = {account_id: buckets["all"] for account_id, buckets in sums.items()}
    earlier = {account_id: buckets["all_earlier"] for account_id, buckets in sums.items() if "all_earlier" in buckets}
    return build_balance_sheet(accounts_in_order(cooperative), nets, as_of, earlier)
