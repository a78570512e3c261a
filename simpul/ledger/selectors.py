"""Reads of the books: the trial balance (neraca saldo) and the statement of financial position (neraca).

Every report sums in the database, grouped by account: whole months from the month totals, the days of a month
the range cuts from the journal lines (reports/common.py), a few queries whatever the number of accounts or lines.
The other reports live in simpul/ledger/reports/, one module each.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from simpul.coops.models import Cooperative
from simpul.ledger.models import Account, AccountKind, NormalBalance
from simpul.ledger.reports.common import (
    ZERO,
    AccountSums,
    Sides,
    account_sums,
    accounts_in_order,
    before,
    in_range,
    sides,
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
    """Opening balance, postings within [start, end] and closing balance of every account (neraca saldo)."""
    sums = account_sums(cooperative, buckets={"opening": before(start), "within": in_range(start, end)}, until=end)
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
    equity: list[BalanceSheetLine] = field(default_factory=list)
    # Revenue minus expenses not yet closed into equity: the SHU of the running year, shown within equity.
    current_result: Decimal = ZERO

    @property
    def total_assets(self) -> Decimal:
        return sum((line.amount for line in self.assets), ZERO)

    @property
    def total_liabilities(self) -> Decimal:
        return sum((line.amount for line in self.liabilities), ZERO)

    @property
    def total_equity(self) -> Decimal:
        return sum((line.amount for line in self.equity), ZERO) + self.current_result

    @property
    def total_liabilities_and_equity(self) -> Decimal:
        return self.total_liabilities + self.total_equity

    @property
    def is_balanced(self) -> bool:
        return self.total_assets == self.total_liabilities_and_equity


def build_balance_sheet(ordered: list[tuple[Account, int]], nets: dict[int, Sides], as_of: dt.date) -> BalanceSheet:
    """A balance sheet from each account's debits and credits up to `as_of`."""
    sheet = BalanceSheet(as_of=as_of)
    result = ZERO
    for account, depth in ordered:
        found = nets.get(account.pk)
        net = found.net if found is not None else ZERO  # debit minus credit
        if account.kind == AccountKind.ASSET:
            sheet.assets.append(BalanceSheetLine(account, depth, net))
        elif account.kind == AccountKind.LIABILITY:
            sheet.liabilities.append(BalanceSheetLine(account, depth, -net))
        elif account.kind == AccountKind.EQUITY:
            sheet.equity.append(BalanceSheetLine(account, depth, -net))
        else:  # revenue (credit) and expenses (debit) together make the running result
            result -= net
    sheet.current_result = result
    return sheet


def balance_sheet(*, cooperative: Cooperative, as_of: dt.date) -> BalanceSheet:
    """The statement of financial position (neraca) at the end of `as_of`."""
    sums = account_sums(cooperative, buckets={"all": None}, until=as_of)
    nets = {account_id: buckets["all"] for account_id, buckets in sums.items()}
    return build_balance_sheet(accounts_in_order(cooperative), nets, as_of)
