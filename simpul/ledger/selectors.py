"""Reads of the books. Every report sums journal lines in the database, grouped by account: two queries, whatever
the number of accounts or lines (the (cooperative, account, date) index covers the sums on PostgreSQL)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import BigIntegerField, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round

from simpul.coops.models import Cooperative
from simpul.core.money import CENT
from simpul.ledger.models import Account, AccountKind, JournalLine, NormalBalance

ZERO = Decimal("0.00")


def _sum(column: str, condition: Q | None = None) -> Coalesce:
    if connection.vendor == "sqlite":
        # SQLite keeps decimals as floating point and SUM() would drift by fractions of a cent: sum whole cents.
        cents = Cast(Round(F(column) * 100), BigIntegerField())
        return Coalesce(Sum(cents, filter=condition), Value(0), output_field=BigIntegerField())
    return Coalesce(
        Sum(column, filter=condition), Value(ZERO), output_field=DecimalField(max_digits=20, decimal_places=2)
    )


def _money(value: int | Decimal) -> Decimal:
    """A sum from `_sum` as Rupiah: SQLite's whole cents or PostgreSQL's exact numeric."""
    if isinstance(value, int):
        return (Decimal(value) / 100).quantize(CENT)
    return Decimal(value).quantize(CENT)


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


def _accounts_in_order(cooperative: Cooperative) -> list[tuple[Account, int]]:
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


def trial_balance(*, cooperative: Cooperative, start: dt.date, end: dt.date) -> TrialBalance:
    """Opening balance, postings within [start, end] and closing balance of every account (neraca saldo)."""
    within = Q(date__gte=start)
    sums = {
        row["account_id"]: row
        for row in JournalLine.objects.filter(cooperative=cooperative, date__lte=end)
        .values("account_id")
        .annotate(
            opening_debit=_sum("debit", ~within),
            opening_credit=_sum("credit", ~within),
            debit=_sum("debit", within),
            credit=_sum("credit", within),
        )
        .order_by()
    }
    rows = []
    for account, depth in _accounts_in_order(cooperative):
        found = sums.get(account.pk)
        opening = _money(found["opening_debit"]) - _money(found["opening_credit"]) if found else ZERO
        debit = _money(found["debit"]) if found else ZERO
        credit = _money(found["credit"]) if found else ZERO
        rows.append(TrialBalanceRow(account, depth, opening, debit, credit, opening + debit - credit))
    return TrialBalance(
        start=start,
        end=end,
        rows=rows,
        total_debit=sum((r.debit for r in rows), ZERO),
        total_credit=sum((r.credit for r in rows), ZERO),
        total_closing_debit=sum((r.closing_debit for r in rows), ZERO),
        total_closing_credit=sum((r.closing_credit for r in rows), ZERO),
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


def balance_sheet(*, cooperative: Cooperative, as_of: dt.date) -> BalanceSheet:
    """The statement of financial position (neraca) at the end of `as_of`."""
    nets = {
        row["account_id"]: _money(row["debit"]) - _money(row["credit"])
        for row in JournalLine.objects.filter(cooperative=cooperative, date__lte=as_of)
        .values("account_id")
        .annotate(debit=_sum("debit"), credit=_sum("credit"))
        .order_by()
    }
    sheet = BalanceSheet(as_of=as_of)
    result = ZERO
    for account, depth in _accounts_in_order(cooperative):
        net = nets.get(account.pk, ZERO)  # debit minus credit
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
