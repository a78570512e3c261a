"""Trial balance (neraca saldo) for a period, with the previous period's beside it: one sums query for both."""

from dataclasses import dataclass

from simpul.coops.models import Cooperative
from simpul.ledger.periods_query import ReportPeriod
from simpul.ledger.reports.common import account_sums, accounts_in_order, before, in_range
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
    buckets = {
        "before_previous": before(period.previous_start),
        "previous": in_range(period.previous_start, period.previous_end),
        "current": in_range(period.start, period.end),
    }
    sums = account_sums(cooperative, buckets=buckets, until=period.end)
    # The opening of the period is everything before the previous period plus the previous period itself.
    for by_bucket in sums.values():
        by_bucket["before_current"] = by_bucket["before_previous"] + by_bucket["previous"]
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
