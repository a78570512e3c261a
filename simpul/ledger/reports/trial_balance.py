"""Trial balance (neraca saldo) for a period, with the same period of the previous year beside it: one sums query
for both (whole months from the month totals). A year's closing entries are left out of the postings of the range
that holds them (the trial balance of a year shows its revenue and expenses, not the zeros the closing leaves);
the closings of earlier years are in the opening balances, so a year opens with revenue and expenses at zero."""

from dataclasses import dataclass

from simpul.coops.models import Cooperative
from simpul.ledger.reports.common import account_sums, accounts_in_order, before, in_range, without_closing
from simpul.ledger.reports.dates import ReportPeriod
from simpul.ledger.selectors import TrialBalance, TrialBalanceRow, build_trial_balance


@dataclass(frozen=True)
class ComparativeTrialBalance:
    period: ReportPeriod
    current: TrialBalance
    previous: TrialBalance

    @property
    def pairs(self) -> list[tuple[TrialBalanceRow, TrialBalanceRow]]:
        """Each account's row for the period beside its row for the previous period (the same accounts, in order)."""
        return list(zip(self.current.rows, self.previous.rows, strict=True))


def comparative_trial_balance(*, cooperative: Cooperative, period: ReportPeriod) -> ComparativeTrialBalance:
    within = {
        "previous": in_range(period.previous_start, period.previous_end),
        "current": in_range(period.start, period.end),
    }
    buckets = {"before_previous": before(period.previous_start), "before_current": before(period.start), **within}
    sums = without_closing(cooperative, account_sums(cooperative, buckets=buckets, until=period.end), within)
    ordered = accounts_in_order(cooperative)
    previous = build_trial_balance(
        ordered,
        sums,
        start=period.previous_start,
        end=period.previous_end,
        opening="before_previous",
        within="previous",
    )
    current = build_trial_balance(
        ordered, sums, start=period.start, end=period.end, opening="before_current", within="current"
    )
    return ComparativeTrialBalance(period, current, previous)
